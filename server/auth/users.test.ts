import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { createUserWithPassword, findUserByPassword, resolveExternalSignIn, revokeAllSessions } from "./users";

afterAll(() => db.$disconnect());

describe("accounts", () => {
  it("creates a user whose password hash never comes back from ordinary queries", async () => {
    const user = await createUserWithPassword({ name: "Ayesha", email: "ayesha@example.edu", password: "long enough" });
    expect(user).toEqual({ id: expect.any(String), name: "Ayesha", email: "ayesha@example.edu", sessionVersion: 0 });

    const loaded = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(loaded).not.toHaveProperty("passwordHash");
    const withHash = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(withHash.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a second account with the same email, whatever its case, with a clear message", async () => {
    await createUserWithPassword({ name: "First", email: "dup@example.edu", password: "long enough" });
    const attempt = createUserWithPassword({ name: "Second", email: "dup@example.edu", password: "also long" });
    await expect(attempt).rejects.toThrow(AppError);
    await expect(attempt).rejects.toThrow("An account with this email already exists. Sign in instead.");
    expect(await db.user.count({ where: { email: "dup@example.edu" } })).toBe(1);
  });

  it("finds a user only by the right password", async () => {
    const user = await createUserWithPassword({ name: "Bilal", email: "bilal@example.edu", password: "right password" });
    expect(await findUserByPassword("bilal@example.edu", "right password")).toMatchObject({ id: user.id, sessionVersion: 0 });
    expect(await findUserByPassword("bilal@example.edu", "wrong password")).toBeNull();
    expect(await findUserByPassword("nobody@example.edu", "right password")).toBeNull();
  });

  it("bumps the session version on sign-out-everywhere", async () => {
    const user = await createUserWithPassword({ name: "Chen", email: "chen@example.edu", password: "long enough" });
    await revokeAllSessions(user.id);
    await revokeAllSessions(user.id);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ sessionVersion: 2 });
  });

  it("connects an external sign-in to an existing account only when the account and the provider have both verified the email", async () => {
    const user = await createUserWithPassword({ name: "Dana", email: "dana@uni.edu", password: "long enough" });
    const identity = { provider: "oidc", providerAccountId: "sub-1", email: "Dana@Uni.edu", name: "Dana" };

    // The account never verified its address: not even a provider that vouches for it gets in.
    expect(await resolveExternalSignIn({ ...identity, isEmailVerified: true })).toEqual({ status: "refused", reason: "AccountExists" });
    await db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    // The account is verified, the provider is not: refused.
    expect(await resolveExternalSignIn({ ...identity, isEmailVerified: false })).toEqual({ status: "refused", reason: "AccountExists" });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);

    const linked = await resolveExternalSignIn({ ...identity, isEmailVerified: true });
    expect(linked).toMatchObject({ status: "signed-in", user: { id: user.id } });
    // Once connected, the identity signs in whatever it says about its email now.
    const again = await resolveExternalSignIn({ ...identity, email: null, name: null, isEmailVerified: false });
    expect(again).toMatchObject({ status: "signed-in", user: { id: user.id } });
  });

  it("creates a new account from an external sign-in, verified only when the provider vouches for the email", async () => {
    const vouched = await resolveExternalSignIn({
      provider: "github",
      providerAccountId: "42",
      email: "new@example.com",
      name: null,
      isEmailVerified: true,
    });
    expect(vouched).toMatchObject({ status: "signed-in", user: { email: "new@example.com", name: "new" } });
    const unvouched = await resolveExternalSignIn({
      provider: "oidc",
      providerAccountId: "s-9",
      email: "other@example.com",
      name: "O",
      isEmailVerified: false,
    });
    expect(unvouched.status).toBe("signed-in");
    const rows = await db.user.findMany({ where: { email: { in: ["new@example.com", "other@example.com"] } }, orderBy: { email: "asc" } });
    expect(rows.map((row) => [row.email, row.emailVerifiedAt !== null])).toEqual([
      ["new@example.com", true],
      ["other@example.com", false],
    ]);
    expect(
      await resolveExternalSignIn({ provider: "oidc", providerAccountId: "s-10", email: " ", name: null, isEmailVerified: true }),
    ).toEqual({
      status: "refused",
      reason: "NoEmail",
    });
  });

  it("connects an identity to the signed-in account that asked for it, and never one already connected elsewhere", async () => {
    const owner = await createUserWithPassword({ name: "Emil", email: "emil@uni.edu", password: "long enough" });
    const other = await createUserWithPassword({ name: "Fay", email: "fay@uni.edu", password: "long enough" });
    const github = { provider: "github", providerAccountId: "777", email: "emil@uni.edu", name: "Emil", isEmailVerified: true };

    expect(await resolveExternalSignIn(github, owner.id)).toMatchObject({ status: "signed-in", user: { id: owner.id } });
    // GitHub vouched for the account's own address, so connecting it verified the address too.
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).emailVerifiedAt).not.toBeNull();
    expect(await resolveExternalSignIn(github, other.id)).toEqual({ status: "refused", reason: "IdentityTaken" });
    expect(await db.account.count({ where: { userId: other.id } })).toBe(0);
  });
});
