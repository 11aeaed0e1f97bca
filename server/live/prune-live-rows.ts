import "server-only";
import { db } from "@/server/db/client";

/** Events older than this are pruned; a reader away longer gets `reset` and reloads. */
export const EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** Presence rows of instances that died without cleaning up; they stopped counting long before. */
const STALE_PRESENCE_MS = 60 * 60 * 1000;

export async function pruneLiveRows(now = new Date()): Promise<void> {
  await db.annotationEvent.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - EVENT_RETENTION_MS) } } });
  await db.readerPresence.deleteMany({ where: { seenAt: { lt: new Date(now.getTime() - STALE_PRESENCE_MS) } } });
}
