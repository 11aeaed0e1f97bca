import "server-only";
import type { Provider } from "next-auth/providers/index";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { ZSignInSchema } from "@/lib/auth/account-schemas";
import { clientIp } from "@/server/http/client-ip";
import { rememberThisBrowser, thisBrowsersKnownDevice } from "./known-device";
import { type AttemptSource, throttlePasswordCheck } from "./sign-in-throttle";
import { findUserByPassword } from "./users";

/**
 * An email and password checked for signing in, behind the failed-attempt throttle: the account,
 * or null for wrong credentials; throws SignInThrottledError while the email or address is locked.
 */
export function checkPasswordSignIn(credentials: Record<string, unknown> | undefined, source: AttemptSource) {
  return throttlePasswordCheck({ email: credentials?.email, ...source }, async () => {
    const parsed = ZSignInSchema.safeParse(credentials ?? {});
    return parsed.success ? findUserByPassword(parsed.data.email, parsed.data.password) : null;
  });
}

/**
 * A password sign-in as this request makes it: checked (checkPasswordSignIn) from the client's
 * address and with the browser's known-device cookie, and on success the browser is remembered as
 * a device of the account. The credentials provider below and the sign-in form's script-less
 * action both sign in through it, so the two ways behave alike. In a route handler or a server
 * action (it reads and sets this request's cookies).
 */
export async function signInWithPassword(credentials: Record<string, unknown> | undefined, requestHeaders: Headers) {
  const user = await checkPasswordSignIn(credentials, { ip: clientIp(requestHeaders), knownDevice: await thisBrowsersKnownDevice() });
  if (user) await rememberThisBrowser(user);
  return user;
}

/** The external identity providers switched on by the environment, for the sign-in page. */
export type ExternalProvider = { id: string; name: string };

export function externalProviders(env: NodeJS.ProcessEnv = process.env): ExternalProvider[] {
  const providers: ExternalProvider[] = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET) providers.push({ id: "github", name: "GitHub" });
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) providers.push({ id: "google", name: "Google" });
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    providers.push({ id: "oidc", name: env.OIDC_NAME || "single sign-on" });
  }
  return providers;
}

type GitHubEmail = { email: string; primary: boolean; verified: boolean };

/** GitHub's answer to "which address, and is it verified": the primary address and GitHub's own verified flag. */
export function gitHubPrimaryEmail(
  emails: GitHubEmail[],
  publicEmail: string | null | undefined,
): { email?: string; email_verified: boolean } {
  const primary = emails.find((entry) => entry.primary);
  if (primary) return { email: primary.email, email_verified: primary.verified === true };
  return { email: publicEmail ?? undefined, email_verified: false };
}

export function authProviders(env: NodeJS.ProcessEnv = process.env): Provider[] {
  const providers: Provider[] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // Throttled here, on the credentials exactly as next-auth parsed them, whatever the request's form.
      authorize: (credentials, request) => signInWithPassword(credentials, new Headers(request.headers as Record<string, string>)),
    }),
  ];
  const enabled = new Set(externalProviders(env).map((provider) => provider.id));
  if (enabled.has("github")) {
    providers.push(
      GitHubProvider({
        clientId: env.GITHUB_ID!,
        clientSecret: env.GITHUB_SECRET!,
        // GitHub's profile has no email_verified claim, and next-auth's default falls back to the
        // primary address without asking whether GitHub verified it. Ask: the account's primary
        // address, and email_verified only when GitHub has verified that address.
        userinfo: {
          url: "https://api.github.com/user",
          async request({ client, tokens }) {
            const profile = await client.userinfo(tokens.access_token!);
            const response = await fetch("https://api.github.com/user/emails", {
              headers: { Authorization: `Bearer ${tokens.access_token}`, Accept: "application/vnd.github+json" },
            });
            const emails = response.ok ? ((await response.json()) as GitHubEmail[]) : [];
            return { ...profile, ...gitHubPrimaryEmail(emails, profile.email as string | null | undefined) };
          },
        },
      }),
    );
  }
  if (enabled.has("google")) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID!, clientSecret: env.GOOGLE_CLIENT_SECRET! }));
  }
  if (enabled.has("oidc")) {
    // A university's single sign-on: any OpenID Connect issuer, discovered from its well-known document.
    providers.push({
      id: "oidc",
      name: env.OIDC_NAME || "Single sign-on",
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID!,
      clientSecret: env.OIDC_CLIENT_SECRET!,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; name?: string; preferred_username?: string; email?: string }) {
        return { id: profile.sub, name: profile.name ?? profile.preferred_username ?? null, email: profile.email ?? null };
      },
    });
  }
  return providers;
}
