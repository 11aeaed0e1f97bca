import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { db, provider } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";
import { liveMaxStreamsPerUser } from "@/server/limits/limits";

/**
 * Who has a document open, across instances: one ReaderPresence row per open stream. Each
 * instance refreshes its rows' `seenAt` on every heartbeat (one update for all of them); rows of
 * an instance that died stop counting once `seenAt` is older than PRESENCE_TTL_MS.
 */
export const PRESENCE_TTL_MS = 45_000;

// One id per process (kept across Next dev reloads), naming the rows this instance refreshes.
const globalForPresence = globalThis as unknown as { marginaliaInstanceId?: string };
export const INSTANCE_ID = (globalForPresence.marginaliaInstanceId ??= randomUUID());

/** How long a refused stream is asked to wait: about when a tab closed meanwhile has freed its place. */
const STREAM_LIMIT_RETRY_SECONDS = 15;

/**
 * Takes a place for a new stream of `userId`: its presence row, which is also how open streams are
 * counted per user, on every instance (LIVE_MAX_STREAMS_PER_USER). Counting and inserting happen
 * under one lock per user (PostgreSQL; SQLite runs one write transaction at a time), so many
 * streams opened at once cannot all slip under the limit. A stream that closes deletes its row and
 * frees its place at once; an instance that died stops holding places after PRESENCE_TTL_MS.
 */
export async function reservePresence(userId: string, documentId: string, now = new Date()): Promise<string> {
  const max = liveMaxStreamsPerUser();
  const streamId = randomUUID();
  await db.$transaction(async (tx) => {
    if (provider === "postgresql") await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`live-streams:${userId}`}))`;
    const open = await tx.readerPresence.count({ where: { userId, seenAt: { gte: new Date(now.getTime() - PRESENCE_TTL_MS) } } });
    if (open >= max) {
      throw new AppError(
        "RATE_LIMITED",
        `You already follow ${open} live streams (reading pages open with live updates), the most this server allows per person. ` +
          "Close a tab you no longer read; this one connects by itself once a place is free.",
        { retryAfterSeconds: STREAM_LIMIT_RETRY_SECONDS },
      );
    }
    await tx.readerPresence.create({ data: { id: streamId, userId, documentId, instanceId: INSTANCE_ID, seenAt: now } });
  });
  return streamId;
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
