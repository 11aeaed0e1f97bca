import "server-only";
import { AppError } from "@/lib/errors";
import { db, type Database } from "@/server/db/client";
import { readingTextRule, writeRateRule } from "./limits";

export type WriteRateRule = { burst: number; perMinute: number };
export type WriteRateVerdict = { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number };

/** Tries of the compare-and-set before giving up on a very busy key (a user's own writes racing). */
const MAX_TRIES = 20;

/**
 * A token bucket per user, kept as a single timestamp (GCRA, the "generic cell rate algorithm"):
 * the row's `resetAt` is the moment the bucket would be full again. A write at `now` is allowed
 * while that moment is at most `burst - 1` intervals ahead, and pushes it one interval further;
 * a refused write changes nothing. The row lives in RateLimitBucket — the table the sign-in limits
 * use — so the limit holds across restarts and across app instances sharing PostgreSQL, and the
 * same housekeeping (delete rows whose `resetAt` has passed) applies: such a row is a full bucket,
 * exactly like no row. Each write is a compare-and-set on that timestamp, so two instances taking
 * from one bucket at once never both take the last token.
 */
export class WriteRateLimiter {
  constructor(
    private readonly database: Database = db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * `bucket` keeps a kind of write apart from the rest (reading-progress beacons do not use up
   * annotation writes). `writes` is what this one counts for (an import of many annotations takes
   * several tokens at once; never more than the whole bucket, so a burst set low still lets it through).
   */
  async take(userId: string, rule: WriteRateRule = writeRateRule(), bucket = "write", writes = 1): Promise<WriteRateVerdict> {
    const key = `${bucket}:${userId}`;
    const intervalMs = 60_000 / rule.perMinute;
    const tokens = Math.min(Math.max(1, Math.ceil(writes)), rule.burst);
    // The bucket must hold all of them: full again at most `burst - tokens` intervals from now.
    const toleranceMs = (rule.burst - tokens) * intervalMs;
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const now = this.now().getTime();
      // Raw statements: this runs before every write, and Prisma compiles each call anew (its
      // findUnique and updateMany cost ~2–3 ms of server CPU each under load, these well under 1).
      const [stored] = await this.database.$queryRaw<{ resetAt: Date }[]>`SELECT "resetAt" FROM "RateLimitBucket" WHERE "key" = ${key}`;
      const fullAt = Math.max(stored?.resetAt.getTime() ?? now, now);
      if (fullAt - now > toleranceMs) {
        return { isAllowed: false, retryAfterSeconds: Math.max(1, Math.ceil((fullAt - now - toleranceMs) / 1000)) };
      }
      const resetAt = new Date(fullAt + tokens * intervalMs);
      const changed = stored
        ? await this.database.$executeRaw`
            UPDATE "RateLimitBucket" SET "resetAt" = ${resetAt}, "hits" = "hits" + 1
            WHERE "key" = ${key} AND "resetAt" = ${stored.resetAt}`
        : await this.database.$executeRaw`
            INSERT INTO "RateLimitBucket" ("key", "hits", "resetAt") VALUES (${key}, 1, ${resetAt})
            ON CONFLICT ("key") DO NOTHING`;
      if (changed === 1) return { isAllowed: true };
      // Another write of this user moved the bucket meanwhile: read it again.
    }
    return { isAllowed: false, retryAfterSeconds: 1 };
  }
}

/**
 * Every write path calls this before it writes (server/outbox/mutate-annotations.ts runs it for
 * all annotation changes): over the user's rate, 429 with the seconds to wait, and nothing written.
 * `writes`: what the change counts for (see WriteRateLimiter.take).
 */
export async function assertWriteAllowed(userId: string, writes = 1, limiter = new WriteRateLimiter()): Promise<void> {
  const verdict = await limiter.take(userId, writeRateRule(), "write", writes);
  if (verdict.isAllowed) return;
  const seconds = verdict.retryAfterSeconds;
  const { perMinute } = writeRateRule();
  throw new AppError(
    "RATE_LIMITED",
    `Too many changes in a short time (this server takes ${perMinute} a minute per person). ` +
      `Nothing was saved; try again in ${seconds} second${seconds === 1 ? "" : "s"}.`,
    { retryAfterSeconds: seconds },
  );
}

/**
 * What one annotation's place on a new version costs the database, as counted against the day's
 * text: its anchor row (its quote, ~64 characters of context, its keys and index entries). Measured:
 * 25 versions of a reading with 10,000 annotations grew SQLite's file by ~360 bytes per row.
 */
export const ANCHOR_ROW_BYTES = 400;

/**
 * Before a reading or a version is written: its text counts against the person's text for the day
 * (limits.ts readingTextRule), and a version's anchor rows with it (`anchors`: the annotations it
 * places, ANCHOR_ROW_BYTES each). Without them a 150 KB reading carrying 10,000 notes counted 200 KB
 * a version and stored ~3.8 MB: one owner could add a version a second all day (gigabytes). Over
 * it, 429 with the wait, and nothing written. A text the bucket could never hold at once takes the
 * whole of it (WriteRateLimiter.take), so the upload limit, not this, decides what one reading may be.
 */
export async function assertReadingTextAllowed(userId: string, text: string, anchors = 0, limiter = new WriteRateLimiter()): Promise<void> {
  const rule = readingTextRule();
  const units = Math.ceil((Buffer.byteLength(text, "utf8") + anchors * ANCHOR_ROW_BYTES) / rule.unitBytes);
  const verdict = await limiter.take(userId, rule, "reading-text", units);
  if (verdict.isAllowed) return;
  const seconds = verdict.retryAfterSeconds;
  const wait =
    seconds < 120 ? `${seconds} seconds` : seconds < 2 * 3600 ? `${Math.ceil(seconds / 60)} minutes` : `${Math.ceil(seconds / 3600)} hours`;
  throw new AppError(
    "RATE_LIMITED",
    `You have added a lot of text today (this server takes ${rule.burst / 10} MB of readings and versions a day per person, ` +
      `a version counting its text and the places of the annotations it carries over). ` +
      `Nothing was added; try again in ${wait}.`,
    { retryAfterSeconds: seconds },
  );
}
