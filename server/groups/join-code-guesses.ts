import "server-only";
import { AppError } from "@/lib/errors";
import { formatWaitTime } from "@/lib/format-duration";
import { RateLimiter, type RateLimitRule } from "@/server/auth/rate-limit";
import { db } from "@/server/db/client";
import { positiveIntFromEnv } from "@/server/limits/limits";

/**
 * Wrong join codes, per hour: 20 from one account, 300 from one address (a lecture hall behind
 * one campus address, with everyone's typos). A code is 8 letters from 31, so guessing one is
 * hopeless at these rates; without them, nothing bounded a script trying codes until one let it
 * into a class (an independent check sent 40 in a row: 40 × 404). A right code does not count.
 */
export function joinCodeGuessRules() {
  const windowSeconds = 60 * 60;
  return {
    perAccount: { limit: positiveIntFromEnv("JOIN_CODE_MAX_FAILURES_PER_ACCOUNT", 20), windowSeconds },
    perIp: { limit: positiveIntFromEnv("JOIN_CODE_MAX_FAILURES_PER_IP", 300), windowSeconds },
  } satisfies Record<string, RateLimitRule>;
}

/**
 * Looks a join code up as one guess from `who`: refused with 429 once too many wrong ones came from
 * that account (when there is one: a sign-up has none yet) or that address, before the code is
 * looked at, so a refused guess learns nothing. The guess is counted before the lookup and given
 * back when the code is right (counted after, guesses sent at once would all pass).
 */
export async function lookUpJoinCode<Found>(
  who: { userId: string | null; ip: string },
  lookUp: () => Promise<Found | null>,
): Promise<Found | null> {
  const rules = joinCodeGuessRules();
  const limiter = new RateLimiter(db);
  const taken = await limiter.take([
    ...(who.userId ? [{ key: `join-code:account:${who.userId}`, rule: rules.perAccount }] : []),
    { key: `join-code:ip:${who.ip}`, rule: rules.perIp },
  ]);
  if (taken.isLimited)
    throw new AppError("RATE_LIMITED", `Too many wrong join codes. Try again in ${formatWaitTime(taken.retryAfterSeconds)}.`, {
      retryAfterSeconds: taken.retryAfterSeconds,
    });
  const found = await lookUp();
  if (found !== null) await limiter.refund(taken.tokens);
  return found;
}
