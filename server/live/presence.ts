import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";

/**
 * Who has a document open, across instances: one ReaderPresence row per open stream. Each
 * instance refreshes its rows' `seenAt` on every heartbeat (one update for all of them); rows of
 * an instance that died stop counting once `seenAt` is older than PRESENCE_TTL_MS.
 */
export const PRESENCE_TTL_MS = 45_000;

// One id per process (kept across Next dev reloads), naming the rows this instance refreshes.
const globalForPresence = globalThis as unknown as { marginaliaInstanceId?: string };
export const INSTANCE_ID = (globalForPresence.marginaliaInstanceId ??= randomUUID());

export async function addPresence(streamId: string, userId: string, documentId: string): Promise<void> {
  await db.readerPresence.create({ data: { id: streamId, userId, documentId, instanceId: INSTANCE_ID } });
}

export async function removePresence(streamId: string): Promise<void> {
  await db.readerPresence.deleteMany({ where: { id: streamId } });
}

export async function refreshPresence(streamIds: string[], now = new Date()): Promise<void> {
  if (streamIds.length === 0) return;
  // In chunks: one instance may hold more open streams than one statement takes parameters.
  await inChunks(streamIds, async (chunk) => [
    await db.readerPresence.updateMany({ where: { id: { in: chunk }, instanceId: INSTANCE_ID }, data: { seenAt: now } }),
  ]);
}

/** Per group: how many distinct people with a fresh presence row on the document are its members. */
export async function countReadersByGroup(documentId: string, now = new Date()): Promise<Map<string, number>> {
  const present = await db.readerPresence.findMany({
    where: { documentId, seenAt: { gte: new Date(now.getTime() - PRESENCE_TTL_MS) } },
    select: { userId: true },
    distinct: ["userId"],
  });
  if (present.length === 0) return new Map();
  const memberships = await inChunks(
    present.map((row) => row.userId),
    (userIds) => db.membership.findMany({ where: { userId: { in: userIds } }, select: { groupId: true, userId: true } }),
  );
  const readers = new Map<string, Set<string>>();
  for (const { groupId, userId } of memberships) {
    const users = readers.get(groupId) ?? new Set<string>();
    users.add(userId);
    readers.set(groupId, users);
  }
  return new Map([...readers].map(([groupId, users]) => [groupId, users.size]));
}
