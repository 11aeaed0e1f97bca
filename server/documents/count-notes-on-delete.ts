import "server-only";
import { db } from "@/server/db/client";
import type { Tx } from "@/server/outbox/record-annotation-event";

export type EveryonesNotes = { annotationCount: number; replyCount: number };

/**
 * What deleting a reading takes with it, as its readers count it: everyone's annotations (those
 * that need a new place too) and, apart, the replies in them. A deleted note kept as a placeholder
 * for its replies is not counted: no one sees it as a note any more. `client`: a transaction's, to
 * count what it is about to delete.
 */
export async function countEveryonesNotes(documentId: string, client: Tx | typeof db = db): Promise<EveryonesNotes> {
  const [annotationCount, replyCount] = await Promise.all([
    client.annotation.count({ where: { documentId, parentId: null, deletedAt: null } }),
    client.annotation.count({ where: { documentId, parentId: { not: null }, deletedAt: null } }),
  ]);
  return { annotationCount, replyCount };
}
