import "server-only";
import type { MyAssignmentDto } from "@/lib/assignments/responses";
import type { Viewer } from "@/server/authz/groups";
import { renderMarkdownCached } from "@/server/markdown/render-markdown";
import { listMyAssignments } from "./list-my-assignments";

export type ReadingAssignment = MyAssignmentDto & { instructionsHtml: string };

/**
 * The assignments the reader works on in this reading, for its sidebar: those of the groups they
 * are a student in (the same list and decisions as their "Due" list), opened and not closed; once
 * past due, only while their part is still missing (late work still counts). Instructions come as
 * sanitized HTML, rendered here so the page ships no Markdown parser.
 */
export async function listReadingAssignments(viewer: Viewer, documentId: string, now = new Date()): Promise<ReadingAssignment[]> {
  if (!viewer) return [];
  const mine = await listMyAssignments(viewer, now, { documentId });
  return mine
    .filter((assignment) => !assignment.closedAt)
    .filter((assignment) => new Date(assignment.dueAt) > now || assignment.progress.status !== "done")
    .map((assignment) => ({
      ...assignment,
      instructionsHtml: assignment.instructions ? renderMarkdownCached(assignment.instructions) : "",
    }));
}
