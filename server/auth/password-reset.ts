import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { formatWaitTime } from "@/lib/format-duration";
import { db } from "@/server/db/client";
import { positiveIntFromEnv } from "@/server/limits/limits";
import { publicAppOrigin } from "@/server/mail/public-app-origin";
import { sendMail } from "@/server/mail/send-mail";
import { announceCredentialsChanged } from "@/server/outbox/bus";
import { hashPassword } from "./password";
import { RateLimiter, type RateLimitRule } from "./rate-limit";
import { openValue, sealValue } from "./signed-value";

/**
 * "Forgot your password?": a link by mail that sets a new one.
 *
 * The link carries a value signed with the app's secret (./signed-value.ts): the account, when it
 * stops working, and a fingerprint of the account's password hash as it was when the link was
 * sent. Nothing is stored: once the password changes (by this link or any other way) the
 * fingerprint no longer matches, so a link works once, and every older link dies with it.
 *
 * Asking never says whether an address has an account (the answer is the same, and the mail is
 * sent after the answer, so its time tells nothing either). An account that signs in only with
 * another service is mailed that it has no password here, not a link that would give it one.
 */
export const RESET_LINK_MINUTES = 60;
const PURPOSE = "password-reset";

/** Reset mails per address per hour, and requests per client address: "I did not get it" twice, not an inbox flood. */
export function passwordResetRules(): { perEmail: RateLimitRule; perIp: RateLimitRule } {
  return {
    perEmail: { limit: positiveIntFromEnv("PASSWORD_RESET_MAX_PER_EMAIL_PER_HOUR", 3), windowSeconds: 60 * 60 },
    // Loose: a campus behind one address shares it (30 let one person shut the form for everyone there for an hour).
    perIp: { limit: positiveIntFromEnv("PASSWORD_RESET_MAX_PER_IP_PER_HOUR", 200), windowSeconds: 60 * 60 },
  };
}

type ResetClaim = { userId: string; expiresAt: number; fingerprint: string };

function fingerprintOf(passwordHash: string): string {
  return createHash("sha256").update(`${PURPOSE}:${passwordHash}`, "utf8").digest("base64url").slice(0, 22);
}

/**
 * Mails a reset link to `email` if an account uses it. Counted per address and per client
 * address whether or not one does (the limit must not tell either). Returns the mail to send
 * after answering: the caller answers first, then sends, so the answer takes as long either way.
 */
export async function requestPasswordReset(email: string, ip: string, now: Date = new Date()): Promise<(() => Promise<void>) | null> {
  const address = email.trim().toLowerCase();
  const rules = passwordResetRules();
  const limiter = new RateLimiter(db, () => now);
  const budgets = [
    { key: `password-reset:email:${address}`, rule: rules.perEmail },
    { key: `password-reset:ip:${ip}`, rule: rules.perIp },
  ];
  // Taken before the work, in one step per counter: requests at once cannot all slip under the limit.
  const verdict = await limiter.take(budgets);
  if (verdict.isLimited) {
    throw new AppError("RATE_LIMITED", `Several links were asked for already. Try again in ${formatWaitTime(verdict.retryAfterSeconds)}.`, {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }

  const user = await db.user.findUnique({ where: { email: address }, select: { id: true, name: true, email: true, passwordHash: true } });
  if (!user) return null;
  if (!user.passwordHash) {
    const to = user.email;
    return () =>
      sendMail({
        to,
        subject: "Your Marginalia account has no password",
        text: [
          `Hello ${user.name},`,
          "",
          "Someone (you, we hope) asked to reset the password of the Marginalia account at this address.",
          "This account signs in with another service, not with a password: use that service's button on the sign-in page.",
          "",
          "If you did not ask, ignore this mail: nothing has changed.",
        ].join("\n"),
      });
  }
  const claim: ResetClaim = {
    userId: user.id,
    expiresAt: now.getTime() + RESET_LINK_MINUTES * 60 * 1000,
    fingerprint: fingerprintOf(user.passwordHash),
  };
  const link = `${publicAppOrigin()}/reset-password?token=${encodeURIComponent(sealValue(PURPOSE, claim))}`;
  const to = user.email;
  return () =>
    sendMail({
      to,
      subject: "Reset your Marginalia password",
      text: [
        `Hello ${user.name},`,
        "",
        "Open this link to choose a new password for your Marginalia account:",
        "",
        link,
        "",
        `The link works once, for ${RESET_LINK_MINUTES} minutes. Setting a new password signs you out everywhere.`,
        "If you did not ask for it, ignore this mail: your password stays as it is.",
      ].join("\n"),
    });
}

/** Why a reset link does not work, or the account it is for. */
export async function readResetLink(
  token: string,
  now: Date = new Date(),
): Promise<{ ok: true; userId: string; email: string } | { ok: false; reason: string }> {
  const claim = openValue(PURPOSE, token) as Partial<ResetClaim> | null;
  if (!claim || typeof claim.userId !== "string" || typeof claim.expiresAt !== "number" || typeof claim.fingerprint !== "string") {
    return {
      ok: false,
      reason: "This link is not a password reset link of ours. Open the link from the mail again, or ask for a new one.",
    };
  }
  if (claim.expiresAt <= now.getTime()) return { ok: false, reason: "This link has expired. Ask for a new one." };
  const user = await db.user.findUnique({ where: { id: claim.userId }, select: { email: true, passwordHash: true } });
  if (!user?.passwordHash || fingerprintOf(user.passwordHash) !== claim.fingerprint) {
    return {
      ok: false,
      reason: "This link was already used, or the password changed since it was sent. Ask for a new one if you need it.",
    };
  }
  return { ok: true, userId: claim.userId, email: user.email };
}

/**
 * Sets a new password with a reset link. Every session ends (the session version goes up), and
 * every API token goes: a reset is how an account is taken back (from someone who knew the
 * password, or who signed up with this address before its owner did), and a token would let them
 * go on reading it (QA round 5). When the address was not verified until now, the sign-in services
 * connected to the account go too: whoever connected them never proved the address was theirs.
 * The address is verified (the link came through it). The link and every other one sent before it
 * stop working, since the password they were sent for is gone. Claimed in one conditional update,
 * so two uses of the same link at once set one password, not two.
 */
export async function resetPassword(token: string, newPassword: string, now: Date = new Date()): Promise<{ email: string }> {
  const link = await readResetLink(token, now);
  if (!link.ok) throw new AppError("GONE", link.reason);
  const before = await db.user.findUniqueOrThrow({ where: { id: link.userId }, select: { passwordHash: true, emailVerifiedAt: true } });
  const passwordHash = await hashPassword(newPassword);
  const count = await db.$transaction(async (tx) => {
    const claimed = await tx.user.updateMany({
      where: { id: link.userId, passwordHash: before.passwordHash },
      data: { passwordHash, sessionVersion: { increment: 1 }, emailVerifiedAt: before.emailVerifiedAt ?? now },
    });
    if (claimed.count === 0) return 0;
    await tx.apiToken.deleteMany({ where: { userId: link.userId } });
    if (before.emailVerifiedAt === null) await tx.account.deleteMany({ where: { userId: link.userId } });
    return claimed.count;
  });
  if (count === 0)
    throw new AppError("GONE", "This link was already used, or the password changed since it was sent. Ask for a new one if you need it.");
  await announceCredentialsChanged(); // live streams of every device signed in as them end now
  return { email: link.email };
}
