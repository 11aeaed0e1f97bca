import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { createUser } from "@/tests/factories";
import { startSmtpInbox, verificationLinkIn, type SmtpInbox } from "@/tests/mail/smtp-inbox";
import { refusal } from "@/tests/refusal";
import { emailVerificationState, sendVerificationEmail, VERIFICATION_LINK_HOURS, verifyEmail } from "./email-verification";

let inbox: SmtpInbox;
const previousEnv = { SMTP_URL: process.env.SMTP_URL, NEXTAUTH_URL: process.env.NEXTAUTH_URL, MAIL_FROM: process.env.MAIL_FROM };

beforeAll(async () => {
  inbox = await startSmtpInbox();
  process.env.SMTP_URL = inbox.url;
  process.env.MAIL_FROM = "Marginalia <reading@marginalia.test>";
  process.env.NEXTAUTH_URL = "https://marginalia.test";
});
afterAll(async () => {
  Object.assign(process.env, previousEnv);
  await inbox.close();
  await db.$disconnect();
});
afterEach(() => vi.restoreAllMocks());

async function isVerified(userId: string): Promise<boolean> {
  return (await db.user.findUniqueOrThrow({ where: { id: userId } })).emailVerifiedAt !== null;
}

function tokenOf(link: URL): string {
  return link.searchParams.get("token") ?? "";
}

describe("email verification over SMTP", () => {
  it("mails a link to the address that verifies it once, and is stored only as a hash", async () => {
    const user = await createUser({ email: "mina@uni.edu" });
    await sendVerificationEmail(user.id);

    const mail = await inbox.waitForMail("mina@uni.edu");
    expect(mail.from).toBe("reading@marginalia.test");
    expect(mail.subject).toBe("Verify your email address for Marginalia");
    const link = verificationLinkIn(mail);
    // The public origin from NEXTAUTH_URL, never a request's Host header.
    expect(`${link.origin}${link.pathname}`).toBe("https://marginalia.test/verify-email");
    const token = tokenOf(link);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db.emailVerification.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(await isVerified(user.id)).toBe(false);
    await verifyEmail({ token, userId: user.id });
    expect(await isVerified(user.id)).toBe(true);

    // Used once: the same link again is refused.
    expect(await refusal(verifyEmail({ token, userId: user.id }))).toBe("410 This verification link was already used.");
    // And an already verified address needs no new link.
    expect(await refusal(sendVerificationEmail(user.id))).toBe("409 Your email address is already verified.");
  });

  it("verifies only the account it was sent for: someone else signed in cannot use it", async () => {
    const registrant = await createUser({ email: "someone-elses@uni.edu" });
    const other = await createUser({ email: "clicker@uni.edu" });
    await sendVerificationEmail(registrant.id);
    const token = tokenOf(verificationLinkIn(await inbox.waitForMail("someone-elses@uni.edu")));

    expect(await refusal(verifyEmail({ token, userId: other.id }))).toBe(
      "404 This verification link is not valid for the account you are signed in to.",
    );
    expect(await refusal(verifyEmail({ token: "not-a-token", userId: registrant.id }))).toMatch(/^404 /);
    expect(await isVerified(registrant.id)).toBe(false);
    expect(await isVerified(other.id)).toBe(false);
  });

  it(`expires after ${VERIFICATION_LINK_HOURS} hours`, async () => {
    const user = await createUser({ email: "late@uni.edu" });
    const sentAt = new Date("2026-11-01T12:00:00Z");
    await sendVerificationEmail(user.id, sentAt);
    const token = tokenOf(verificationLinkIn(await inbox.waitForMail("late@uni.edu")));

    const justAfter = new Date(sentAt.getTime() + VERIFICATION_LINK_HOURS * 3600_000 + 1000);
    expect(await refusal(verifyEmail({ token, userId: user.id }, justAfter))).toBe(
      "410 This verification link has expired. Send yourself a new one from your account page.",
    );
    expect(await isVerified(user.id)).toBe(false);
    // The same link a little before its end still works.
    const justBefore = new Date(sentAt.getTime() + VERIFICATION_LINK_HOURS * 3600_000 - 1000);
    await verifyEmail({ token, userId: user.id }, justBefore);
    expect(await isVerified(user.id)).toBe(true);
  });

  it("limits resending per user, and every link sent works", async () => {
    const user = await createUser({ email: "impatient@uni.edu" });
    const before = inbox.messages.length;
    for (let sent = 0; sent < 5; sent += 1) await sendVerificationEmail(user.id);
    const sixth = sendVerificationEmail(user.id);
    await expect(sixth).rejects.toThrow(AppError);
    await expect(sixth).rejects.toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    // Wait for the five to arrive (the sixth was never sent).
    await vi.waitFor(() => expect(inbox.messages.filter((mail) => mail.to.includes("impatient@uni.edu"))).toHaveLength(5));
    expect(inbox.messages.length - before).toBe(5);
    const tokens = inbox.messages.filter((mail) => mail.to.includes("impatient@uni.edu")).map((mail) => tokenOf(verificationLinkIn(mail)));
    expect(new Set(tokens).size).toBe(5);
    await verifyEmail({ token: tokens[2], userId: user.id });
    expect(await isVerified(user.id)).toBe(true);
  });

  it("prints the mail, link included, to the server log when no SMTP server is configured", async () => {
    const user = await createUser({ email: "dev@localhost.test" });
    const logged: string[] = [];
    vi.spyOn(console, "info").mockImplementation((...parts: unknown[]) => void logged.push(parts.join(" ")));
    const smtpUrl = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      await sendVerificationEmail(user.id);
    } finally {
      process.env.SMTP_URL = smtpUrl;
    }
    expect(inbox.messages.some((mail) => mail.to.includes("dev@localhost.test"))).toBe(false);
    const text = logged.join("\n");
    expect(text).toContain("To: dev@localhost.test");
    const token = /https:\/\/marginalia\.test\/verify-email\?token=(\S+)/.exec(text)?.[1];
    expect(token).toBeDefined();
    await verifyEmail({ token: decodeURIComponent(token!), userId: user.id });
    expect(await isVerified(user.id)).toBe(true);
  });
});

describe("emailVerificationState", () => {
  it("says a link is out while one mailed to the address works: not before, not once used or expired", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: null } });
    await db.emailVerification.deleteMany({ where: { userId: user.id } });
    // Made through a provider that did not vouch for the address: no mail, nothing to point at.
    expect(await emailVerificationState(user.id)).toMatchObject({ isVerified: false, hasLinkOut: false });
    const sent = new Date();
    await sendVerificationEmail(user.id, sent);
    expect(await emailVerificationState(user.id, sent)).toMatchObject({ hasLinkOut: true });
    const later = new Date(sent.getTime() + (VERIFICATION_LINK_HOURS + 1) * 3600_000);
    expect(await emailVerificationState(user.id, later)).toMatchObject({ hasLinkOut: false });
  });
});
