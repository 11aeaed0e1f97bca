import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { createUserWithPassword, findOrCreateExternalUser, findUserByPassword, revokeAllSessions } from "./users";

afterAll(() => db.$disconnect());

describe("accounts", () => {
  it("creates a user whose password hash never comes back from ordinary queries", async () => {
    const user = await createUserWithPassword({ name: "Ayesha", email: "ayesha@example.edu", password: "long enough" });
    expect(user).toEqual({ id: expect.any(String), name: "Ayesha", email: "ayesha@example.edu" });

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

  it("links an external sign-in to an existing account only when the provider vouches for the email", async () => {
    const user = await createUserWithPassword({ name: "Dana", email: "dana@uni.edu", password: "long enough" });
    const unverified = findOrCreateExternalUser({
      provider: "oidc",
      providerAccountId: "sub-1",
      email: "dana@uni.edu",
      name: "Dana",
      isEmailVerified: false,
    });
    await expect(unverified).rejects.toThrow(/already exists/);

    const linked = await findOrCreateExternalUser({
      provider: "oidc",
      providerAccountId: "sub-1",
      email: "Dana@Uni.edu",
      name: "Dana",
      isEmailVerified: true,
    });
    expect(linked.id).toBe(user.id);
    const again = await findOrCreateExternalUser({
      provider: "oidc",
      providerAccountId: "sub-1",
      email: null,
      name: null,
      isEmailVerified: false,
    });
    expect(again.id).toBe(user.id);

    const fresh = await findOrCreateExternalUser({
      provider: "github",
      providerAccountId: "42",
      email: "new@example.com",
      name: null,
      isEmailVerified: true,
    });
    expect(fresh).toMatchObject({ email: "new@example.com", name: "new" });
  });
});
