"use server";
// Server actions for accounts. Next.js checks that actions are posted from this origin.
import { headers } from "next/headers";
import { firstFieldErrors, type SignUpState, ZSignUpSchema } from "@/lib/auth/account-schemas";
import { AppError } from "@/lib/errors";
import { formatWaitTime } from "@/lib/format-duration";
import { db } from "@/server/db/client";
import { clientIp } from "@/server/http/client-ip";
import { RateLimiter, signUpRule } from "./rate-limit";
import { requireUser } from "./session";
import { createUserWithPassword, revokeAllSessions } from "./users";

export async function signUp(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? "") };
  const parsed = ZSignUpSchema.safeParse({ ...values, password: form.get("password") ?? "" });
  if (!parsed.success) return { status: "invalid", errors: firstFieldErrors(parsed.error), values };

  const limiter = new RateLimiter(db);
  const ipKey = `sign-up:ip:${clientIp(await headers())}`;
  const verdict = await limiter.check([{ key: ipKey, rule: signUpRule() }]);
  if (verdict.isLimited) {
    const message = `Too many accounts were created from your network. Try again in ${formatWaitTime(verdict.retryAfterSeconds)}.`;
    return { status: "invalid", message, errors: {}, values };
  }

  try {
    await createUserWithPassword(parsed.data);
  } catch (error) {
    if (error instanceof AppError && error.code === "CONFLICT") {
      return { status: "invalid", errors: { email: error.message }, values };
    }
    throw error;
  }
  await limiter.hit(ipKey, signUpRule());
  // The form signs in next, through the same throttled credentials callback as everyone else.
  return { status: "created", email: parsed.data.email };
}

/** Ends every session of the current user, on every device, including this one. */
export async function signOutEverywhere(): Promise<{ ok: true }> {
  const user = await requireUser();
  await revokeAllSessions(user.id);
  return { ok: true };
}
