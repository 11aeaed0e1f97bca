import "server-only";
import { DELETED_READING_VISIBILITY } from "@/lib/documents/reading-visibility";
import type { DeleteReadingResult } from "@/lib/documents/schemas";
import { loadDocumentFor } from "@/server/authz/documents";
import type { Viewer } from "@/server/authz/viewer-access";
import { assertReadingKeepsAssignments } from "./assert-reading-keeps-assignments";
import { db } from "@/server/db/client";
import { countNotesOnDelete } from "./count-notes-on-delete";

/**
 * Deletes a reading (its owner only), in one transaction, with the owner's annotations on it and
 * every reply in them. Other people's annotations are theirs, not the owner's to delete: when there
 * are any, the reading is kept as "deleted" (DELETED_READING_VISIBILITY), opening to no one and
 * listed nowhere, and each author keeps theirs in My notes and exports, as on a reading that was
 * unshared; when there are none, it goes with its versions. Refused while a group has an
 * assignment on it: that would delete the assignment and its grades, which are the group's.
 */
export async function deleteReading(viewer: Viewer, slug: string): Promise<DeleteReadingResult> {
  const { document } = await loadDocumentFor(viewer, slug, "delete");
  const ownerId = viewer!.id; // "delete" is its owner's alone
  return db.$transaction(async (tx) => {
    await assertReadingKeepsAssignments(tx, ownerId, document, null);
    const { annotationCount, replyCount, keptAnnotationCount } = await countNotesOnDelete(document.id, ownerId, tx);
    if (keptAnnotationCount === 0) {
      await tx.document.delete({ where: { id: document.id } });
    } else {
      // The owner's threads, with the replies in them (the relation cascades); then nothing of
      // theirs is left on it but replies in others' threads, which stay with those threads.
      await tx.annotation.deleteMany({ where: { documentId: document.id, authorId: ownerId, parentId: null } });
      await tx.readingProgress.deleteMany({ where: { documentId: document.id } });
      await tx.readingSession.deleteMany({ where: { documentId: document.id } });
      await tx.document.update({ where: { id: document.id }, data: { visibility: DELETED_READING_VISIBILITY, groupId: null } });
    }
    return { slug, deletedAnnotations: annotationCount, deletedReplies: replyCount, keptAnnotations: keptAnnotationCount };
  });
}
