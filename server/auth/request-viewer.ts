import "server-only";
import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import { inChunks } from "@/server/db/in-chunks";
import { hashApiToken } from "@/server/tokens/api-token-secret";
import { authenticateApiToken, liveTokenOwners, type TokenAccess } from "@/server/tokens/authenticate-api-token";
import { signedOutSessions } from "./options";
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
  const match = /^Bearer(?:\s+(\S.*))?$/i.exec(request.headers.get("authorization")?.trim() ?? "");
  return match ? (match[1] ?? "").trim() : null;
}

/**
 * What a request that outlives a moment (the live stream) was signed in with, to check again later
 * with `stillSignedIn`: the API token (by its hash, so no secret stays in memory), or the cookie
 * session — its own id, so signing out of it (not only everywhere) ends the stream too, and the
 * user's session version as it started, which "sign out everywhere" changes.
 */
export type StreamCredential =
  | { kind: "token"; userId: string; tokenHash: string }
  | { kind: "session"; userId: string; sessionId: string | undefined; versionAtStart: number | undefined };

export async function describeCredential(request: Request, viewer: SessionUser): Promise<StreamCredential> {
  const token = bearerToken(request);
  if (token !== null) return { kind: "token", userId: viewer.id, tokenHash: hashApiToken(token) };
  const sessionId = request.headers.has("cookie")
    ? (await getToken({ req: request as NextRequest, secret: authSecret() }))?.sid
    : undefined;
  const versionAtStart = (await db.user.findUnique({ where: { id: viewer.id }, select: { sessionVersion: true } }))?.sessionVersion;
  return { kind: "session", userId: viewer.id, sessionId, versionAtStart };
}

/**
 * For each credential, whether it still stands — the API token is not revoked or expired, or the
 * session has not been ended by "sign out everywhere" nor signed out on its own — in a few queries
 * however many there are (the live hub asks for every open stream on each heartbeat). While the
 * database cannot be asked, the answer is yes: an outage must not sign everyone out.
 */
export async function stillSignedIn(credentials: readonly StreamCredential[], now = new Date()): Promise<boolean[]> {
  try {
    const tokens = credentials.flatMap((credential) => (credential.kind === "token" ? [credential.tokenHash] : []));
    const sessions = credentials.flatMap((credential) => (credential.kind === "session" ? [credential] : []));
    const [tokenOwners, versions, signedOut] = await Promise.all([
      liveTokenOwners(tokens, now),
      sessions.length === 0 ? new Map<string, number>() : sessionVersions(sessions.map((session) => session.userId)),
      signedOutSessions(sessions.flatMap((session) => (session.sessionId ? [session.sessionId] : []))),
    ]);
    return credentials.map((credential) =>
      credential.kind === "token"
        ? tokenOwners.get(credential.tokenHash) === credential.userId
        : versions.get(credential.userId) === credential.versionAtStart && !(credential.sessionId && signedOut.has(credential.sessionId)),
    );
  } catch (error) {
    if (isDatabaseUnavailable(error)) return credentials.map(() => true);
    throw error;
  }
}

async function sessionVersions(userIds: string[]): Promise<Map<string, number>> {
  const users = await inChunks([...new Set(userIds)], (chunk) =>
    db.user.findMany({ where: { id: { in: chunk } }, select: { id: true, sessionVersion: true } }),
  );
  return new Map(users.map((user) => [user.id, user.sessionVersion]));
}

/** For one stream: a check to run again later that its credential still stands (`stillSignedIn`). */
export async function watchCredential(request: Request, viewer: SessionUser): Promise<() => Promise<boolean>> {
  const credential = await describeCredential(request, viewer);
  return async () => (await stillSignedIn([credential]))[0];
}
