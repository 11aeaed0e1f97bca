import "server-only";
import { randomUUID } from "node:crypto";
import { cookies } from "next/headers";
import { decode, encode, type JWT } from "next-auth/jwt";
import { authSecret } from "./secret";

/** How long a session lasts: next-auth's session maxAge (server/auth/options.ts) and the cookie's. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

type SignedInUser = { id: string; name?: string | null; email?: string | null; sessionVersion: number };

/**
 * What a new session's token says: who, their session version (revocation: "sign out everywhere"
 * bumps it) and a session id of its own (signing out revokes that id). next-auth's jwt callback
 * (server/auth/options.ts) and `issueSessionCookie` both start sessions with it, so a session
 * begun either way is the same session to everything that reads one.
 */
export function newSessionClaims(user: SignedInUser): JWT {
  return { sub: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion, sid: randomUUID() };
}

/** Whether the app is served over HTTPS, so its cookies are Secure. */
export function isHttps(): boolean {
  return (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
}

/** next-auth's cookie name: the __Secure- prefix over HTTPS (server/auth/options.ts sets useSecureCookies). */
function sessionCookieName(): string {
  return `${isHttps() ? "__Secure-" : ""}next-auth.session-token`;
}

async function setSessionCookie(claims: JWT): Promise<void> {
  const value = await encode({ token: claims, secret: authSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
  (await cookies()).set(sessionCookieName(), value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: isHttps(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}

/**
 * Signs this browser in as `user`, from a server action: the sign-in and sign-up forms submitted
 * before their page's JavaScript runs (a slow phone, a script blocked), whose credentials the
 * action has already checked. The same signed, encrypted token next-auth issues.
 */
export async function issueSessionCookie(user: SignedInUser): Promise<void> {
  await setSessionCookie(newSessionClaims(user));
}

/**
 * After a password change bumped the session version (revoking every token), this browser's own
 * session carries on: its token is re-signed with the new version, same session id. Called from
 * a server action, which may set cookies. Returns false when there was no valid token to carry on.
 */
export async function reissueSessionCookie(sessionVersion: number): Promise<boolean> {
  const current = (await cookies()).get(sessionCookieName())?.value;
  if (!current) return false;
  const token = await decode({ token: current, secret: authSecret() });
  if (!token?.sub) return false;
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = token;
  await setSessionCookie({ ...claims, sessionVersion });
  return true;
}
