import "server-only";
import { GROUP_VISIBILITIES } from "@/lib/annotations/scopes";
import type { DocumentNotes } from "@/lib/exports/document-notes";
import type { NotesFileStream } from "@/lib/exports/notes-file-stream";
import { collectNotes } from "@/server/annotations/list-my-notes";
import { streamThreadsExport, type ExportFileOptions } from "@/server/annotations/stream-notes-export";
import type { Viewer } from "@/server/authz/annotations";
import { loadMembershipFor } from "@/server/authz/groups";

/** Every thread posted to the group or to its instructors: what a group's notes export holds. */
const GROUP_THREADS = (groupId: string) => ({ groupId, visibility: { in: [...GROUP_VISIBILITIES] } });

/**
 * A group's annotations, for its owner and instructors to export in the same formats as personal
 * notes: every thread posted to the group or to its instructors, with its replies and feedback.
 */
export async function listGroupNotes(viewer: Viewer, groupId: string, documentSlug?: string): Promise<DocumentNotes[]> {
  await loadMembershipFor(viewer, groupId, "review");
  return collectNotes(viewer!, GROUP_THREADS(groupId), documentSlug);
}

/** The same, as a streamed file (GET /api/groups/{id}/export/notes); the membership is checked first. */
export async function streamGroupNotes(
  viewer: Viewer,
  groupId: string,
  documentSlug: string | undefined,
  options: ExportFileOptions,
): Promise<NotesFileStream> {
  await loadMembershipFor(viewer, groupId, "review");
  return streamThreadsExport(viewer!, GROUP_THREADS(groupId), documentSlug, options);
}
