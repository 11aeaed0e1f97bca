import "server-only";
import type { AssignmentDueTime } from "@/lib/assignments/late-hand-in";
import type { MyAssignmentDto } from "@/lib/assignments/responses";
import type { Viewer } from "@/server/authz/groups";
import { renderMarkdownCached } from "@/server/markdown/render-markdown";
import { listMyAssignments } from "./list-my-assignments";

export type ReadingAssignment = MyAssignmentDto & { instructionsHtml: string };

/**
 * The assignments the reader works on in this reading, for its sidebar: those of the groups they
 * are a student in (the same list and decisions as their "Due" list), opened and not closed; once
 * past due, only while their part is still missing (late work still counts). Instructions come as
 * sanitized HTML, rendered here so the page ships no Markdown parser. `dueTimes`: every open one's
 * group and due time, for the editor's warning that rewriting work now hands it in late.
 */
export async function listReadingAssignments(
  viewer: Viewer,
  documentId: string,
  now = new Date(),
): Promise<{ items: ReadingAssignment[]; dueTimes: AssignmentDueTime[] }> {
  if (!viewer) return { items: [], dueTimes: [] };
  const open = (await listMyAssignments(viewer, now, { documentId })).filter((assignment) => !assignment.closedAt);
  const items = open
    .filter((assignment) => new Date(assignment.dueAt) > now || assignment.progress.status !== "done")
    .map((assignment) => ({
      ...assignment,
      instructionsHtml: assignment.instructions ? renderMarkdownCached(assignment.instructions) : "",
    }));
  // Every open one, done or not: rewriting work after its due time hands it in late (the editor says so).
  const dueTimes = open.map(({ group, title, dueAt }) => ({ groupId: group.id, title, dueAt }));
  return { items, dueTimes };
}
