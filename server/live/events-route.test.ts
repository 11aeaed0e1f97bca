import { createServer, get as httpGet, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RECONNECT_MS } from "@/lib/live/protocol";
import { GET } from "@/app/api/documents/[slug]/events/route";
import { db } from "@/server/db/client";
import { lendNodeResponse } from "@/server/http/node-responses";
import { createApiToken } from "@/server/tokens/create-api-token";
import { stopListening } from "@/server/outbox/bus";
import { getLiveCursor } from "./get-live-cursor";
import { stopHub } from "./hub";
import { annotate, createDocument, createUsers } from "@/tests/factories";

// Outside Next there is no request context for the session cookie: nobody is signed in by
// cookie here; people authenticate with API tokens (Bearer), as scripts do.
vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

let doc: { id: string; slug: string };
let people: Record<"author" | "outsider", { id: string }>;
let tokens: Record<"author" | "outsider", string>;

beforeAll(async () => {
  doc = await createDocument("live-route");
  people = await createUsers(["author", "outsider"], "route.example");
  tokens = {
    author: (await createApiToken({ userId: people.author.id, name: "live", scope: "read", expiresInDays: null })).token,
    outsider: (await createApiToken({ userId: people.outsider.id, name: "live", scope: "read", expiresInDays: null })).token,
  };
});

afterAll(async () => {
  stopHub();
  await stopListening();
  await db.$disconnect();
});

function get(
  slug: string,
  options: { token?: string; query?: string; headers?: Record<string, string>; signal?: AbortSignal; method?: "HEAD" } = {},
) {
  const headers: Record<string, string> = { ...options.headers, ...(options.token && { authorization: `Bearer ${options.token}` }) };
  const request = new Request(`http://localhost/api/documents/${slug}/events${options.query ?? ""}`, {
    headers,
    signal: options.signal,
    method: options.method,
  });
  return GET(request, { params: Promise.resolve({ slug }) });
}

/** Reads the stream as text until `done` says so, or for at most `timeoutMs`. */
async function readUntil(response: Response, done: (text: string) => boolean, timeoutMs = 5_000): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const read = async () => {
    while (!done(text)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      text += decoder.decode(value, { stream: true });
    }
  };
  const reading = read().catch(() => {});
  await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  await reader.cancel().catch(() => {});
  return text;
}

/** Reads the stream in the background; `until` waits (at most `timeoutMs`) for what was read so far to satisfy `done`. */
function readContinuously(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  })().catch(() => {});
  return {
    async until(done: (text: string) => boolean, timeoutMs = 5_000): Promise<string> {
      await expect.poll(() => done(text), { timeout: timeoutMs, interval: 25 }).toBe(true);
      return text;
    },
  };
}

describe("GET /api/documents/{slug}/events", () => {
  it("refuses anonymous readers (401), unknown documents (404) and bad cursors (400) as JSON", async () => {
    const anonymous = await get(doc.slug);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "UNAUTHENTICATED", status: 401 } });
    const missing = await get("no-such-document", { token: tokens.author });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    for (const query of ["?since=-1", "?since=abc", "?since=1.5"]) {
      expect((await get(doc.slug, { token: tokens.author, query })).status, query).toBe(400);
    }
    expect((await get(doc.slug, { token: tokens.author, headers: { "last-event-id": "x" } })).status).toBe(400);
  });

  it("streams SSE: retry first, then what the reader may see, with ids; replays from Last-Event-ID", async () => {
    const cursor = await getLiveCursor(doc.id);
    const controller = new AbortController();
    const response = await get(doc.slug, { token: tokens.author, query: `?since=${cursor}`, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    const note = await annotate(people.author, doc.slug, "private", "live!");
    const text = await readUntil(response, (sofar) => sofar.includes(note.id));
    expect(text.startsWith(`retry: ${RECONNECT_MS}\n\n`)).toBe(true);
    const id = await getLiveCursor(doc.id);
    expect(text).toContain(`id: ${id}\nevent: annotation\ndata: `);
    controller.abort();

    // Reconnecting from before the note (Last-Event-ID wins over ?since=) replays it.
    const again = new AbortController();
    const replay = await get(doc.slug, {
      token: tokens.author,
      query: `?since=${id}`,
      headers: { "last-event-id": String(cursor) },
      signal: again.signal,
    });
    expect(await readUntil(replay, (sofar) => sofar.includes(note.id))).toContain(`id: ${id}\nevent: annotation`);
    again.abort();
  });

  it("sends an outsider nothing about a private note, and cleans up presence when the client leaves", async () => {
    const controller = new AbortController();
    const response = await get(doc.slug, { token: tokens.outsider, signal: controller.signal });
    const stream = readContinuously(response);
    // The first presence frame is sent once the subscription (and its presence row) is in place.
    await stream.until((sofar) => sofar.includes("event: presence"));
    expect(await db.readerPresence.count({ where: { userId: people.outsider.id } })).toBe(1);
    const note = await annotate(people.author, doc.slug, "private", "not for outsiders");
    // A barrier: a later note the outsider may read. Events reach a stream in id order, so once
    // it is there, the private note would have arrived before it.
    const sentinel = await annotate(people.author, doc.slug, "everyone", "for everyone, after the private one");
    const sentinelId = await getLiveCursor(doc.id);
    const text = await stream.until((sofar) => sofar.includes(sentinel.id));
    expect(text).toContain(`id: ${sentinelId}\nevent: annotation`);
    expect(text).not.toContain(note.id);
    expect(text.slice(0, text.indexOf(`id: ${sentinelId}\n`))).not.toContain("event: annotation");
    controller.abort();
    await expect.poll(() => db.readerPresence.count({ where: { userId: people.outsider.id } })).toBe(0);
  });
});

describe("HEAD /api/documents/{slug}/events", () => {
  it("answers with the stream's headers and opens nothing: twelve in a row leave the reader all their places", async () => {
    for (let count = 0; count < 12; count++) {
      const response = await get(doc.slug, { token: tokens.outsider, method: "HEAD" });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
      expect(response.body).toBeNull();
    }
    expect(await db.readerPresence.count({ where: { userId: people.outsider.id } })).toBe(0);
    // Still asked who may: an anonymous HEAD is refused as the GET is.
    expect((await get(doc.slug, { method: "HEAD" })).status).toBe(401);
  });
});

describe("the live stream on a lent Node response (scripts/serve.ts)", () => {
  // A server that lends each response as scripts/serve.ts does, and then does for the route's
  // answer what Next's sendResponse does: the status and headers on the response, then the body
  // piped to it (counted here: with the response lent it must carry nothing).
  let server: Server;
  let chunksThroughBody = 0;
  /** Answers whose body the route ended (the client had gone, or was dropped). */
  let answersEnded = 0;
  beforeAll(async () => {
    server = createServer((incoming, outgoing) => {
      lendNodeResponse(incoming, outgoing);
      const aborted = new AbortController();
      outgoing.once("close", () => aborted.abort());
      const headers = new Headers(
        Object.entries(incoming.headers).flatMap(([name, value]): [string, string][] => (typeof value === "string" ? [[name, value]] : [])),
      );
      const request = new Request(`http://localhost${incoming.url}`, { headers, signal: aborted.signal });
      void (async () => {
        const response = await GET(request, { params: Promise.resolve({ slug: doc.slug }) });
        outgoing.statusCode = response.status;
        response.headers.forEach((value, name) => outgoing.setHeader(name, value));
        const reader = response.body!.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          chunksThroughBody += 1;
          outgoing.write(read.value);
        }
        answersEnded += 1;
        outgoing.end();
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The author's stream from event `since`, over HTTP to that server. */
  const openStream = (since: number) =>
    new Promise<IncomingMessage>((resolve, reject) =>
      httpGet(
        {
          host: "127.0.0.1",
          port: (server.address() as AddressInfo).port,
          path: `/api/documents/${doc.slug}/events?since=${since}`,
          headers: { authorization: `Bearer ${tokens.author}` },
        },
        resolve,
      ).once("error", reject),
    );

  it("writes retry and the events to the socket itself, after the headers the route's answer sets", async () => {
    const incoming = await openStream(await getLiveCursor(doc.id));
    expect(incoming.statusCode).toBe(200);
    expect(incoming.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(incoming.headers["cache-control"]).toBe("no-cache, no-transform");
    let text = "";
    incoming.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    const note = await annotate(people.author, doc.slug, "private", "straight to the socket");
    await expect.poll(() => text.includes(note.id), { timeout: 5_000, interval: 25 }).toBe(true);
    expect(text.startsWith(`retry: ${RECONNECT_MS}\n\n`)).toBe(true);
    expect(text).toContain(`id: ${await getLiveCursor(doc.id)}\nevent: annotation\ndata: `);
    expect(chunksThroughBody).toBe(0);

    // The client leaves: the subscription ends and its presence with it.
    incoming.destroy();
    await expect.poll(() => db.readerPresence.count({ where: { userId: people.author.id } })).toBe(0);
  });

  it("drops a client that stops reading once 4 MB wait for it; coming back from its last id, it is told the rest", async () => {
    const stalled = await openStream(await getLiveCursor(doc.id));
    // It reads nothing more: the kernel's buffers fill, then what the server holds for it.
    stalled.pause();
    const endedBefore = answersEnded;
    // Each event carries a comment of ~9 KB twice (as written and rendered): a few hundred outgrow
    // the socket's buffers and the 4 MB the server will hold.
    const words = "a long comment that a slow reader will not keep up with ".repeat(160);
    const created: string[] = [];
    while (answersEnded === endedBefore && created.length < 2_000)
      created.push((await annotate(people.author, doc.slug, "private", `${created.length} ${words}`)).id);
    expect(answersEnded).toBe(endedBefore + 1);
    // It was dropped with events still to come, not at the end of them.
    const last = created.length;
    for (let more = 0; more < 3; more += 1) created.push((await annotate(people.author, doc.slug, "private", `after ${more}`)).id);

    // Reading again, it gets what was sent before the drop, then the end of the stream.
    const sent = await new Promise<string>((resolve) => {
      let text = "";
      stalled.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      stalled.once("end", () => resolve(text));
      stalled.resume();
    });
    const told = new Set([...sent.matchAll(/"id":"([^"]+)"/g)].map((match) => match[1]));
    const lastId = Math.max(...[...sent.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1])));
    expect(told.size).toBeGreaterThan(0);
    expect(created.filter((id) => told.has(id)).length).toBeLessThan(last);

    // Back from its last id (as EventSource does with Last-Event-ID), the rest comes, none lost.
    const again = await openStream(lastId);
    let text = "";
    again.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    const missing = () => created.filter((id) => !told.has(id) && !text.includes(id));
    await expect.poll(() => missing().length, { timeout: 20_000, interval: 50 }).toBe(0);
    again.destroy();
  }, 60_000);
});
