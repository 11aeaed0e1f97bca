import "server-only";
import type { Database } from "@/server/db/client";
import { positiveIntFromEnv } from "@/server/limits/limits";

/**
 * Fixed-window counters kept in the database (table RateLimitBucket), so a limit holds across
 * restarts and across app instances. An attempt takes its token before its work and is refunded
 * when it should not count (the sign-in throttle counts only failures: a person who signs in
 * correctly is never slowed down); a blocked attempt does not extend its own block.
 */
export type RateLimitRule = {
  /** Attempts that count, allowed inside one window; the next attempt is refused. */
  limit: number;
  windowSeconds: number;
};

export type RateLimitVerdict = { isLimited: false } | { isLimited: true; retryAfterSeconds: number };

/**
 * Failed password sign-ins, per 15-minute window:
 * - 5 for one email from one address locks that email there: guessing one person's password from
 *   one place stops at once, and nobody elsewhere can use it to lock that person out (a lock per
 *   email alone let anyone shut anyone out of password sign-in with five requests, found by an
 *   independent check);
 * - 50 for one email from all addresses together bounds guessing spread over many addresses; an
 *   account's known devices (server/auth/known-device.ts) are not held to it, as anyone can fill it;
 * - 10 from one known device, whatever its address, instead of both of those: its own typos, and
 *   a stolen laptop's guesses, stop there and lock nobody else out;
 * - 100 from one address, whatever the emails: a lecture hall behind one campus address shares it
 *   (15 let a class's typos, or one student on purpose, lock out everyone in the hall). Known
 *   devices are not held to it either: one person could fill it for the whole hall.
 */
export function signInRules() {
  const windowSeconds = positiveIntFromEnv("SIGN_IN_WINDOW_SECONDS", 15 * 60);
  return {
    perEmailAndIp: { limit: positiveIntFromEnv("SIGN_IN_MAX_FAILURES_PER_EMAIL_AND_ADDRESS", 5), windowSeconds },
    perEmail: { limit: positiveIntFromEnv("SIGN_IN_MAX_FAILURES_PER_EMAIL", 50), windowSeconds },
    perKnownDevice: { limit: positiveIntFromEnv("SIGN_IN_MAX_FAILURES_PER_KNOWN_DEVICE", 10), windowSeconds },
    perIp: { limit: positiveIntFromEnv("SIGN_IN_MAX_FAILURES_PER_IP", 100), windowSeconds },
  } satisfies Record<string, RateLimitRule>;
}

/** Sign-ups per IP address: stops scripted account creation, invisible to people. */
export function signUpRule(): RateLimitRule {
  return { limit: positiveIntFromEnv("SIGN_UP_MAX_PER_IP", 10), windowSeconds: 60 * 60 };
}

/**
 * Sign-ups that arrive with a live invitation link or a join code: counted per invitation, not
 * per address, so a whole class behind one campus address can sign up; a link passed around
 * beyond its class still cannot mint accounts without bound.
 */
export function signUpPerInvitationRule(): RateLimitRule {
  return { limit: positiveIntFromEnv("SIGN_UP_MAX_PER_INVITATION", 200), windowSeconds: 60 * 60 };
}

/**
 * Sign-ups with an invitation or join code, per address: far looser than signUpRule (a lecture
 * hall behind one campus address), but a bound. Anyone can make a group, and so a join code, so
 * without it the per-invitation budget let one address mint accounts without end, a fresh code
 * at a time.
 */
export function signUpInvitedPerIpRule(): RateLimitRule {
  return { limit: positiveIntFromEnv("SIGN_UP_MAX_PER_IP_INVITED", 300), windowSeconds: 60 * 60 };
}

/** A token `take` granted: which window it was counted in, so `refund` gives it back to that window only. */
export type RateLimitToken = { key: string; resetAt: Date };

export type RateLimitTake =
  { isLimited: false; tokens: RateLimitToken[] } | { isLimited: true; retryAfterSeconds: number; limitedKeys: string[] };

export class RateLimiter {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * One token from each key, all or none, BEFORE the work they guard: refused when any key has
   * used up its rule's allowance in the current window, with the longest wait among those. A
   * check first and a hit after the work let every request that arrived during the work (a
   * password hash) past the check: 30 wrong passwords sent at once were all checked against a
   * limit of 5. Counted up front, at most `limit` attempts ever start, however many race; the
   * caller refunds what should not count (a success, an error). A refused attempt takes nothing,
   * so it never extends its own block.
   *
   * Each key is one atomic statement, not a transaction around them all: SQLite transactions take
   * turns on the one connection, and 30 sign-ups at once on a loaded machine waited past Prisma's
   * two seconds to start theirs and failed. Keys are taken in the order given, up to the first
   * that refuses, and what was taken is given back: name the narrowest first (one email before
   * the whole address), so attempts at a locked email hold none of the address's tokens, not even
   * for a moment, and cannot crowd out everyone else's.
   */
  async take(entries: ReadonlyArray<{ key: string; rule: RateLimitRule }>): Promise<RateLimitTake> {
    const now = this.now();
    const tokens: RateLimitToken[] = [];
    for (const { key, rule } of entries) {
      const freshResetAt = new Date(now.getTime() + rule.windowSeconds * 1000);
      // The test and the increment in one statement, so no other request comes between them: a
      // first hit opens a window, an ended window starts again at one, an open one under its limit
      // adds one; at the limit nothing is written and no row comes back. SQLite and PostgreSQL both
      // have INSERT … ON CONFLICT … DO UPDATE … WHERE … RETURNING; PostgreSQL locks the row and
      // tests the WHERE against its latest version.
      const [granted] = await this.db.$queryRaw<{ resetAt: Date | string }[]>`
        INSERT INTO "RateLimitBucket" ("key", "hits", "resetAt") VALUES (${key}, 1, ${freshResetAt})
        ON CONFLICT ("key") DO UPDATE SET
          "hits" = CASE WHEN "RateLimitBucket"."resetAt" <= ${now} THEN 1 ELSE "RateLimitBucket"."hits" + 1 END,
          "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= ${now} THEN ${freshResetAt} ELSE "RateLimitBucket"."resetAt" END
        WHERE "RateLimitBucket"."resetAt" <= ${now} OR "RateLimitBucket"."hits" < ${rule.limit}
        RETURNING "resetAt"`;
      if (granted) {
        tokens.push({ key, resetAt: new Date(granted.resetAt) });
        continue;
      }
      await this.refund(tokens);
      return this.refusal(entries, key, now);
    }
    return { isLimited: false, tokens };
  }

  /** Why `refusedKey` refused: it and every other key used up now, and the longest wait among them. */
  private async refusal(
    entries: ReadonlyArray<{ key: string; rule: RateLimitRule }>,
    refusedKey: string,
    now: Date,
  ): Promise<RateLimitTake & { isLimited: true }> {
    const buckets = await this.db.rateLimitBucket.findMany({
      where: { key: { in: entries.map((entry) => entry.key) }, resetAt: { gt: now } },
    });
    const limited = entries.filter(
      ({ key, rule }) => key === refusedKey || (buckets.find((bucket) => bucket.key === key)?.hits ?? 0) >= rule.limit,
    );
    const waits = limited.map(({ key }) => {
      const resetAt = buckets.find((bucket) => bucket.key === key)?.resetAt ?? now;
      return Math.ceil((resetAt.getTime() - now.getTime()) / 1000);
    });
    // At least a second: a window that ended (or was cleared) since the refusal still refused this attempt.
    return { isLimited: true, retryAfterSeconds: Math.max(1, ...waits), limitedKeys: limited.map(({ key }) => key) };
  }

  /**
   * Gives tokens back: the attempt they were taken for should not count after all. Only to the
   * window each was taken in; one that has ended since took its tokens with it.
   */
  async refund(tokens: ReadonlyArray<RateLimitToken>): Promise<void> {
    for (const { key, resetAt } of tokens) {
      await this.db.rateLimitBucket.updateMany({ where: { key, resetAt, hits: { gt: 0 } }, data: { hits: { decrement: 1 } } });
    }
  }

  async clear(key: string): Promise<void> {
    await this.db.rateLimitBucket.deleteMany({ where: { key } });
  }

  /** Housekeeping: windows that have ended hold no information. */
  async deleteExpired(): Promise<number> {
    const { count } = await this.db.rateLimitBucket.deleteMany({ where: { resetAt: { lte: this.now() } } });
    return count;
  }
}
