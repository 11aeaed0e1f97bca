import { randomUUID } from "node:crypto";
import { createServer, get as httpGet, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openChangeMarker, type ChangeMarker } from "@/server/db/change-marker";
import { provider } from "@/server/db/client";
import { createUser } from "@/tests/factories";
import { createPageCache, type PageCache, type PageCacheOptions } from "./page-cache";

// The cache in front of a renderer that answers the way Next does for a page: a fresh nonce in the
// CSP header and on every script, the body in several writes, gzip when the client takes it. The
// end-to-end test (e2e/faults-last/page-cache.spec.ts) puts the real Next server and database
// behind it.
//
// Most tests here move the database marker by hand (`commits`), because on PostgreSQL the real one
// spans the whole server, where the suite's other files commit all the time. What the real marker
// promises is proven on both databases by server/db/change-marker.test.ts; the last test here uses
// it on SQLite, where each test file has a database of its own.

type Rendering = { status?: number; contentType?: string; setCookie?: boolean; words?: string };

let commits = 0;
const marker: ChangeMarker = { read: async () => String(commits), close: async () => {} };
let clock = 0;
let renders = 0;
let rendering: Rendering = {};
let cache: PageCache;
let server: Server;
let base: string;

function render(request: IncomingMessage, response: ServerResponse) {
  renders += 1;
  const nonce = Buffer.from(randomUUID()).toString("base64");
  const page = `<!doctype html><html><head><script nonce="${nonce}">boot()</script></head><body><p>${rendering.words ?? "words"} for ${
    request.headers.cookie ?? "nobody"
  }, rendering ${renders}</p><script nonce="${nonce}" src="/app.js"></script><script nonce="${nonce}">self.__next_f.push([1,"{\\"nonce\\":\\"${nonce}\\"}"])</script></body></html>`;
  response.statusCode = rendering.status ?? 200;
  response.setHeader("Content-Type", rendering.contentType ?? "text/html; charset=utf-8");
  response.setHeader("Content-Security-Policy", `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  response.setHeader("Link", `</app.css>; rel=preload; as="style"; nonce="${nonce}"`);
  if (rendering.setCookie) response.setHeader("Set-Cookie", "session=renewed");
  const gzip = /gzip/.test(String(request.headers["accept-encoding"] ?? ""));
  const body = gzip ? gzipSync(page) : Buffer.from(page);
  if (gzip) response.setHeader("Content-Encoding", "gzip");
  const half = Math.floor(body.length / 2);
  response.write(body.subarray(0, half));
  setTimeout(() => response.end(body.subarray(half)), 5);
}

beforeAll(async () => {
  cache = createPageCache({
    marker,
    isCacheablePath: (pathname) => pathname.startsWith("/read/"),
    ttlMs: 10_000,
    maxBytes: 1024 * 1024,
    now: () => clock,
  });
  server = createServer((request, response) => void cache.handle(request, response, () => render(request, response)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  rendering = {};
});

type Answer = { status: number; cache: string | null; body: string; nonce: string | undefined; headers: Headers };

async function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { headers });
  const body = await response.text(); // fetch undoes gzip
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  return { status: response.status, cache: response.headers.get("x-page-cache"), body, nonce, headers: response.headers };
}

/**
 * A cache of its own (the shared one's options, changed by `options`) in front of the renderer, on a
 * port of its own, for as long as `run` takes.
 */
async function withOwnCache(options: Partial<PageCacheOptions>, run: (url: (path: string) => string, cache: PageCache) => Promise<void>) {
  const own = createPageCache({ marker, isCacheablePath: () => true, ttlMs: 10_000, maxBytes: 1024 * 1024, now: () => clock, ...options });
  const direct = createServer((request, response) => void own.handle(request, response, () => render(request, response)));
  await new Promise<void>((resolve) => direct.listen(0, "127.0.0.1", resolve));
  try {
    await run((path) => `http://127.0.0.1:${(direct.address() as AddressInfo).port}${path}`, own);
  } finally {
    direct.closeAllConnections();
    await new Promise((resolve) => direct.close(resolve));
  }
}

/** Sends `request` as raw bytes (targets fetch would refuse to send) and resolves with the whole answer. */
async function rawRequest(request: string): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

/** The response's bytes exactly as sent (fetch would undo gzip). */
async function rawBytes(
  path: string,
  headers: Record<string, string>,
): Promise<{ cache: string; nonce: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(`${base}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          cache: String(response.headers["x-page-cache"]),
          nonce: /'nonce-([^']+)'/.exec(String(response.headers["content-security-policy"]))?.[1],
          body: Buffer.concat(chunks),
        }),
      );
    }).on("error", reject);
  });
}

/** The body with its nonce replaced by a placeholder: what must be the same from one serving to the next. */
function withoutNonce(answer: Answer): string {
  return answer.body.replaceAll(answer.nonce!, "NONCE");
}

let pages = 0;
/** A path no earlier test has used: entries are per address. */
const freshPath = () => `/read/page-${(pages += 1)}`;

describe("the reading page cache", () => {
  it("serves the same page again to the same request, with a fresh nonce everywhere the old one was", async () => {
    const path = freshPath();
    const first = await get(path, { cookie: "session=alice" });
    const second = await get(path, { cookie: "session=alice" });
    expect([first.cache, second.cache]).toEqual(["miss", "hit"]);
    expect(renders).toBeGreaterThan(0);
    expect(withoutNonce(second)).toBe(withoutNonce(first));
    expect(second.nonce).toBeDefined();
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.body).not.toContain(first.nonce!);
    expect(second.body.split(second.nonce!).length - 1).toBe(4); // three script tags and the payload's copy
    expect(second.headers.get("link")).toContain(`nonce="${second.nonce}"`);
    expect(second.body).toContain("for session=alice");
  });

  it("renders afresh for any other request: another reader's cookie, another address, no cookie at all", async () => {
    const path = freshPath();
    await get(path, { cookie: "session=alice" });
    const bob = await get(path, { cookie: "session=bob" });
    const anonymous = await get(path);
    expect([bob.cache, anonymous.cache]).toEqual(["miss", "miss"]);
    expect(bob.body).toContain("for session=bob");
    expect(bob.body).not.toContain("alice");
    expect(anonymous.body).toContain("for nobody");
    expect((await get(`${path}?version=2`, { cookie: "session=alice" })).cache).toBe("miss");
  });

  it("renders afresh once anything is committed to the database", async () => {
    const path = freshPath();
    await get(path, { cookie: "session=alice" });
    expect((await get(path, { cookie: "session=alice" })).cache).toBe("hit");
    commits += 1;
    rendering = { words: "new words" };
    const after = await get(path, { cookie: "session=alice" });
    expect(after.cache).toBe("miss");
    expect(after.body).toContain("new words");
    expect((await get(path, { cookie: "session=alice" })).body).toContain("new words");
  });

  it("renders afresh after its time is up, and on a hard reload (Cache-Control: no-cache)", async () => {
    const path = freshPath();
    await get(path);
    clock += 9_999;
    expect((await get(path)).cache).toBe("hit");
    clock += 1;
    expect((await get(path)).cache).toBe("miss");
    expect((await get(path, { "cache-control": "no-cache" })).cache).toBe("miss");
    expect((await get(path, { "cache-control": "no-cache" })).cache).toBe("miss");
  });

  it("keeps only complete 200 HTML pages that set no cookie", async () => {
    for (const kept of [{ status: 404 }, { setCookie: true }, { contentType: "text/x-component" }] satisfies Rendering[]) {
      const path = freshPath();
      rendering = kept;
      await get(path);
      expect((await get(path)).cache, JSON.stringify(kept)).toBe("miss");
    }
  });

  it("leaves other paths, other methods and client-side navigations (RSC) alone", async () => {
    const before = renders;
    const other = await get("/notes");
    expect(other.cache).toBeNull();
    await fetch(`${base}${freshPath()}`, { method: "HEAD" });
    const path = freshPath();
    await get(path, { rsc: "1" });
    expect((await get(path, { rsc: "1" })).cache).toBeNull();
    expect(renders - before).toBe(4);
  });

  it("hands a request whose target cannot be parsed to the renderer, which answers it", async () => {
    const before = renders;
    const answers = await Promise.all(
      ["http://[", "//[/read/x"].map((target) => rawRequest(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)),
    );
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(renders - before).toBe(2);
  });

  it("keeps a gzip rendering as text: a hit is gzip for a client that takes it, plain for one that does not", async () => {
    const path = freshPath();
    const first = await get(path, { "accept-encoding": "gzip" });
    const raw = await fetch(`${base}${path}`, { headers: { "accept-encoding": "gzip" } });
    // Node's fetch undoes gzip itself; what it says on the wire is in the headers.
    expect(raw.headers.get("x-page-cache")).toBe("hit");
    expect(raw.headers.get("content-encoding")).toBe("gzip");
    const body = await raw.text();
    const nonce = /'nonce-([^']+)'/.exec(raw.headers.get("content-security-policy")!)![1];
    expect(body.replaceAll(nonce, "NONCE")).toBe(withoutNonce(first));
    // The bytes as sent are one valid gzip stream (gunzip checks its CRC-32 and length). node:http
    // sends other headers than fetch: its first request is a miss of its own.
    const rendered = await rawBytes(path, { "accept-encoding": "gzip" });
    const wire = await rawBytes(path, { "accept-encoding": "gzip" });
    expect([rendered.cache, wire.cache]).toEqual(["miss", "hit"]);
    const unzipped = gunzipSync(wire.body).toString();
    expect(unzipped).toContain(`nonce="${wire.nonce}"`);
    expect(unzipped.replaceAll(wire.nonce!, "NONCE")).toBe(gunzipSync(rendered.body).toString().replaceAll(rendered.nonce!, "NONCE"));
    // The kept copy serves a client with another Accept-Encoding only under its own key: a miss first.
    expect((await get(path, { "accept-encoding": "identity" })).cache).toBe("miss");
    const plain = await get(path, { "accept-encoding": "identity" });
    expect(plain.cache).toBe("hit");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(Number(plain.headers.get("content-length"))).toBe(Buffer.byteLength(plain.body));
    expect(() => gunzipSync(Buffer.from(plain.body))).toThrow();
  });

  it("renders every time while the database's marker cannot be read", async () => {
    const unreadable = { read: () => Promise.reject(new Error("database unreachable")), close: async () => {} };
    await withOwnCache({ marker: unreadable }, async (url, blind) => {
      const before = renders;
      for (let index = 0; index < 3; index += 1) expect((await fetch(url("/read/page"))).status).toBe(200);
      expect(renders - before).toBe(3);
      expect(blind.size().entries).toBe(0);
    });
  });

  it("drops the oldest pages past its size", async () => {
    // Room for two pages of the renderer's size, not three.
    const one = await get(freshPath());
    const maxBytes = 2.5 * (Buffer.byteLength(one.body) + gzipSync(one.body).length);
    await withOwnCache({ maxBytes }, async (url, small) => {
      for (const path of ["/a", "/b", "/c"]) await (await fetch(url(path))).text();
      expect(small.size().bytes).toBeLessThanOrEqual(maxBytes);
      expect(small.size().entries).toBe(2);
      expect((await fetch(url("/c"))).headers.get("x-page-cache")).toBe("hit");
      expect((await fetch(url("/a"))).headers.get("x-page-cache")).toBe("miss");
    });
  });

  it.runIf(provider === "sqlite")(
    "with the database's own marker: a commit through Prisma sends the next load to the renderer",
    async () => {
      const databaseMarker = openChangeMarker();
      try {
        await withOwnCache({ marker: databaseMarker }, async (url) => {
          const cacheOf = async () => {
            const response = await fetch(url("/read/page"));
            await response.text(); // the page is kept once its last byte is written
            return response.headers.get("x-page-cache");
          };
          expect([await cacheOf(), await cacheOf()]).toEqual(["miss", "hit"]);
          await createUser();
          expect([await cacheOf(), await cacheOf()]).toEqual(["miss", "hit"]);
        });
      } finally {
        await databaseMarker.close();
      }
    },
  );
});
