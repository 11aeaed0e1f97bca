// Account pre-claiming (issue #11, item 9), through next-auth's real OAuth callback: a real OpenID
// Connect issuer (tests/oidc/oidc-issuer.ts) signs the ID token, next-auth discovers the issuer,
// exchanges the code and verifies the signature, then runs our callbacks. What comes back is what
// a browser would get: a redirect, and a session cookie or none.
import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startOidcIssuer, type IdTokenClaims, type OidcIssuer } from "@/tests/oidc/oidc-issuer";
import { buildAuthOptions } from "./options";
import { sealLinkIntent } from "./link-intent";
import { createUserWithPassword, revokeAllSessions } from "./users";

const APP = "http://localhost:3999";
const SECRET = "pre-claiming-test-secret";
const ENV_KEYS = ["NEXTAUTH_URL", "NEXTAUTH_SECRET", "OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
const previousEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
let issuer: OidcIssuer;

beforeAll(async () => {
  issuer = await startOidcIssuer();
  Object.assign(process.env, {
    NEXTAUTH_URL: APP,
    NEXTAUTH_SECRET: SECRET,
    OIDC_ISSUER: issuer.issuer,
    OIDC_CLIENT_ID: issuer.clientId,
    OIDC_CLIENT_SECRET: issuer.clientSecret,
  });
});
afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (previousEnv[key] === undefined) delete process.env[key];
    else process.env[key] = previousEnv[key];
  }
  await issuer.close();
  await db.$disconnect();
});

type Answer = { status: number; location: string | null; body: unknown };

/** A browser's cookie jar plus one request to next-auth's handler (its Node request/response form). */
class Browser {
  readonly cookies = new Map<string, string>();
  /** The account page's "connect" cookie, as app/api/auth/[...nextauth]/route.ts hands it to the options. */
  linkIntent?: string;

  async request(method: "GET" | "POST", route: string[], input: { query?: Record<string, string>; body?: Record<string, string> } = {}) {
    const headers: Record<string, string[]> = {};
    let status = 200;
    let body: unknown = null;
    const request = {
      method,
      query: { nextauth: route, ...input.query },
      body: input.body ?? {},
      // Decoded, as Next.js parses the Cookie header for this (Node) form of the handler.
      cookies: Object.fromEntries([...this.cookies].map(([name, value]) => [name, decodeURIComponent(value)])),
      headers: { host: new URL(APP).host },
    } as unknown as NextApiRequest;
    const response = {
      status(code: number) {
        status = code;
        return response;
      },
      setHeader(name: string, value: string | string[]) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value : [value];
        return response;
      },
      getHeader: (name: string) => headers[name.toLowerCase()],
      end: () => response,
      send(value: unknown) {
        body = value;
        return response;
      },
      json(value: unknown) {
        body = value;
        return response;
      },
    } as unknown as NextApiResponse;
    await NextAuth(request, response, buildAuthOptions({ linkIntent: this.linkIntent }));
    for (const cookie of headers["set-cookie"] ?? []) {
      const [pair] = cookie.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const value = pair.slice(pair.indexOf("=") + 1);
      if (/max-age=0/i.test(cookie) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status, location: headers.location?.[0] ?? null, body } satisfies Answer;
  }

  /** "Continue with single sign-on", the issuer authenticating someone with these claims, and the way back. */
  async signInWithOidc(claims: IdTokenClaims): Promise<Answer> {
    const { csrfToken } = (await this.request("GET", ["csrf"])).body as { csrfToken: string };
    const start = await this.request("POST", ["signin", "oidc"], { body: { csrfToken, callbackUrl: `${APP}/` } });
    const authorize = new URL(start.location ?? "");
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${issuer.issuer}/authorize`);
    const state = authorize.searchParams.get("state") ?? "";
    return this.request("GET", ["callback", "oidc"], { query: { code: issuer.issueCode(claims), state } });
  }

  /** Whose session this browser holds now, read from the signed session cookie; null for none. */
  async sessionUserId(): Promise<string | null> {
    const token = this.cookies.get("next-auth.session-token");
    if (!token) return null;
    return (await decode({ token, secret: SECRET }))?.sub ?? null;
  }
}

async function connectedAccounts(userId: string): Promise<number> {
  return db.account.count({ where: { userId } });
}

describe("account pre-claiming through an external sign-in", () => {
  it.each([
    ["no email_verified claim", {}],
    ["email_verified: false", { email_verified: false }],
  ])("does not hand a password account to an identity with the same email and %s", async (_, claim) => {
    // Someone signed up with a password using the victim's address (nobody ever verified it).
    const claimed = await createUserWithPassword({ name: "Victim?", email: "victim-a@uni.edu", password: "attacker's password" });
    const browser = new Browser();
    const answer = await browser.signInWithOidc({ sub: `sso-${Object.keys(claim).length}-a`, email: "victim-a@uni.edu", ...claim });

    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/signin?error=AccountExists");
    expect(await browser.sessionUserId()).toBeNull();
    expect(await connectedAccounts(claimed.id)).toBe(0);
    await db.user.delete({ where: { id: claimed.id } });
  });

  it("does not merge the real owner's verified identity into an account whose address was never verified", async () => {
    // The pre-claim proper: the attacker registers the address first, with a password they keep;
    // the owner later signs in with their university account, which does verify the address.
    const claimed = await createUserWithPassword({ name: "Attacker", email: "owner@uni.edu", password: "attacker's password" });
    const owner = new Browser();
    const answer = await owner.signInWithOidc({ sub: "owner-sub", email: "owner@uni.edu", email_verified: true });

    expect(answer.location).toBe("/signin?error=AccountExists");
    expect(await owner.sessionUserId()).toBeNull();
    expect(await connectedAccounts(claimed.id)).toBe(0);
  });

  it("connects and signs in when the account verified its address and the issuer asserts it too", async () => {
    const account = await createUserWithPassword({ name: "Rin", email: "rin@uni.edu", password: "a long password" });
    await db.user.update({ where: { id: account.id }, data: { emailVerifiedAt: new Date() } });
    const browser = new Browser();
    const answer = await browser.signInWithOidc({ sub: "rin-sub", email: "rin@uni.edu", email_verified: true });

    expect(answer.location).toBe(`${APP}/`);
    expect(await browser.sessionUserId()).toBe(account.id);
    expect(await connectedAccounts(account.id)).toBe(1);
  });

  it("gives an identity with an unverified, unknown address an account of its own, unverified", async () => {
    const browser = new Browser();
    const answer = await browser.signInWithOidc({ sub: "new-sub", email: "newcomer@uni.edu" });

    expect(answer.location).toBe(`${APP}/`);
    const created = await db.user.findUniqueOrThrow({ where: { email: "newcomer@uni.edu" } });
    expect(await browser.sessionUserId()).toBe(created.id);
    expect(created.emailVerifiedAt).toBeNull();
  });
});

describe("connecting an identity from the account page", () => {
  it("connects the identity to the signed-in account that asked, whatever email it has there", async () => {
    const account = await createUserWithPassword({ name: "Sol", email: "sol@uni.edu", password: "a long password" });
    const browser = new Browser();
    browser.linkIntent = sealLinkIntent({ userId: account.id, provider: "oidc", sessionVersion: 0 }).value;
    const answer = await browser.signInWithOidc({ sub: "sol-personal", email: "sol.personal@mail.example" });

    expect(answer.location).toBe(`${APP}/`);
    expect(await browser.sessionUserId()).toBe(account.id);
    expect(await connectedAccounts(account.id)).toBe(1);
    // From now on the identity signs in to that account on its own.
    const later = new Browser();
    await later.signInWithOidc({ sub: "sol-personal", email: "sol.personal@mail.example" });
    expect(await later.sessionUserId()).toBe(account.id);
  });

  it("ignores a connect cookie that was tampered with, is for another provider, has expired, or predates signing out everywhere", async () => {
    const account = await createUserWithPassword({ name: "Tao", email: "tao@uni.edu", password: "a long password" });
    const genuine = sealLinkIntent({ userId: account.id, provider: "oidc", sessionVersion: 0 }).value;
    const [payload, signature] = genuine.split(".");
    const otherUser = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), userId: "someone" }));
    const cookies = {
      tampered: `${otherUser.toString("base64url")}.${signature}`,
      "another provider": sealLinkIntent({ userId: account.id, provider: "github", sessionVersion: 0 }).value,
      expired: sealLinkIntent({ userId: account.id, provider: "oidc", sessionVersion: 0 }, new Date(Date.now() - 11 * 60 * 1000)).value,
    };
    for (const [label, cookie] of Object.entries(cookies)) {
      const browser = new Browser();
      browser.linkIntent = cookie;
      // The same address as the account, unverified on both sides: without a valid cookie this is refused.
      const answer = await browser.signInWithOidc({ sub: `tao-${label}`, email: "tao@uni.edu" });
      expect(answer.location, label).toBe("/signin?error=AccountExists");
      expect(await browser.sessionUserId(), label).toBeNull();
    }
    await revokeAllSessions(account.id);
    const stale = new Browser();
    stale.linkIntent = genuine;
    expect((await stale.signInWithOidc({ sub: "tao-stale", email: "tao@uni.edu" })).location).toBe("/signin?error=AccountExists");
    expect(await connectedAccounts(account.id)).toBe(0);
  });

  it("refuses to move an identity already connected to another account, and tells the account page", async () => {
    const first = await createUserWithPassword({ name: "Uma", email: "uma@uni.edu", password: "a long password" });
    const second = await createUserWithPassword({ name: "Vik", email: "vik@uni.edu", password: "a long password" });
    const connect = new Browser();
    connect.linkIntent = sealLinkIntent({ userId: first.id, provider: "oidc", sessionVersion: 0 }).value;
    await connect.signInWithOidc({ sub: "shared-sub", email: "shared@mail.example" });

    const thief = new Browser();
    thief.linkIntent = sealLinkIntent({ userId: second.id, provider: "oidc", sessionVersion: 0 }).value;
    const answer = await thief.signInWithOidc({ sub: "shared-sub", email: "shared@mail.example" });
    expect(answer.location).toBe("/account?connectError=IdentityTaken");
    expect(await thief.sessionUserId()).toBeNull();
    expect(await connectedAccounts(second.id)).toBe(0);
  });
});
