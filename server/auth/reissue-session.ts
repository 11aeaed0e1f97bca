import "server-only";
import { cookies } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import { authSecret } from "./secret";

const THIRTY_DAYS = 30 * 24 * 60 * 60;

/**
 * After a password change bumped the session version (revoking every token), this browser's own
 * session carries on: its token is re-signed with the new version, same session id. Called from
 * a server action, which may set cookies. Returns false when there was no valid token to carry on.
 */
export async function reissueSessionCookie(sessionVersion: number): Promise<boolean> {
  const isHttps = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
  // next-auth's cookie name: the __Secure- prefix over HTTPS (server/auth/options.ts sets useSecureCookies).
  const name = `${isHttps ? "__Secure-" : ""}next-auth.session-token`;
  const store = await cookies();
  const current = store.get(name)?.value;
  if (!current) return false;
  const secret = authSecret();
  const token = await decode({ token: current, secret });
  if (!token?.sub) return false;
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = token;
  const value = await encode({ token: { ...claims, sessionVersion }, secret, maxAge: THIRTY_DAYS });
  store.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure: isHttps, maxAge: THIRTY_DAYS });
  return true;
}
