import "server-only";
import { formatWaitTime } from "@/lib/format-duration";
import { db } from "@/server/db/client";
import { knownDeviceFor } from "./known-device";
import { RateLimiter, signInRules } from "./rate-limit";

/**
 * Limits on failed password sign-ins per email at one address, per email, per known device and per
 * address (signInRules), applied INSIDE the credentials
 * check (`authorize`), on the email exactly as next-auth parsed it, so no way of asking — a
 * browser form answered with a redirect, `json=true`, a JSON body, a doubled field — reaches the
 * password check of a locked account or escapes being counted. Every failed check counts, whatever
 * status next-auth then answers with; a lock holds for the right password too.
 *
 * `authorize` can only throw, and next-auth turns the throw into a redirect to its error page with
 * `error=<message>`; `throttledSignInResponse` finds that marker in next-auth's answer and makes
 * it a real HTTP 429 with Retry-After.
 */
const THROTTLED = "RateLimited";

export class SignInThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`${THROTTLED}:${retryAfterSeconds}`);
  }
}

/** Where a password attempt comes from. */
export type AttemptSource = {
  /** The client's address (server/http/client-ip.ts). */
  ip: string;
  /** The browser's known-device cookie as it was sent (server/auth/known-device.ts), or null. */
  knownDevice: string | null;
};

export type PasswordAttempt = AttemptSource & {
  /** The email field as next-auth parsed it (the last one of a doubled form field; any JSON value). */
  email: unknown;
};

/**
 * Runs `verify` unless the email at this address, the email or the address is locked (from one of
 * the account's known devices: the email at this address or that device); counts its failure. A
 * success clears the counters it was held to for this email.
 */
export async function throttlePasswordCheck<T>(attempt: PasswordAttempt, verify: () => Promise<T | null>): Promise<T | null> {
  const rules = signInRules();
  const limiter = new RateLimiter(db);
  const email = typeof attempt.email === "string" && attempt.email.trim() ? attempt.email.trim().toLowerCase() : null;
  const device = email ? await knownDeviceFor(attempt.knownDevice, email) : null;
  // The account's own browsers answer for their own failures only: the counts per email and per
  // address are anyone's to fill (fifty wrong passwords from ten addresses locked the owner out
  // everywhere; one person guessing in a lecture hall locked everyone behind its campus address
  // out, on their own laptops too), and their failures do not fill those for everyone else.
  // Nobody escapes a limit by it: the cookie is signed and names one browser of one account, so
  // without it, or for any other account, an attempt is held to the address's count; a stolen one
  // gets its device's own count (and the email's at each address), from whatever address; and a
  // new device comes only with a successful sign-in, so more of them help only whoever knows the
  // password. A known device's wrong password is answered exactly as anyone's. Nor is it held to
  // the email's count at its address: five guesses at one student's email by someone in the same
  // lecture hall locked that student's own laptop out there (its own count, 10, bounds its typos).
  const emailKeys = !email
    ? []
    : device
      ? [{ key: `sign-in:device:${device.userId}:${device.deviceId}`, rule: rules.perKnownDevice }]
      : [
          { key: `sign-in:email-at:${email}:${attempt.ip}`, rule: rules.perEmailAndIp },
          { key: `sign-in:email:${email}`, rule: rules.perEmail },
        ];
  // The address last (RateLimiter.take): guesses at a locked email never touch its count.
  const keys = device ? emailKeys : [...emailKeys, { key: `sign-in:ip:${attempt.ip}`, rule: rules.perIp }];

  // Counted before the password is checked (RateLimiter.take): however many arrive at once, at
  // most each counter's limit reach `verify`.
  const taken = await limiter.take(keys);
  if (taken.isLimited) throw new SignInThrottledError(taken.retryAfterSeconds);
  const isEmailKey = (key: string) => emailKeys.some((entry) => entry.key === key);
  let user: T | null;
  try {
    user = await verify();
  } catch (error) {
    await limiter.refund(taken.tokens); // no answer about the password: nothing to count
    throw error;
  }
  // Only failures count: a success gives the address its token back and clears the email's counters.
  if (user) {
    // Only the counts it was held to: a known device's success leaves the email's count at its
    // address to whoever filled it (clearing it gave someone guessing there five fresh tries each time).
    for (const { key } of emailKeys) await limiter.clear(key);
    await limiter.refund(taken.tokens.filter((token) => !isEmailKey(token.key)));
  }
  return user;
}

/**
 * next-auth's answer to a refused attempt, as a 429 when the refusal was the throttle; any other
 * answer unchanged. next-auth answers with a redirect (a browser form) or `{ url }` (`json=true`).
 */
export async function throttledSignInResponse(request: Request, response: Response): Promise<Response> {
  const location = response.headers.get("location") ?? (await redirectUrlInBody(response));
  if (!location) return response;
  // next-auth writes the caller's callbackUrl into its answer: one that is no URL at all ("\t//x", a
  // line break) made this a 500. Such an answer carries no throttle marker: it passes unchanged.
  const error = URL.parse(location, request.url)?.searchParams.get("error") ?? "";
  if (!error.startsWith(`${THROTTLED}:`)) return response;
  const retryAfterSeconds = Math.max(1, Number(error.slice(THROTTLED.length + 1)) || 60);
  return tooManyAttempts(request, retryAfterSeconds);
}

async function redirectUrlInBody(response: Response): Promise<string | null> {
  if (!(response.headers.get("content-type") ?? "").includes("application/json")) return null;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { url?: unknown } | null;
  return typeof body?.url === "string" ? body.url : null;
}

function tooManyAttempts(request: Request, retryAfterSeconds: number): Response {
  // `url` keeps next-auth's own client (signIn() from next-auth/react) working: it reads the
  // error from the query string. Everything else reads the one error shape.
  const url = new URL("/signin", request.url);
  url.searchParams.set("error", THROTTLED);
  url.searchParams.set("retryAfter", String(retryAfterSeconds));
  return Response.json(
    {
      url: url.toString(),
      error: {
        code: "RATE_LIMITED",
        status: 429,
        message: `Too many failed sign-in attempts. Try again in ${formatWaitTime(retryAfterSeconds)}.`,
        retryAfterSeconds,
      },
    },
    { status: 429, headers: { "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" } },
  );
}
