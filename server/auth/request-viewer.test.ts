import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createUser } from "@/tests/factories";
import { createApiToken } from "@/server/tokens/create-api-token";
import { revokeApiToken } from "@/server/tokens/revoke-api-token";
import { getRequestViewer, requireSessionUser, watchCredential } from "./request-viewer";
import { buildAuthOptions } from "./options";
import { revokeAllSessions } from "./users";

// Only the Bearer path: without one, the cookie session needs a Next.js request context.
afterAll(() => db.$disconnect());

function requestWith(authorization: string): Request {
  return new Request("http://localhost/api/x", { headers: { Authorization: authorization } });
}

describe("getRequestViewer with a Bearer token", () => {
  it("answers with the token's owner, for reading and (read-write token) for writing", async () => {
    const user = await createUser({ name: "Farah", email: "farah@example.edu" });
    const { token } = await createApiToken({ userId: user.id, name: "Script", scope: "read-write", expiresInDays: 90 });

    expect(await getRequestViewer(requestWith(`Bearer ${token}`), "read")).toEqual(user);
    expect(await getRequestViewer(requestWith(`bearer   ${token}`), "write")).toEqual(user);
  });

  it("refuses a read-only token for writing, but not for reading", async () => {
    const user = await createUser({ name: "Gul", email: "gul@example.edu" });
    const { token } = await createApiToken({ userId: user.id, name: "Reader", scope: "read", expiresInDays: null });

    expect(await getRequestViewer(requestWith(`Bearer ${token}`), "read")).toEqual(user);
    await expect(getRequestViewer(requestWith(`Bearer ${token}`), "write")).rejects.toMatchObject({ code: "FORBIDDEN", status: 403 });
  });

  it("refuses unknown, empty and revoked tokens with 401 rather than falling back to the cookie", async () => {
    const user = await createUser({ name: "Hina", email: "hina@example.edu" });
    const { token, apiToken } = await createApiToken({ userId: user.id, name: "Gone", scope: "read", expiresInDays: null });
    await revokeApiToken(user.id, apiToken.id);

    for (const header of [`Bearer ${token}`, "Bearer mrg_unknown", "Bearer", "Bearer   "]) {
      await expect(getRequestViewer(requestWith(header), "read")).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
        status: 401,
        message: "Invalid, expired or revoked API token.",
      });
    }
  });
});

describe("requireSessionUser", () => {
  it("refuses to let a Bearer token manage tokens", async () => {
    const user = await createUser({ name: "Iqbal", email: "iqbal@example.edu" });
    const { token } = await createApiToken({ userId: user.id, name: "Writer", scope: "read-write", expiresInDays: null });
    await expect(requireSessionUser(requestWith(`Bearer ${token}`))).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: "Sign in with your password to manage API tokens.",
    });
  });
});

describe("watchCredential, for streams that outlive their request", () => {
  it("stays true while the token lives, and turns false once it is revoked", async () => {
    const user = await createUser({ name: "Iqra", email: "iqra@example.edu" });
    const { token, apiToken } = await createApiToken({ userId: user.id, name: "Live", scope: "read", expiresInDays: 30 });
    const isStillSignedIn = await watchCredential(requestWith(`Bearer ${token}`), user);
    expect(await isStillSignedIn()).toBe(true);
    await revokeApiToken(user.id, apiToken.id);
    expect(await isStillSignedIn()).toBe(false);
  });

  it("turns false for a cookie session once that session signs out, and only that one", async () => {
    process.env.NEXTAUTH_SECRET = "request-viewer-test-secret";
    const user = await createUser({ name: "Sana", email: "sana@example.edu" });
    const cookieFor = async (sid: string) => {
      const jwt = await encode({ token: { sub: user.id, sid, sessionVersion: 0 }, secret: process.env.NEXTAUTH_SECRET! });
      // Route handlers get a NextRequest, whose parsed cookies next-auth reads.
      return new NextRequest("http://localhost/api/x", { headers: { cookie: `next-auth.session-token=${jwt}` } });
    };
    const laptop = await watchCredential(await cookieFor("laptop-session"), user);
    const phone = await watchCredential(await cookieFor("phone-session"), user);
    expect([await laptop(), await phone()]).toEqual([true, true]);
    await buildAuthOptions().events!.signOut!({ token: { sub: user.id, sid: "laptop-session" }, session: undefined as never });
    expect([await laptop(), await phone()]).toEqual([false, true]);
    delete process.env.NEXTAUTH_SECRET;
  });

  it("turns false for a cookie session after 'sign out everywhere'", async () => {
    const user = await createUser({ name: "Jawad", email: "jawad@example.edu" });
    const isStillSignedIn = await watchCredential(new Request("http://localhost/api/x"), user);
    expect(await isStillSignedIn()).toBe(true);
    await revokeAllSessions(user.id);
    expect(await isStillSignedIn()).toBe(false);
  });
});
