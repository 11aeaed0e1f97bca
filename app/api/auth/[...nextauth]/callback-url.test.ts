// next-auth answered 500 for a callbackUrl it cannot use, in a POST body, a query or its own
// cookie (it parses them with `new URL`). The route refuses a body's or a query's with 400 and drops
// such a cookie (./route.test.ts); these run next-auth itself (its Node form, with the app's options)
// to show that the route's rule, isUnusableCallbackUrl, is next-auth's own, and that the redirect
// callback keeps every usable one on this site.
import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUnusableCallbackUrl } from "@/lib/auth/safe-callback-url";
import { buildAuthOptions } from "@/server/auth/options";

const APP = "http://localhost:3999";
const ENV_KEYS = ["NEXTAUTH_URL", "NEXTAUTH_SECRET"] as const;
const previousEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

beforeAll(() => {
  Object.assign(process.env, { NEXTAUTH_URL: APP, NEXTAUTH_SECRET: "callback-url-test-secret" });
});
afterAll(() => {
  for (const key of ENV_KEYS) {
    if (previousEnv[key] === undefined) delete process.env[key];
    else process.env[key] = previousEnv[key];
  }
});

type Answer = { status: number; location: string | null; body: unknown; cookies: string[] };

/** One request to next-auth's handler (its Node form) with the app's options, as the route builds them. */
async function nextAuth(
  method: "GET" | "POST",
  route: string[],
  input: { query?: Record<string, string>; body?: Record<string, string>; cookies?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string[]> = {};
  let status = 200;
  let body: unknown = null;
  const request = {
    method,
    query: { nextauth: route, ...input.query },
    body: input.body ?? {},
    cookies: input.cookies ?? {},
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
  await NextAuth(request, response, buildAuthOptions());
  return { status, location: headers.location?.[0] ?? null, body, cookies: headers["set-cookie"] ?? [] };
}

/** The CSRF token and its cookie, as a browser holds them before signing out. */
async function csrf(): Promise<{ token: string; cookies: Record<string, string> }> {
  const answer = await nextAuth("GET", ["csrf"]);
  const cookies = Object.fromEntries(
    answer.cookies.map((cookie) => {
      const [pair] = cookie.split(";");
      return [pair.slice(0, pair.indexOf("=")), decodeURIComponent(pair.slice(pair.indexOf("=") + 1))];
    }),
  );
  return { token: (answer.body as { csrfToken: string }).csrfToken, cookies };
}

const VALUES = [
  "http://a:99999/",
  "http://localhost:3300.evil.example/",
  "groups",
  "javascript:alert(1)",
  "/groups\t/x",
  "/groups",
  "/",
  `${APP}/account`,
  "https://evil.example/",
  "//evil.example/x",
];

describe("a callbackUrl next-auth reads from its cookie or the query", () => {
  it("is refused by next-auth (a 500) only when the route's rule calls it unusable", async () => {
    // The rule adds control characters, which next-auth would write into a Location header.
    expect(VALUES.filter((value) => isUnusableCallbackUrl(value, APP))).toEqual(VALUES.slice(0, 5));
    for (const value of VALUES) {
      const refused = VALUES.indexOf(value) < 4;
      for (const route of [["session"], ["csrf"]]) {
        const byCookie = await nextAuth("GET", route, { cookies: { "next-auth.callback-url": value } });
        expect(byCookie.status, `${route[0]}, cookie ${value}`).toBe(refused ? 500 : 200);
        const byQuery = await nextAuth("GET", route, { query: { callbackUrl: value } });
        expect(byQuery.status, `${route[0]}, query ${value}`).toBe(refused ? 500 : 200);
      }
    }
  });

  it("sends sign-out (from a body next-auth takes) to an address on this site, and never to another", async () => {
    const cases: Record<string, string> = {
      "/groups?x=1": `${APP}/groups?x=1`,
      [`${APP}/account`]: `${APP}/account`,
      "https://evil.example/": APP,
      "//evil.example/x": APP,
      "/\\evil.example/x": APP,
      "http://localhost:3999.evil.example/": APP,
    };
    for (const [callbackUrl, expected] of Object.entries(cases)) {
      const { token, cookies } = await csrf();
      const answer = await nextAuth("POST", ["signout"], { body: { csrfToken: token, callbackUrl }, cookies });
      expect(answer.status, callbackUrl).toBe(302);
      expect(answer.location, callbackUrl).toBe(expected);
    }
  });
});
