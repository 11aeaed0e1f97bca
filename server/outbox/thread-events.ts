import "server-only";
import type { AnnotationChange } from "@/lib/live/protocol";
import { BEFORE_FIELDS, type AnnotationEventInput, type Tx } from "./record-annotation-event";

/**
 * The events for a change to whole threads (a move, a hide or restore): one per root and one per
 * live reply, each with its access fields as they are now — call it inside the transaction before
 * the change, record the events after it. Replies get their own events because who may read them
 * changes with their thread: a reader who gains the thread gains its replies too.
 */
export async function threadEventsBefore(
  tx: Tx,
  rootIds: string[],
  change: { change: AnnotationChange; actorId: string },
): Promise<AnnotationEventInput[]> {
  const rows = await tx.annotation.findMany({
    where: { OR: [{ id: { in: rootIds } }, { parentId: { in: rootIds }, deletedAt: null }] },
    select: { ...BEFORE_FIELDS, documentId: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  // Threads first, then their replies: a reader is told about a thread before its replies.
  const ordered = [...rows.filter((row) => row.parentId === null), ...rows.filter((row) => row.parentId !== null)];
  return ordered.map((row) => ({
    documentId: row.documentId,
    annotationId: row.id,
    change: change.change,
    actorId: change.actorId,
    before: row,
  }));
}
