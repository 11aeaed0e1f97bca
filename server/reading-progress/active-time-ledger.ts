import "server-only";
import { BATCH_INTERVAL_MS } from "@/lib/reading-progress/active-time";
import { db, type Database } from "@/server/db/client";

/** How far past the wall clock a batch may count: the slack a session's own total is allowed too. */
export const ACTIVE_TIME_SLACK_MS = 2 * BATCH_INTERVAL_MS;

/**
 * The ledger's row lives in RateLimitBucket, whose housekeeping deletes rows once `resetAt` has
 * passed; the booked moment is stored this far ahead of it, so the row outlives every page view
 * that could still book against it (a tab left open for weeks aside).
 */
const KEPT_FOR_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_TRIES = 20;

/**
 * Books up to `wanted` seconds of active reading for a person and answers how many were booked.
 *
 * One person reads one thing at a time, so their active seconds, over every page view and every
 * reading, are booked one after the other on a single timeline: a page view's seconds start no
 * earlier than the page view itself, and no earlier than the end of what was booked before them,
 * and nothing is booked past the wall clock (plus a minute of slack: two batch intervals). Each page view's
 * own total is already capped by how long it has existed; without this ledger a script holding
 * twelve page views open would be credited twelve times the wall clock, and a student's active
 * minutes reach the gradebook. Two tabs a reader switches between (each counts the minute after
 * its last input) are counted together no faster than the clock, give or take the slack. A batch
 * that arrives late (the network was down) still counts in full: its page view's time is in the
 * past, and nothing else booked it.
 *
 * The booked moment is one timestamp per person, changed by compare-and-set as the write limiter's
 * bucket is, so instances sharing PostgreSQL never book the same second twice.
 */
export async function bookActiveSeconds(
  userId: string,
  wanted: number,
  pageViewStartedAt: Date,
  now: Date,
  database: Database = db,
): Promise<number> {
  if (wanted <= 0) return 0;
  const key = `active-time:${userId}`;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const [stored] = await database.$queryRaw<{ resetAt: Date }[]>`SELECT "resetAt" FROM "RateLimitBucket" WHERE "key" = ${key}`;
    const bookedUntil = stored ? stored.resetAt.getTime() - KEPT_FOR_MS : Number.NEGATIVE_INFINITY;
    const from = Math.max(bookedUntil, pageViewStartedAt.getTime());
    const booked = Math.max(0, Math.min(wanted, Math.floor((now.getTime() + ACTIVE_TIME_SLACK_MS - from) / 1000)));
    if (booked === 0) return 0;
    const resetAt = new Date(from + booked * 1000 + KEPT_FOR_MS);
    const changed = stored
      ? await database.$executeRaw`
          UPDATE "RateLimitBucket" SET "resetAt" = ${resetAt}, "hits" = "hits" + 1
          WHERE "key" = ${key} AND "resetAt" = ${stored.resetAt}`
      : await database.$executeRaw`
          INSERT INTO "RateLimitBucket" ("key", "hits", "resetAt") VALUES (${key}, 1, ${resetAt})
          ON CONFLICT ("key") DO NOTHING`;
    if (changed === 1) return booked;
    // Another batch of this person's booked meanwhile: read the ledger again.
  }
  return 0;
}
