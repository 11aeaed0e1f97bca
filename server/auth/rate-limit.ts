import "server-only";
import type { Database } from "@/server/db/client";
import { positiveIntFromEnv } from "@/server/limits/limits";

/**
 * Fixed-window failure counters kept in the database (table RateLimitBucket), so a limit holds
 * across restarts and across app instances. Only failures are counted: a person who signs in
 * correctly is never slowed down, and a blocked attempt does not extend its own block.
 */
export type RateLimitRule = {
  /** Failures allowed inside one window; the next attempt is refused. */
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
 * - 10 from one known device, whatever its address, instead: its own typos, and a stolen laptop's
 *   guesses, stop there and lock nobody else out;
 * - 100 from one address, whatever the emails: a lecture hall behind one campus address shares it
 *   (15 let a class's typos, or one student on purpose, lock out everyone in the hall).
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

export class RateLimiter {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Refused if any of the keys has used up its rule's allowance in the current window. */
  async check(entries: ReadonlyArray<{ key: string; rule: RateLimitRule }>): Promise<RateLimitVerdict> {
    const now = this.now();
    const buckets = await this.db.rateLimitBucket.findMany({
      where: { key: { in: entries.map((entry) => entry.key) }, resetAt: { gt: now } },
    });
    let retryAfterSeconds = 0;
    for (const bucket of buckets) {
      const rule = entries.find((entry) => entry.key === bucket.key)?.rule;
      if (rule && bucket.hits >= rule.limit) {
        const seconds = Math.ceil((bucket.resetAt.getTime() - now.getTime()) / 1000);
        retryAfterSeconds = Math.max(retryAfterSeconds, seconds);
      }
    }
    return retryAfterSeconds > 0 ? { isLimited: true, retryAfterSeconds } : { isLimited: false };
  }

  /** Counts one hit against `key`, opening a new window if the last one has ended. */
  async hit(key: string, rule: RateLimitRule): Promise<void> {
    const now = this.now();
    // Common case, one atomic statement: the window is open, add one.
    const { count } = await this.db.rateLimitBucket.updateMany({
      where: { key, resetAt: { gt: now } },
      data: { hits: { increment: 1 } },
    });
    if (count > 0) return;
    // No open window: start one. Two requests racing here can both write hits = 1, undercounting
    // by one in the first second of a window; that is the price of staying portable SQL.
    const resetAt = new Date(now.getTime() + rule.windowSeconds * 1000);
    await this.db.rateLimitBucket.upsert({
      where: { key },
      create: { key, hits: 1, resetAt },
      update: { hits: 1, resetAt },
    });
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
