import "server-only";
import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import { authenticateApiToken, type TokenAccess } from "@/server/tokens/authenticate-api-token";
import { isSessionSignedOut } from "./options";
import { authSecret } from "./secret";
import { getCurrentUser } from "./session";
import type { SessionUser } from "./users";

/**
 * Who is asking, for a JSON API route handler: the owner of the personal API token in
 * `Authorization: Bearer …` (refused if the token is dead, or read-only and `access` is "write"),
 * or else whoever the session cookie belongs to (null when nobody is signed in).
 */
export function getRequestViewer(request: Request, access: TokenAccess): Promise<SessionUser | null> {
  // Asked twice per request (server/http/api-route.ts settles the caller before the body, then
  // the route asks again): answered once, so a request costs one session or token lookup.
  const asked = viewersAsked.get(request) ?? new Map<TokenAccess, Promise<SessionUser | null>>();
  viewersAsked.set(request, asked);
  if (!asked.has(access)) asked.set(access, lookUpViewer(request, access));
  return asked.get(access)!;
}

const viewersAsked = new WeakMap<Request, Map<TokenAccess, Promise<SessionUser | null>>>();

async function lookUpViewer(request: Request, access: TokenAccess): Promise<SessionUser | null> {
  const token = bearerToken(request);
  if (token === null) return getCurrentUser();
  return authenticateApiToken(token, access);
}

/**
 * The signed-in person for routes that manage tokens: a cookie session only, so a leaked token
 * can never mint more tokens or un-revoke itself.
 */
export async function requireSessionUser(request: Request): Promise<SessionUser> {
  if (bearerToken(request) !== null) {
    throw new AppError("UNAUTHENTICATED", "Sign in with your password to manage API tokens.");
  }
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in with your password to manage API tokens.");
  return user;
}

/** The token of an `Authorization: Bearer <token>` header ("" if it is empty), or null without one. */
function bearerToken(request: Request): string | null {
  const match = /^Bearer(?:\s+(.*))?$/i.exec(request.headers.get("authorization")?.trim() ?? "");
  return match ? (match[1] ?? "").trim() : null;
}

/**
 * For requests that outlive a moment (the live stream): a check, to run again later, that the
 * credential this request came with still stands — the API token is not revoked or expired, or
 * the session has not been ended by "sign out everywhere" (its version is unchanged) nor signed out
 * on its own. While the
 * database cannot be asked, the answer is yes: an outage must not sign everyone out.
 */
export async function watchCredential(request: Request, viewer: SessionUser): Promise<() => Promise<boolean>> {
  const token = bearerToken(request);
  if (token !== null) {
    return () => stillTrue(async () => (await authenticateApiToken(token, "read")).id === viewer.id);
  }
  // This session's own id, so signing out of it (not only everywhere) ends the stream too.
  const sessionId = request.headers.has("cookie")
    ? (await getToken({ req: request as NextRequest, secret: authSecret() }))?.sid
    : undefined;
  const versionAtStart = (await db.user.findUnique({ where: { id: viewer.id }, select: { sessionVersion: true } }))?.sessionVersion;
  return () =>
    stillTrue(async () => {
      const user = await db.user.findUnique({ where: { id: viewer.id }, select: { sessionVersion: true } });
      return user?.sessionVersion === versionAtStart && !(await isSessionSignedOut(sessionId));
    });
}

async function stillTrue(check: () => Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return true;
    if (error instanceof AppError) return false;
    throw error;
  }
}
