import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { formatWaitTime } from "@/lib/format-duration";
import { db } from "@/server/db/client";
import { publicAppOrigin } from "@/server/mail/public-app-origin";
import { sendMail } from "@/server/mail/send-mail";
import { positiveIntFromEnv } from "@/server/limits/limits";
import { RateLimiter, type RateLimitRule } from "./rate-limit";

/** How long a verification link works. */
export const VERIFICATION_LINK_HOURS = 24;

/** Verification mails per user per hour: enough for "I did not get it" twice, too few to flood an inbox. */
export function verificationMailRule(): RateLimitRule {
  return { limit: positiveIntFromEnv("VERIFY_EMAIL_MAX_PER_HOUR", 5), windowSeconds: 60 * 60 };
}

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * `hasLinkOut`: a link to the account's address was mailed and still works (unused, unexpired), so
 * the library can say where it went. An account made through a provider that did not vouch for its
 * address was mailed none.
 */
export type EmailVerificationState = { email: string; isVerified: boolean; hasLinkOut: boolean };

export async function emailVerificationState(userId: string, now = new Date()): Promise<EmailVerificationState> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  // Most accounts are verified: the library and the account page then ask nothing more.
  if (user.emailVerifiedAt !== null) return { email: user.email, isVerified: true, hasLinkOut: false };
  const link = await db.emailVerification.findFirst({
    where: { userId, email: user.email, usedAt: null, expiresAt: { gt: now } },
    select: { id: true },
  });
  return { email: user.email, isVerified: false, hasLinkOut: link !== null };
}

/**
 * Mails the user a link that verifies their current address. Counted per user
 * (VERIFY_EMAIL_MAX_PER_HOUR), so "Resend" cannot be used to flood someone's inbox.
 */
export async function sendVerificationEmail(userId: string, now: Date = new Date()): Promise<void> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, name: true, email: true, emailVerifiedAt: true },
  });
  if (user.emailVerifiedAt) throw new AppError("CONFLICT", "Your email address is already verified.");

  const limiter = new RateLimiter(db, () => now);
  const budget = { key: `verify-email:user:${user.id}`, rule: verificationMailRule() };
  // Taken in one step (RateLimiter.take): a check and a later hit let "Resend" pressed many times
  // at once send a link for each.
  const verdict = await limiter.take([budget]);
  if (verdict.isLimited) {
    throw new AppError("RATE_LIMITED", `We sent you several links already. Try again in ${formatWaitTime(verdict.retryAfterSeconds)}.`, {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }

  const token = randomBytes(32).toString("base64url");
  await db.emailVerification.create({
    data: {
      userId: user.id,
      email: user.email,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + VERIFICATION_LINK_HOURS * 60 * 60 * 1000),
    },
  });
  const link = `${publicAppOrigin()}/verify-email?token=${encodeURIComponent(token)}`;
  await sendMail({
    to: user.email,
    subject: "Verify your email address for Marginalia",
    text: [
      `Hello ${user.name},`,
      "",
      "Open this link, signed in to your Marginalia account, to verify your email address:",
      "",
      link,
      "",
      `The link works once, for ${VERIFICATION_LINK_HOURS} hours. If you did not create a Marginalia account, ignore this mail:`,
      "nothing happens without the account's password.",
    ].join("\n"),
  });
}

/**
 * Marks the signed-in user's address verified with a link we mailed. The link must belong to that
 * user: whoever registered someone else's address cannot get it verified by the owner clicking a
 * link out of curiosity (they are not signed in as the registrant). Single use, expiring, and only
 * for the address it was sent to.
 */
export async function verifyEmail(input: { token: string; userId: string }, now: Date = new Date()): Promise<void> {
  const record = await db.emailVerification.findUnique({
    where: { tokenHash: hashToken(input.token) },
    select: { id: true, userId: true, email: true, expiresAt: true, usedAt: true, user: { select: { email: true } } },
  });
  if (!record || record.userId !== input.userId) {
    throw new AppError("NOT_FOUND", "This verification link is not valid for the account you are signed in to.");
  }
  if (record.usedAt) throw new AppError("GONE", "This verification link was already used.");
  if (record.expiresAt <= now)
    throw new AppError("GONE", "This verification link has expired. Send yourself a new one from your account page.");
  if (record.email !== record.user.email) throw new AppError("GONE", "This link was sent to an address your account no longer uses.");

  // Claim the link and verify in one transaction; the `usedAt: null` condition makes a second,
  // concurrent use of the same link find nothing to claim.
  const claimed = await db.$transaction(async (tx) => {
    const { count } = await tx.emailVerification.updateMany({ where: { id: record.id, usedAt: null }, data: { usedAt: now } });
    if (count === 0) return false;
    await tx.user.update({ where: { id: input.userId }, data: { emailVerifiedAt: now } });
    return true;
  });
  if (!claimed) throw new AppError("GONE", "This verification link was already used.");
}
