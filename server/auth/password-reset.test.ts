import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { createApiToken } from "@/server/tokens/create-api-token";
import { createUser } from "@/tests/factories";
import { startSmtpInbox, type SmtpInbox } from "@/tests/mail/smtp-inbox";
import { refusal } from "@/tests/refusal";
import { verifyPassword } from "./password";
import { readResetLink, requestPasswordReset, RESET_LINK_MINUTES, resetPassword } from "./password-reset";

// QA round 4, #8: no way back into an account whose password was forgotten.

let inbox: SmtpInbox;
const previousEnv = { SMTP_URL: process.env.SMTP_URL, NEXTAUTH_URL: process.env.NEXTAUTH_URL };

beforeAll(async () => {
  inbox = await startSmtpInbox();
  process.env.SMTP_URL = inbox.url;
  process.env.NEXTAUTH_URL = "https://marginalia.test";
  vi.stubEnv("NEXTAUTH_SECRET", "password-reset-test-secret");
});
afterAll(async () => {
  Object.assign(process.env, previousEnv);
  vi.unstubAllEnvs();
  await inbox.close();
  await db.$disconnect();
});

/** Asks for a link as the action does (the mail goes after the answer) and returns the token mailed. */
async function mailedToken(email: string, ip = "203.0.113.1", now?: Date): Promise<string> {
  const mail = await requestPasswordReset(email, ip, now);
  expect(mail).not.toBeNull();
  await mail!();
  const received = await inbox.waitForMail(email.toLowerCase());
  expect(received.subject).toBe("Reset your Marginalia password");
  const link = new URL(/https:\/\/\S+\/reset-password\?token=\S+/.exec(received.text)![0]);
  expect(`${link.origin}${link.pathname}`).toBe("https://marginalia.test/reset-password");
  return link.searchParams.get("token")!;
}

const account = (id: string) =>
  db.user.findUniqueOrThrow({ where: { id }, select: { passwordHash: true, sessionVersion: true, emailVerifiedAt: true } });

describe("password reset", () => {
  it("mails a link that sets a new password once, ends every session, verifies the address and kills older links", async () => {
    const user = await createUser({ email: "forgetful@uni.edu", password: "the old password" });
    // Someone who signed up with this address before its owner (it was never verified) made a token and connected a service.
    await createApiToken({ userId: user.id, name: "left behind", scope: "read", expiresInDays: null });
    await db.account.create({ data: { userId: user.id, provider: "github", providerAccountId: "squatter-1" } });
    const older = await mailedToken("Forgetful@Uni.edu");
    const token = await mailedToken("forgetful@uni.edu");
    const before = await account(user.id);
    expect(await readResetLink(token)).toEqual({ ok: true, userId: user.id, email: "forgetful@uni.edu" });

    expect(await resetPassword(token, "a brand new passphrase")).toEqual({ email: "forgetful@uni.edu" });
    const after = await account(user.id);
    expect(await verifyPassword(after.passwordHash!, "a brand new passphrase")).toBe(true);
    expect(await verifyPassword(after.passwordHash!, "the old password")).toBe(false);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.emailVerifiedAt).not.toBeNull();
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);

    for (const used of [token, older]) {
      expect(await refusal(resetPassword(used, "yet another passphrase"))).toMatch(/^410 This link was already used/);
    }
    expect(await verifyPassword((await account(user.id)).passwordHash!, "a brand new passphrase")).toBe(true);
  });

  it("refuses an expired link, a forged one and a link for another purpose", async () => {
    const user = await createUser({ email: "late@uni.edu", password: "the old password" });
    const sentAt = new Date(Date.now() - (RESET_LINK_MINUTES + 1) * 60 * 1000);
    const token = await mailedToken("late@uni.edu", "203.0.113.2", sentAt);
    expect(await refusal(resetPassword(token, "too late for this"))).toBe("410 This link has expired. Ask for a new one.");
    const [payload, signature] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), expiresAt: Date.now() + 1e9 }),
    );
    expect(await refusal(resetPassword(`${forged.toString("base64url")}.${signature}`, "forged"))).toMatch(/^410 This link is not/);
    expect(await refusal(resetPassword("not-a-token", "nothing"))).toMatch(/^410 This link is not/);
    expect(await verifyPassword((await account(user.id)).passwordHash!, "the old password")).toBe(true);
  });

  it("tells nothing about addresses without an account; mails an account without a password that it has none", async () => {
    expect(await requestPasswordReset("nobody@uni.edu", "203.0.113.3")).toBeNull();
    await createUser({ email: "oauth-only@uni.edu" });
    const mail = await requestPasswordReset("oauth-only@uni.edu", "203.0.113.3");
    await mail!();
    const received = await inbox.waitForMail("oauth-only@uni.edu");
    expect(received.subject).toBe("Your Marginalia account has no password");
    expect(received.text).not.toContain("/reset-password");
  });

  it("limits links per address, whether or not an account uses it, and per client address", async () => {
    await createUser({ email: "flooded@uni.edu", password: "the old password" });
    for (let asked = 0; asked < 3; asked++) await requestPasswordReset("flooded@uni.edu", `198.51.100.${asked}`);
    expect(await refusal(requestPasswordReset("flooded@uni.edu", "198.51.100.9"))).toMatch(/^429 Several links were asked for already/);
    for (let asked = 0; asked < 3; asked++) await requestPasswordReset("no-account@uni.edu", `198.51.101.${asked}`);
    expect(await refusal(requestPasswordReset("no-account@uni.edu", "198.51.101.9"))).toMatch(/^429/);
    vi.stubEnv("PASSWORD_RESET_MAX_PER_IP_PER_HOUR", "30");
    for (let asked = 0; asked < 30; asked++) await requestPasswordReset(`spray-${asked}@uni.edu`, "192.0.2.77");
    expect(await refusal(requestPasswordReset("spray-last@uni.edu", "192.0.2.77"))).toMatch(/^429/);
  });
});
