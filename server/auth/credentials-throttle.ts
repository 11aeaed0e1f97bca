import "server-only";
import { formatWaitTime } from "@/lib/format-duration";
import { db } from "@/server/db/client";
import { clientIp } from "@/server/http/client-ip";
import { RateLimiter, signInRules } from "./rate-limit";

/**
 * Wraps next-auth's POST /api/auth/callback/credentials with per-email and per-IP limits on
 * failed sign-ins. It lives around the handler rather than inside `authorize` because only here
 * can the answer be a real HTTP 429 with Retry-After instead of next-auth's generic 401.
 */
export async function throttleCredentialsSignIn(
  request: Request,
  signIn: (request: Request) => Promise<Response>,
): Promise<Response> {
  const email = await emailFromForm(request);
  const rules = signInRules();
  const limiter = new RateLimiter(db);
  const ipKey = `sign-in:ip:${clientIp(request.headers)}`;
  const emailKey = email ? `sign-in:email:${email}` : null;
  const keys = [{ key: ipKey, rule: rules.perIp }, ...(emailKey ? [{ key: emailKey, rule: rules.perEmail }] : [])];

  const verdict = await limiter.check(keys);
  if (verdict.isLimited) return tooManyAttempts(request, verdict.retryAfterSeconds);

  const response = await signIn(request);
  if (response.status === 401) {
    await Promise.all(keys.map(({ key, rule }) => limiter.hit(key, rule)));
  } else if (response.ok && emailKey) {
    await limiter.clear(emailKey);
  }
  return response;
}

async function emailFromForm(request: Request): Promise<string | null> {
  try {
    const email = (await request.clone().formData()).get("email");
    return typeof email === "string" && email.trim() ? email.trim().toLowerCase() : null;
  } catch {
    return null; // not a form: next-auth will refuse it on its own
  }
}

function tooManyAttempts(request: Request, retryAfterSeconds: number): Response {
  // `url` keeps next-auth's own client (signIn() from next-auth/react) working: it reads the
  // error from the query string. Everything else reads the one error shape.
  const url = new URL("/signin", request.url);
  url.searchParams.set("error", "RateLimited");
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
