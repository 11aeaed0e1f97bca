import "server-only";
import { db } from "@/server/db/client";

/**
 * Where a reader's live stream starts: the latest event id of the document, rendered into the
 * reading page so nothing between rendering and connecting is lost. 0 when the document has no
 * events. When old events were pruned (server/live/prune-live-rows.ts), never below the oldest
 * kept id: a cursor under it means "missed pruned events" and would reset the stream.
 */
export async function getLiveCursor(documentId: string): Promise<number> {
  const [latest, oldestKept] = await Promise.all([
    db.annotationEvent.findFirst({ where: { documentId }, orderBy: { id: "desc" }, select: { id: true } }),
    oldestKeptEventId(),
  ]);
  return Math.max(latest?.id ?? 0, oldestKept === null ? 0 : oldestKept - 1);
}

/** The smallest event id still stored (every smaller one was pruned), or null when there are none. */
export async function oldestKeptEventId(): Promise<number | null> {
  const oldest = await db.annotationEvent.findFirst({ orderBy: { id: "asc" }, select: { id: true } });
  return oldest?.id ?? null;
}
