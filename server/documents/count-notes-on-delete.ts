import "server-only";
import { db } from "@/server/db/client";
import type { Tx } from "@/server/outbox/record-annotation-event";

/**
 * What deleting a reading does to the notes on it, as readers count them (threads, those that need
 * a new place too, and apart the replies in them; a deleted note kept as a placeholder for its
 * replies is not counted: no one sees it as a note any more):
 * - `annotationCount`, `replyCount`: what goes, the owner's threads and every reply in them;
 * - `keptAnnotationCount`: the threads other people started there, which stay their authors' (with
 *   their replies) in My notes and exports, while the reading opens to no one (./delete-reading.ts).
 * `client`: a transaction's, to count what it is about to delete.
 */
export type NotesOnDelete = { annotationCount: number; replyCount: number; keptAnnotationCount: number };

export async function countNotesOnDelete(documentId: string, ownerId: string, client: Tx | typeof db = db): Promise<NotesOnDelete> {
  const threads = { documentId, parentId: null, deletedAt: null };
  const [annotationCount, replyCount, keptAnnotationCount] = await Promise.all([
    client.annotation.count({ where: { ...threads, authorId: ownerId } }),
    client.annotation.count({ where: { documentId, deletedAt: null, parent: { authorId: ownerId } } }),
    client.annotation.count({ where: { ...threads, authorId: { not: ownerId } } }),
  ]);
  return { annotationCount, replyCount, keptAnnotationCount };
}
