import { AsyncLocalStorage } from "node:async_hooks";
import { createServer, request as httpRequest, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createAdmission, type Admission, type AdmissionOptions } from "./admission";

// The admission queue in front of a real HTTP server whose "app" answers only when the test says
// so: which requests have started, in what order, and how many at once.

type Started = { path: string; response: ServerResponse; context: string | undefined };

/** One turn, given up after 50 ms by a request waiting on the network: the network checks' tests. */
const NETWORK_CHECKED: AdmissionOptions = { limit: 1, networkCheckMs: 50, holdMs: 60_000, maxWaiting: 100 };

/** Stands for Next.js's per-request state, which it keeps in AsyncLocalStorage. */
const requestContext = new AsyncLocalStorage<string>();

let server: Server | null = null;

async function serve(options: AdmissionOptions) {
  const admission: Admission = createAdmission(options);
  const started: Started[] = [];
  const closed: string[] = [];
  let mostAtOnce = 0;
  server = createServer((request, response) => {
    response.once("close", () => closed.push(request.url!));
    // The address the production server would take from the TCP peer; here the test names it.
    requestContext.run(`arrived ${request.url}`, () =>
      admission.admit(String(request.headers["x-client"] ?? "one"), request, response, () => {
        started.push({ path: request.url!, response, context: requestContext.getStore() });
        mostAtOnce = Math.max(mostAtOnce, admission.load().running);
      }),
    );
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  /** Sends a GET on a connection of its own; resolves with the status and body once answered. */
  const send = (path: string, options: { signal?: AbortSignal; client?: string } = {}) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const headers = { "x-client": options.client ?? "one" };
      const outgoing = httpRequest({ host: "127.0.0.1", port, path, headers, agent: false, signal: options.signal }, (incoming) => {
        let body = "";
        incoming.on("data", (chunk) => (body += chunk));
        incoming.on("end", () => resolve({ status: incoming.statusCode!, headers: incoming.headers, body }));
      });
      outgoing.on("error", reject);
      outgoing.end();
    });
  const until = async (condition: () => boolean) => {
    for (let waited = 0; !condition(); waited += 5) {
      if (waited > 5_000) throw new Error("timed out");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  // Answered from within the request's own state, as Next's handler ends its responses.
  const answer = (path: string) =>
    requestContext.run(`answering ${path}`, () => started.find((entry) => entry.path === path)!.response.end(path));
  /** Opens a raw connection from `client` and writes `head` (and nothing more, until the test says). */
  const open = async (head: string) => {
    const socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(head);
    return socket;
  };
  return { admission, started, closed, send, open, until, answer, mostAtOnce: () => mostAtOnce };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

describe("the admission queue", () => {
  it("runs at most `limit` requests at once and starts the others in arrival order as turns free up", async () => {
    const { admission, started, send, until, answer, mostAtOnce } = await serve({
      limit: 2,
      networkCheckMs: 60_000,
      holdMs: 60_000,
      maxWaiting: 100,
    });
    const answers = [send("/1"), send("/2")];
    await until(() => started.length === 2);
    // Sent one by one, so the queue's order is known.
    for (const path of ["/3", "/4", "/5"]) {
      answers.push(send(path));
      await until(() => admission.load().waiting === Number(path.slice(1)) - 2);
    }
    expect(started.map((entry) => entry.path)).toEqual(["/1", "/2"]);

    answer("/2");
    await until(() => started.length === 3);
    answer("/1");
    await until(() => started.length === 4);
    expect(started.map((entry) => entry.path)).toEqual(["/1", "/2", "/3", "/4"]);
    answer("/3");
    answer("/4");
    await until(() => started.length === 5);
    answer("/5");

    const bodies = (await Promise.all(answers)).map((result) => result.body);
    expect(bodies).toEqual(["/1", "/2", "/3", "/4", "/5"]);
    expect(mostAtOnce()).toBe(2);
    // Each started in its own request's async context, not in that of the request whose ending
    // freed its turn (which once let waiting requests run as if they were another's).
    expect(started.map((entry) => entry.context)).toEqual(["/1", "/2", "/3", "/4", "/5"].map((path) => `arrived ${path}`));
    expect(admission.load()).toEqual({ running: 0, waiting: 0 });
  });

  it("never starts a request whose client left while it waited, and frees the turn of one that leaves while running", async () => {
    const { admission, started, closed, send, until, answer } = await serve({
      limit: 1,
      networkCheckMs: 60_000,
      holdMs: 60_000,
      maxWaiting: 100,
    });
    const leaving = new AbortController();
    const first = send("/running", { signal: leaving.signal }).catch(() => "left");
    await until(() => started.length === 1);
    const gone = new AbortController();
    const abandoned = send("/abandoned", { signal: gone.signal }).catch(() => "left");
    await until(() => admission.load().waiting === 1);
    const last = send("/last");
    await until(() => admission.load().waiting === 2);

    gone.abort();
    expect(await abandoned).toBe("left");
    await until(() => closed.includes("/abandoned")); // the server has seen it leave
    leaving.abort(); // the running request's client leaves: its turn passes on without an answer
    expect(await first).toBe("left");
    await until(() => started.length === 2);
    expect(started.map((entry) => entry.path)).toEqual(["/running", "/last"]);
    answer("/last");
    expect((await last).body).toBe("/last");
  });

  it("stops counting a request after holdMs, so a long one cannot hold the others back", async () => {
    const { admission, started, send, until, answer } = await serve({ limit: 1, networkCheckMs: 60_000, holdMs: 100, maxWaiting: 100 });
    const slow = send("/slow");
    await until(() => started.length === 1);
    const next = send("/next");
    await until(() => started.length === 2); // started while /slow is still unanswered
    expect(admission.load()).toEqual({ running: 1, waiting: 0 });
    answer("/next");
    answer("/slow");
    expect((await next).body).toBe("/next");
    expect((await slow).body).toBe("/slow");
    expect(admission.load().running).toBe(0);
  });

  it("answers 503 with Retry-After, in the one error shape, once maxWaiting are waiting", async () => {
    const { admission, started, send, until, answer } = await serve({ limit: 1, networkCheckMs: 60_000, holdMs: 60_000, maxWaiting: 2 });
    const running = send("/running");
    await until(() => started.length === 1);
    const queued = [send("/a"), send("/b")];
    await until(() => admission.load().waiting === 2);

    const refused = await send("/c");
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(JSON.parse(refused.body)).toEqual({ error: { code: "SERVER_BUSY", message: expect.stringMatching(/busy/), status: 503 } });
    expect(admission.load()).toEqual({ running: 1, waiting: 2 });

    answer("/running");
    await until(() => started.length === 2);
    answer("/a");
    await until(() => started.length === 3);
    answer("/b");
    expect((await Promise.all([running, ...queued])).map((result) => result.status)).toEqual([200, 200, 200]);
    expect(started.map((entry) => entry.path)).toEqual(["/running", "/a", "/b"]);
  });

  it("when full, refuses the latest request of the address with the most waiting, so one client's flood does not refuse the others", async () => {
    const { admission, started, send, until, answer } = await serve({ limit: 1, networkCheckMs: 60_000, holdMs: 60_000, maxWaiting: 3 });
    const running = send("/a0", { client: "a" });
    await until(() => started.length === 1);
    const flood = ["/a1", "/a2", "/a3"].map((path) => send(path, { client: "a" }));
    await until(() => admission.load().waiting === 3);

    const other = send("/b1", { client: "b" }); // a's latest gives way
    expect((await flood[2]).status).toBe(503);
    expect(admission.load()).toEqual({ running: 1, waiting: 3 });
    expect((await send("/a4", { client: "a" })).status).toBe(503); // a still has the most: its own arrival is refused
    expect((await send("/b2", { client: "b" })).status).toBe(503); // b would have as many as a: no one gives way

    answer("/a0");
    await until(() => started.length === 2);
    answer("/a1");
    await until(() => started.length === 3);
    answer("/a2");
    await until(() => started.length === 4);
    answer("/b1");
    expect((await Promise.all([running, flood[0], flood[1], other])).map((result) => result.status)).toEqual([200, 200, 200, 200]);
    expect(started.map((entry) => entry.path)).toEqual(["/a0", "/a1", "/a2", "/b1"]);
  });

  it("gives the next turn to the address with the fewest running, so one client cannot take them all", async () => {
    const { admission, started, send, until, answer } = await serve({ limit: 2, networkCheckMs: 60_000, holdMs: 60_000, maxWaiting: 100 });
    const answers = [send("/a1", { client: "a" }), send("/a2", { client: "a" })];
    await until(() => started.length === 2);
    answers.push(send("/a3", { client: "a" }));
    await until(() => admission.load().waiting === 1);
    answers.push(send("/a4", { client: "a" }));
    await until(() => admission.load().waiting === 2);
    answers.push(send("/b1", { client: "b" }));
    await until(() => admission.load().waiting === 3);

    answer("/a1"); // a has 1 running, b none: b's request goes first though it came last
    await until(() => started.length === 3);
    answer("/a2"); // a 0 running, b 1: a's first waiting one
    await until(() => started.length === 4);
    answer("/b1"); // only a waits: its next, no turn left unused
    await until(() => started.length === 5);
    answer("/a3");
    answer("/a4");
    expect(started.map((entry) => entry.path)).toEqual(["/a1", "/a2", "/b1", "/a3", "/a4"]);
    expect((await Promise.all(answers)).map((result) => result.body)).toEqual(["/a1", "/a2", "/a3", "/a4", "/b1"]);
  });

  it("stops counting a request whose body is still arriving after networkCheckMs, so trickled bodies cannot hold the turns", async () => {
    const { admission, started, send, open, until, answer } = await serve(NETWORK_CHECKED);
    const trickling = await open("POST /trickling HTTP/1.1\r\nHost: test\r\nx-client: slow\r\nContent-Length: 100\r\n\r\n0123456789");
    await until(() => started.length === 1);
    const next = send("/next");
    await until(() => started.length === 2); // while /trickling still waits for 90 bytes
    expect(started.map((entry) => entry.path)).toEqual(["/trickling", "/next"]);
    answer("/next");
    expect((await next).body).toBe("/next");
    expect(admission.load()).toEqual({ running: 0, waiting: 0 });
    trickling.destroy();
  });

  it("keeps counting a request whose body has arrived until holdMs", async () => {
    const { admission, started, send, open, until, answer } = await serve(NETWORK_CHECKED);
    const whole = await open("POST /whole HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\n0123456789");
    await until(() => started.length === 1);
    const next = send("/next");
    await until(() => admission.load().waiting === 1);
    await new Promise((resolve) => setTimeout(resolve, 200)); // well past networkCheckMs
    expect(started.map((entry) => entry.path)).toEqual(["/whole"]);
    started[0].response.end();
    await until(() => started.length === 2);
    answer("/next");
    expect((await next).body).toBe("/next");
    whole.destroy();
  });

  it("stops counting a request whose client does not take its response after networkCheckMs", async () => {
    const { started, send, open, until, answer } = await serve(NETWORK_CHECKED);
    const unread = await open("GET /unread HTTP/1.1\r\nHost: test\r\n\r\n");
    unread.pause(); // never reads what it is sent
    await until(() => started.length === 1);
    const big = Buffer.alloc(64 * 1024 * 1024, "x");
    started[0].response.write(big); // more than the socket's buffers take: the response waits for the client
    const next = send("/next");
    await until(() => started.length === 2);
    answer("/next");
    expect((await next).body).toBe("/next");
    unread.destroy();
  });
});
