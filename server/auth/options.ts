import "server-only";
import type { AuthOptions } from "next-auth";
import { authProviders } from "./providers";
import { authSecret } from "./secret";
import { db } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";
import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import { isEmailVerifiedByProvider } from "@/lib/auth/provider-email";
import { onSiteCallbackUrl } from "@/lib/auth/safe-callback-url";
import { linkIntentUser } from "./link-intent";
import { newSessionClaims, SESSION_MAX_AGE_SECONDS } from "./session-cookie";
import { findUserByExternalAccount, resolveExternalSignIn } from "./users";

/** Thrown from the jwt callback; next-auth answers it by clearing the session cookie. */
const SESSION_REVOKED = "SessionRevokedError";
class SessionRevokedError extends Error {
  // A string, not the class's own name: production builds minify class names.
  override name = SESSION_REVOKED;
}

type AuthRequestContext = {
  /** The "connect this provider" cookie the account page set (server/auth/link-intent.ts), on a provider's callback. */
  linkIntent?: string;
};

export function buildAuthOptions(context: AuthRequestContext = {}): AuthOptions {
  const isHttps = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
  return {
    secret: authSecret(),
    providers: authProviders(),
    // Credentials sign-in requires JWT sessions. Revocation comes from the session version below.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // HttpOnly, SameSite=Lax and (over HTTPS) Secure with the __Secure- prefix: next-auth's
    // defaults, stated here so nobody loosens them by accident.
    useSecureCookies: isHttps,
    pages: { signIn: "/signin", error: "/signin" },
    callbacks: {
      // An external sign-in is decided here, before any session exists: connected, created, or
      // refused with a reason the sign-in page explains (server/auth/users.ts has the rule).
      async signIn({ user, account, profile }) {
        if (!account || account.type === "credentials") return true;
        const connectTo = (await linkIntentUser(context.linkIntent, account.provider)) ?? undefined;
        const outcome = await resolveExternalSignIn(
          {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            email: user.email,
            name: user.name,
            isEmailVerified: isEmailVerifiedByProvider(profile),
          },
          connectTo,
        );
        // Refused: the signed-in person connecting from their account page hears it there.
        if (outcome.status === "refused") return connectTo ? `/account?connectError=${outcome.reason}` : `/signin?error=${outcome.reason}`;
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          // Signing in: bind the token to our user id and their current session version. An
          // external identity was connected by the signIn callback above, or this is refused.
          const signedIn =
            account.type === "credentials"
              ? (user as typeof user & { sessionVersion: number })
              : await findUserByExternalAccount(account.provider, account.providerAccountId);
          if (!signedIn) throw new Error("An external sign-in reached the session without a connected account.");
          return newSessionClaims(signedIn);
        }
        // Every later use of the token: the user must still exist, must not have signed out
        // everywhere since the token was issued, and this session must not have signed out.
        let current: { name: string; email: string; sessionVersion: number } | null;
        let isSignedOut: boolean;
        try {
          [current, isSignedOut] = await Promise.all([
            token.sub ? db.user.findUnique({ where: { id: token.sub }, select: { name: true, email: true, sessionVersion: true } }) : null,
            isSessionSignedOut(token.sid),
          ]);
        } catch (error) {
          // The database is unreachable (PostgreSQL restarting): keep the signed token for this
          // request rather than sign the reader out. Nothing can be read or changed without the
          // database anyway, so the request itself ends in a 503 that says so, and the outbox
          // retries; the revocation check runs again on the next request.
          if (isDatabaseUnavailable(error)) return token;
          throw error;
        }
        if (!current || current.sessionVersion !== token.sessionVersion || isSignedOut) throw new SessionRevokedError();
        return { ...token, name: current.name, email: current.email };
      },
      // Where sign-in and sign-out go: a callbackUrl (query, body or next-auth's own cookie) on this
      // site, else the site itself. next-auth's default threw on one that is no URL (a 500).
      redirect({ url, baseUrl }) {
        return onSiteCallbackUrl(url, baseUrl);
      },
      session({ session, token }) {
        session.user = { id: token.sub!, name: token.name ?? "", email: token.email ?? "" };
        return session;
      },
    },
    events: {
      // Signing out ends this session on the server too, not only in this browser: a copy of its
      // cookie is refused from now on (ASVS 7.4.1).
      async signOut({ token }) {
        if (token?.sid && token.sub) await revokeSession(token.sid, token.sub, token.exp);
      },
    },
    logger: {
      error(code, metadata) {
        // A revoked session is the expected outcome of "sign out everywhere", not a fault.
        const cause = (metadata as { error?: { name?: string } } | undefined)?.error ?? metadata;
        if ((cause as { name?: string } | undefined)?.name === SESSION_REVOKED) return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
      warn(code) {
        if (code === "NEXTAUTH_URL" || code === "DEBUG_ENABLED") return;
        console.warn(`[next-auth][warn][${code}]`);
      },
      debug() {},
    },
  };
}

/** Tokens issued before sessions had ids carry none; they end at "sign out everywhere" or expiry. */
export async function isSessionSignedOut(sid: string | undefined): Promise<boolean> {
  if (!sid) return false;
  return (await db.revokedSession.findUnique({ where: { id: sid }, select: { id: true } })) !== null;
}

/** `isSessionSignedOut` for many sessions at once (the live hub's heartbeat): the ids among them that signed out. */
export async function signedOutSessions(sids: readonly string[]): Promise<Set<string>> {
  const rows = await inChunks([...new Set(sids)], (chunk) =>
    db.revokedSession.findMany({ where: { id: { in: chunk } }, select: { id: true } }),
  );
  return new Set(rows.map((row) => row.id));
}

async function revokeSession(sid: string, userId: string, exp: unknown): Promise<void> {
  const now = new Date();
  const expiresAt = typeof exp === "number" ? new Date(exp * 1000) : new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.revokedSession.upsert({ where: { id: sid }, create: { id: sid, userId, expiresAt }, update: {} });
  // Housekeeping: a revoked token past its expiry is refused anyway.
  await db.revokedSession.deleteMany({ where: { expiresAt: { lte: now } } });
}
