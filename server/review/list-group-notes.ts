import "server-only";
import { GROUP_VISIBILITIES } from "@/lib/annotations/scopes";
import type { DocumentNotes } from "@/lib/exports/document-notes";
import { datedBaseName, groupFileStem } from "@/lib/exports/notes-file";
import type { NotesFileStream } from "@/lib/exports/notes-file-stream";
import { collectNotes } from "@/server/annotations/list-my-notes";
import { streamThreadsExport, type ExportFileOptions } from "@/server/annotations/stream-notes-export";
import { readableAnnotationsWhere, type Viewer } from "@/server/authz/annotations";
import type { ViewerAccess } from "@/server/authz/viewer-access";
import { db, type Prisma } from "@/server/db/client";
import { loadMembershipFor } from "@/server/authz/groups";

/** Every thread posted to the group or to its instructors: what a group's notes export holds. */
const groupThreads =
  (groupId: string) =>
  (access: ViewerAccess): Prisma.AnnotationWhereInput => ({
    AND: [readableAnnotationsWhere(access), { groupId, visibility: { in: [...GROUP_VISIBILITIES] } }],
  });

/**
 * A group's annotations, for its owner and instructors to export in the same formats as personal
 * notes: every thread posted to the group or to its instructors, with its replies and feedback.
 */
export async function listGroupNotes(viewer: Viewer, groupId: string, documentSlug?: string): Promise<DocumentNotes[]> {
  await loadMembershipFor(viewer, groupId, "review");
  return collectNotes(viewer!, groupThreads(groupId), documentSlug);
}

/** The same, as a streamed file (GET /api/groups/{id}/export/notes); the membership is checked first. */
export async function streamGroupNotes(
  viewer: Viewer,
  groupId: string,
  documentSlug: string | undefined,
  options: Omit<ExportFileOptions, "baseName">,
): Promise<NotesFileStream> {
  await loadMembershipFor(viewer, groupId, "review");
  const group = await db.group.findUniqueOrThrow({ where: { id: groupId }, select: { name: true } });
  const baseName = datedBaseName(groupFileStem(group.name, documentSlug), options.exportedAt);
  return streamThreadsExport(viewer!, groupThreads(groupId), documentSlug, { ...options, baseName });
}
