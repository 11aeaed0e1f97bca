import "server-only";
import type { DeleteReadingResult } from "@/lib/documents/schemas";
import { loadDocumentFor } from "@/server/authz/documents";
import type { Viewer } from "@/server/authz/viewer-access";
import { assertReadingKeepsAssignments } from "./assert-reading-keeps-assignments";
import { db } from "@/server/db/client";
import { countEveryonesNotes } from "./count-everyones-notes";

/**
 * Deletes a reading (its owner only) with its versions and every annotation and reply on it,
 * everyone's: the page's confirmation said how many (./count-everyones-notes.ts). One transaction. Refused while a group has
 * an assignment on it: that would delete the assignment and its grades, which are the group's.
 */
export async function deleteReading(viewer: Viewer, slug: string): Promise<DeleteReadingResult> {
  const { document } = await loadDocumentFor(viewer, slug, "delete");
  return db.$transaction(async (tx) => {
    await assertReadingKeepsAssignments(tx, viewer!.id, document, null);
    const { annotationCount, replyCount } = await countEveryonesNotes(document.id, tx);
    await tx.document.delete({ where: { id: document.id } });
    return { slug, deletedAnnotations: annotationCount, deletedReplies: replyCount };
  });
}
