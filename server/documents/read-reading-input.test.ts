import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { convertReadingInput, PAGE_IMPORTS_IN_ALL, PAGE_IMPORTS_PER_PERSON, type ReadingInput } from "./read-reading-input";

/**
 * A web address costs its sender a few bytes and the server up to READING_MAX_MB held from the
 * download until the page is made: 60 previews of a page that never finished sending took one
 * server from 356 MB to 1.5 GB. Pages from web addresses are counted as they start.
 */
describe("pages imported from web addresses, counted as they start", () => {
  let server: Server;
  let port = 0;
  const stalled: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/article")
        return response
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(
            "<!doctype html><html lang=en><head><title>Local</title></head><body><article><h1>Local page</h1><p>Served on loopback, in full.</p></article></body></html>",
          );
      // Headers, then a body that never ends: held until the fetch's deadline.
      stalled.push(request.url ?? "");
      response.writeHead(200, { "content-type": "text/html" }).write("<html><body><p>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  afterEach(() => vi.unstubAllEnvs());

  const page = (path: string): ReadingInput => ({
    source: { kind: "url", url: `http://localhost:${port}${path}` },
    metadata: {},
    sharing: { visibility: "private", groupId: null },
  });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected a refusal");
      },
      (error: unknown) => error as AppError,
    );

  it(`${PAGE_IMPORTS_PER_PERSON} at a time per person (429), ${PAGE_IMPORTS_IN_ALL} in all (503); a finished one frees its place`, async () => {
    vi.stubEnv("READING_URL_ALLOW_HOSTS", "localhost");
    vi.stubEnv("READING_URL_TIMEOUT_SECONDS", "2");
    stalled.length = 0;
    const held = Array.from({ length: PAGE_IMPORTS_PER_PERSON }, (_, i) => refusal(convertReadingInput(page(`/stall-a-${i}`), "person-a")));
    await vi.waitFor(() => expect(stalled).toHaveLength(PAGE_IMPORTS_PER_PERSON));

    const started = Date.now();
    const third = await refusal(convertReadingInput(page("/stall-a-third"), "person-a"));
    expect([third.status, third.retryAfterSeconds, third.message]).toEqual([
      429,
      10,
      expect.stringMatching(/You have 2 pages on their way from the web already/),
    ]);
    expect(Date.now() - started).toBeLessThan(500); // refused at once, without fetching
    expect(stalled).not.toContain("/stall-a-third");

    // Everyone's together: the others fill the rest, and one more person is told to try again shortly.
    const others = Array.from({ length: PAGE_IMPORTS_IN_ALL - PAGE_IMPORTS_PER_PERSON }, (_, i) =>
      refusal(convertReadingInput(page(`/stall-other-${i}`), `person-${Math.floor(i / PAGE_IMPORTS_PER_PERSON)}`)),
    );
    await vi.waitFor(() => expect(stalled).toHaveLength(PAGE_IMPORTS_IN_ALL));
    const busy = await refusal(convertReadingInput(page("/article"), "person-late"));
    expect([busy.status, busy.retryAfterSeconds, busy.message]).toEqual([
      503,
      5,
      expect.stringMatching(/Many pages are being read from the web right now/),
    ]);

    // Each held fetch ends at its deadline (422), and its place is free again.
    for (const error of await Promise.all([...held, ...others]))
      expect([error.status, error.message]).toEqual([422, expect.stringMatching(/did not answer in time/)]);
    const draft = await convertReadingInput(page("/article"), "person-a");
    expect(draft.title).toBe("Local page");
    expect(await convertReadingInput(page("/article"), "person-late")).toMatchObject({ title: "Local page" });
  }, 60_000);
});
