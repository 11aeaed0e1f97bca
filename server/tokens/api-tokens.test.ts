import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { createUser } from "@/tests/factories";
import { hashApiToken } from "./api-token-secret";
import { authenticateApiToken } from "./authenticate-api-token";
import { createApiToken } from "./create-api-token";
import { listApiTokens } from "./list-api-tokens";
import { revokeApiToken } from "./revoke-api-token";

afterAll(() => db.$disconnect());

describe("personal API tokens", () => {
  it("creates a token shown once, and stores only its SHA-256 hash", async () => {
    const user = await createUser();
    const { token, apiToken } = await createApiToken({ userId: user.id, name: " Export script ", scope: "read", expiresInDays: 30 });

    expect(token).toMatch(/^mrg_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toEqual({
      id: expect.any(String),
      name: "Export script",
      prefix: token.slice(0, 8),
      scope: "read",
      expiresAt: expect.any(Date),
      lastUsedAt: null,
      createdAt: expect.any(Date),
    });
    const days = (apiToken.expiresAt!.getTime() - apiToken.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(30, 2);

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.tokenHash).toBe(hashApiToken(token));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("makes a different token every time", async () => {
    const user = await createUser();
    const input = { userId: user.id, name: "Twice", scope: "read", expiresInDays: null } as const;
    const [first, second] = [await createApiToken(input), await createApiToken(input)];
    expect(first.token).not.toBe(second.token);
    expect(first.apiToken.expiresAt).toBeNull();
  });

  it("refuses a bad name, scope or lifetime", async () => {
    const user = await createUser();
    await expect(createApiToken({ userId: user.id, name: "   ", scope: "read", expiresInDays: 30 })).rejects.toThrow(/Name the token/);
    await expect(createApiToken({ userId: user.id, name: "x".repeat(61), scope: "read", expiresInDays: 30 })).rejects.toThrow(/at most 60/);
    // @ts-expect-error: not a scope
    await expect(createApiToken({ userId: user.id, name: "Admin", scope: "admin", expiresInDays: 30 })).rejects.toThrow(/scope/);
    // @ts-expect-error: not a lifetime on offer
    await expect(createApiToken({ userId: user.id, name: "Odd", scope: "read", expiresInDays: 7 })).rejects.toThrow(/expiresInDays/);
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("lists my live tokens, newest first, without tokens or hashes", async () => {
    const user = await createUser();
    const other = await createUser();
    const older = await createApiToken({ userId: user.id, name: "Older", scope: "read", expiresInDays: 90 });
    const newer = await createApiToken({ userId: user.id, name: "Newer", scope: "read-write", expiresInDays: 365 });
    const revoked = await createApiToken({ userId: user.id, name: "Revoked", scope: "read", expiresInDays: null });
    await revokeApiToken(user.id, revoked.apiToken.id);
    await createApiToken({ userId: other.id, name: "Not mine", scope: "read", expiresInDays: null });

    const list = await listApiTokens(user.id);
    expect(list.map((token) => token.name)).toEqual(["Newer", "Older"]);
    expect(list[0]).toEqual(newer.apiToken);
    for (const summary of list) {
      expect(Object.keys(summary).sort()).toEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix", "scope"]);
    }
    expect(JSON.stringify(list)).not.toContain(older.token);
    expect(JSON.stringify(list)).not.toContain(hashApiToken(older.token));
  });

  it("revokes my token, and says a token of someone else's does not exist", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const { apiToken } = await createApiToken({ userId: owner.id, name: "Mine", scope: "read", expiresInDays: null });

    const attempt = revokeApiToken(stranger.id, apiToken.id);
    await expect(attempt).rejects.toThrow(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "NOT_FOUND", message: "No such token." });
    await expect(revokeApiToken(owner.id, "no-such-id")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } })).revokedAt).toBeNull();

    const revoked = await revokeApiToken(owner.id, apiToken.id);
    expect(revoked).toEqual({ id: apiToken.id, revokedAt: expect.any(Date) });
    expect(await revokeApiToken(owner.id, apiToken.id)).toEqual(revoked);
  });
});

describe("authenticating with a token", () => {
  it("answers with the owner, and notes when the token was last used at most once a minute", async () => {
    const user = await createUser();
    const { token, apiToken } = await createApiToken({ userId: user.id, name: "Script", scope: "read", expiresInDays: 30 });
    const start = new Date();

    expect(await authenticateApiToken(token, "read", start)).toEqual({ id: user.id, name: user.name, email: user.email });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } })).lastUsedAt).toEqual(start);

    await authenticateApiToken(token, "read", new Date(start.getTime() + 30_000));
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } })).lastUsedAt).toEqual(start);

    const later = new Date(start.getTime() + 61_000);
    await authenticateApiToken(token, "read", later);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } })).lastUsedAt).toEqual(later);
  });

  it("lets a read-write token write, and refuses a read-only one", async () => {
    const user = await createUser();
    const readWrite = await createApiToken({ userId: user.id, name: "Writer", scope: "read-write", expiresInDays: null });
    const readOnly = await createApiToken({ userId: user.id, name: "Reader", scope: "read", expiresInDays: null });

    expect(await authenticateApiToken(readWrite.token, "write")).toMatchObject({ id: user.id });
    const attempt = authenticateApiToken(readOnly.token, "write");
    await expect(attempt).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "This token is read-only: create a read-write token to change anything.",
    });
  });

  it("refuses unknown, expired and revoked tokens alike", async () => {
    const user = await createUser();
    const refusal = { code: "UNAUTHENTICATED", message: "Invalid, expired or revoked API token." };

    await expect(authenticateApiToken("mrg_not-a-real-token", "read")).rejects.toMatchObject(refusal);
    await expect(authenticateApiToken("", "read")).rejects.toMatchObject(refusal);

    const expiring = await createApiToken({ userId: user.id, name: "Expiring", scope: "read-write", expiresInDays: 30 });
    const afterExpiry = new Date(expiring.apiToken.expiresAt!.getTime() + 1);
    await expect(authenticateApiToken(expiring.token, "read", afterExpiry)).rejects.toMatchObject(refusal);
    await db.apiToken.update({ where: { id: expiring.apiToken.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(authenticateApiToken(expiring.token, "read")).rejects.toMatchObject(refusal);

    const revoked = await createApiToken({ userId: user.id, name: "Revoked", scope: "read-write", expiresInDays: null });
    await revokeApiToken(user.id, revoked.apiToken.id);
    await expect(authenticateApiToken(revoked.token, "read")).rejects.toMatchObject(refusal);
    // A dead token is refused before its scope is considered: the answer never confirms it exists.
    await expect(authenticateApiToken(revoked.token, "write")).rejects.toMatchObject(refusal);
  });
});
