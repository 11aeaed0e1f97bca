// The route's own refusals (a callbackUrl next-auth cannot use: 400 in a query or a POST body, a
// cookie dropped), with next-auth and next/headers stood in for: what next-auth does with each
// value is ./callback-url.test.ts's subject.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const seen = vi.hoisted(() => ({ jar: new Map<string, string>(), calls: 0 }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    delete: (name: string) => seen.jar.delete(name),
    getAll: () => [...seen.jar].map(([name, value]) => ({ name, value })),
  }),
}));
// next-auth answers with the cookies it was left to read.
vi.mock("next-auth", () => ({
  default: async () => {
    seen.calls += 1;
    return Response.json({ cookies: Object.fromEntries(seen.jar) });
  },
}));

const { GET, POST } = await import("./route");

const APP = "http://localhost:3999";

beforeAll(() => vi.stubEnv("NEXTAUTH_SECRET", "route-test-secret"));
afterAll(() => vi.unstubAllEnvs());
const NO_URLS = ["http://localhost:3300.evil.example/", "http://a:99999/", "/groups\t/x"];
const POSTS = [["callback", "credentials"], ["signin", "credentials"], ["signout"]];

function post(route: string[], body: string, type: string): Promise<Response> {
  seen.jar.clear();
  const request = new NextRequest(`${APP}/api/auth/${route.join("/")}`, { method: "POST", headers: { "content-type": type }, body });
  return POST(request, { params: Promise.resolve({ nextauth: route }) });
}

describe("a callbackUrl in a POST body that is no address", () => {
  it.each(POSTS)("is a 400 in the app's error shape on /api/auth/%s/%s, as a form and as JSON", async (...route) => {
    for (const callbackUrl of NO_URLS) {
      const fields = { csrfToken: "x", email: "a@b.example", password: "a password", callbackUrl };
      for (const [body, type] of [
        [new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded"],
        [JSON.stringify(fields), "application/json"],
      ]) {
        const response = await post(route, body, type);
        expect(response.status, `${type}: ${callbackUrl}`).toBe(400);
        expect(await response.json()).toEqual({
          error: { code: "BAD_REQUEST", status: 400, message: expect.stringContaining("callbackUrl") },
        });
      }
    }
  });

  it("is a 400 when it is not text, or the JSON body is not JSON", async () => {
    expect((await post(["signout"], JSON.stringify({ callbackUrl: 5 }), "application/json")).status).toBe(400);
    expect((await post(["signout"], JSON.stringify({ callbackUrl: ["/"] }), "application/json")).status).toBe(400);
    const broken = await post(["signout"], "{", "application/json");
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: "BAD_REQUEST", message: "The request body is not valid JSON." } });
  });
});

describe("a callbackUrl in the query that is no address", () => {
  it("is a 400 on GET and POST alike, before next-auth runs", async () => {
    const before = seen.calls;
    for (const route of [["session"], ["csrf"], ["signin"], ["signout"]]) {
      for (const callbackUrl of NO_URLS) {
        const url = `${APP}/api/auth/${route[0]}?${new URLSearchParams({ callbackUrl })}`;
        const get = await GET(new NextRequest(url), { params: Promise.resolve({ nextauth: route }) });
        expect(get.status, `${route[0]}: ${callbackUrl}`).toBe(400);
        const posted = await POST(new NextRequest(url, { method: "POST" }), { params: Promise.resolve({ nextauth: route }) });
        expect(posted.status, `${route[0]}: ${callbackUrl}`).toBe(400);
      }
    }
    expect(seen.calls).toBe(before);
  });
});

describe("a callback cookie next-auth cannot use", () => {
  it("is dropped before next-auth reads the cookies, and the request goes on", async () => {
    for (const value of [...NO_URLS, "groups"]) {
      for (const name of ["next-auth.callback-url", "__Secure-next-auth.callback-url"]) {
        seen.jar = new Map([
          [name, value],
          ["next-auth.session-token", "kept"],
        ]);
        const request = new NextRequest(`${APP}/api/auth/session`, {
          headers: { cookie: `${name}=${encodeURIComponent(value)}; next-auth.session-token=kept` },
        });
        const response = await GET(request, { params: Promise.resolve({ nextauth: ["session"] }) });
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ cookies: { "next-auth.session-token": "kept" } });
      }
    }
    // A usable one is left as it is.
    seen.jar = new Map([["next-auth.callback-url", "/groups"]]);
    const request = new NextRequest(`${APP}/api/auth/csrf`, { headers: { cookie: "next-auth.callback-url=%2Fgroups" } });
    const response = await GET(request, { params: Promise.resolve({ nextauth: ["csrf"] }) });
    expect(await response.json()).toEqual({ cookies: { "next-auth.callback-url": "/groups" } });
  });
});
