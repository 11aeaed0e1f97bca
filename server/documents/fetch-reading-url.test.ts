import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { checkReadingUrl, fetchReadingUrl, type FetchReadingOptions } from "./fetch-reading-url";

/**
 * Importing from a URL must not become a way into the server's own network (SSRF). The table of
 * hostile addresses is checked without connecting anywhere (checkReadingUrl is the same check every
 * hop of a fetch makes); the fetches themselves go only to a server of ours on loopback.
 */
const NONE: ReadonlySet<string> = new Set();

const HOSTILE = [
  "http://127.0.0.1/",
  "http://127.8.9.10:8080/admin",
  "http://localhost/",
  "http://LOCALHOST./",
  "http://2130706433/", // 127.0.0.1 in decimal
  "http://0x7f000001/", // in hex
  "http://017700000001/", // in octal
  "http://0x7f.1/",
  "http://127.1/",
  "http://0/",
  "http://0.0.0.0/",
  "http://[::]/",
  "http://[::1]/",
  "http://[0:0:0:0:0:0:0:1]/",
  "http://[::ffff:127.0.0.1]/", // IPv4-mapped IPv6
  "http://[::ffff:7f00:1]/",
  "http://[0:0:0:0:0:ffff:a9fe:a9fe]/", // 169.254.169.254, mapped
  "http://[::127.0.0.1]/", // IPv4-compatible
  "http://[::ffff:0:7f00:1]/", // IPv4-translated 127.0.0.1
  "http://[64:ff9b::a9fe:a9fe]/", // NAT64 of the metadata address
  "http://[2002:a9fe:a9fe::]/", // 6to4 of it
  "http://10.0.0.1/",
  "http://10.255.255.254/",
  "http://172.16.0.1/",
  "http://172.31.255.255/",
  "http://192.168.1.1/",
  "http://100.64.0.1/", // CGNAT
  "http://100.127.255.254/",
  "http://169.254.169.254/latest/meta-data/", // cloud metadata
  "http://169.254.0.1/",
  "http://[fd00:ec2::254]/", // EC2's IPv6 metadata
  "http://[fc00::1]/",
  "http://[fe80::1]/",
  "http://224.0.0.1/",
  "http://255.255.255.255/",
  "http://198.18.0.1/",
  "http://192.0.2.1/",
  "file:///etc/passwd",
  "ftp://example.org/file.txt",
  "gopher://127.0.0.1:70/",
  "javascript:alert(1)",
  "http://user:secret@example.org/",
  "not a url",
];

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("checkReadingUrl (SSRF)", () => {
  it.each(HOSTILE)("refuses %s", async (address) => {
    const error = await refusal(checkReadingUrl(address, { allowHosts: NONE }));
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/private or local network|Only http|not a web address|without a user name/);
  });

  it("accepts public addresses in any spelling, and a private one only when the allow-list names its host", async () => {
    expect(await checkReadingUrl("http://93.184.215.14/", { allowHosts: NONE })).toBe("93.184.215.14");
    expect(await checkReadingUrl("http://1572394766/", { allowHosts: NONE })).toBe("93.184.215.14"); // decimal spelling
    expect(await checkReadingUrl("https://[2606:4700::1111]/", { allowHosts: NONE })).toBe("2606:4700::1111");
    expect(await checkReadingUrl("http://localhost:3000/page", { allowHosts: new Set(["localhost"]) })).toBe("127.0.0.1");
    // Allowing "localhost" allows that name only, not loopback in general.
    await expect(checkReadingUrl("http://127.0.0.1:3000/page", { allowHosts: new Set(["localhost"]) })).rejects.toThrow(/private or local/);
  });
});

describe("fetchReadingUrl", () => {
  let server: Server;
  let port = 0;
  const hits: string[] = [];
  const ARTICLE =
    "<!doctype html><html lang=en><head><title>Local</title></head><body><article><h1>Local page</h1><p>Served on loopback.</p></article></body></html>";

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(request.url ?? "");
      if (request.url === "/article") return response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(ARTICLE);
      if (request.url === "/moved") return response.writeHead(301, { location: "/article" }).end();
      if (request.url === "/to-loopback-ip") return response.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
      if (request.url === "/to-metadata") return response.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      if (request.url === "/loop") return response.writeHead(302, { location: "/loop" }).end();
      if (request.url === "/image") return response.writeHead(200, { "content-type": "image/png" }).end("not really a png");
      if (request.url === "/huge") {
        response.writeHead(200, { "content-type": "text/html" });
        const chunk = "x".repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 64 && response.write(chunk)) sent++;
          if (sent < 64) response.once("drain", pump);
          else response.end();
        };
        return pump();
      }
      if (request.url === "/gzip")
        return response.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" }).end(gzipSync(ARTICLE));
      if (request.url === "/brotli-bomb")
        return response
          .writeHead(200, { "content-type": "text/html", "content-encoding": "br" })
          .end(brotliCompressSync(Buffer.alloc(4 * 1024 * 1024, 32)));
      if (request.url === "/damaged-gzip")
        return response.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" }).end("not gzip");
      if (request.url === "/slow") return; // never answers
      response.writeHead(404).end("missing");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));

  const allowLocalhost: FetchReadingOptions = { maxBytes: 1024 * 1024, timeoutMs: 5000, allowHosts: new Set(["localhost"]) };

  it("fetches a page from an allow-listed local server, following a redirect", async () => {
    const page = await fetchReadingUrl(`http://localhost:${port}/moved`, allowLocalhost);
    expect(page).toMatchObject({ url: `http://localhost:${port}/article`, format: "html", charset: "utf-8" });
    expect(new TextDecoder().decode(page.bytes)).toBe(ARTICLE);
  });

  it("refuses the same server when the allow-list does not name it, without connecting", async () => {
    hits.length = 0;
    const error = await refusal(fetchReadingUrl(`http://127.0.0.1:${port}/article`, { ...allowLocalhost, allowHosts: NONE }));
    expect(error.message).toMatch(/127\.0\.0\.1 is on a private or local network/);
    expect(hits).toEqual([]);
  });

  it("re-checks every redirect: to 127.0.0.1 or to the metadata address is refused, and the target is never requested", async () => {
    hits.length = 0;
    const toLoopback = await refusal(fetchReadingUrl(`http://localhost:${port}/to-loopback-ip`, allowLocalhost));
    expect(toLoopback.message).toMatch(/127\.0\.0\.1 is on a private or local network/);
    const toMetadata = await refusal(fetchReadingUrl(`http://localhost:${port}/to-metadata`, allowLocalhost));
    expect(toMetadata.message).toMatch(/169\.254\.169\.254 is on a private or local network/);
    expect(hits).toEqual(["/to-loopback-ip", "/to-metadata"]);
  });

  it("refuses endless redirects, a type that is not a reading (415), a body over the limit (413) and a server that never answers", async () => {
    expect((await refusal(fetchReadingUrl(`http://localhost:${port}/loop`, allowLocalhost))).message).toMatch(
      /redirects more than 5 times/,
    );
    const image = await refusal(fetchReadingUrl(`http://localhost:${port}/image`, allowLocalhost));
    expect([image.status, image.message]).toEqual([415, expect.stringMatching(/is image\/png, which cannot be read/)]);
    const huge = await refusal(fetchReadingUrl(`http://localhost:${port}/huge`, { ...allowLocalhost, maxBytes: 1024 * 1024 }));
    expect([huge.status, huge.message]).toEqual([413, expect.stringMatching(/larger than 1 MB/)]);
    const started = Date.now();
    const slow = await refusal(fetchReadingUrl(`http://localhost:${port}/slow`, { ...allowLocalhost, timeoutMs: 500 }));
    expect([slow.status, slow.message]).toEqual([422, expect.stringMatching(/did not answer in time/)]);
    expect(Date.now() - started).toBeLessThan(3000);
    const missing = await refusal(fetchReadingUrl(`http://localhost:${port}/nothing-here`, allowLocalhost));
    expect(missing.message).toMatch(/answered 404/);
  });

  it("decodes a page compressed anyway within the size limit: a bomb is 413, a damaged body 422", async () => {
    const page = await fetchReadingUrl(`http://localhost:${port}/gzip`, allowLocalhost);
    expect(new TextDecoder().decode(page.bytes)).toBe(ARTICLE);
    // A few hundred bytes that expand to 4 MB, past the 1 MB limit.
    const bomb = await refusal(fetchReadingUrl(`http://localhost:${port}/brotli-bomb`, allowLocalhost));
    expect([bomb.status, bomb.message]).toEqual([413, expect.stringMatching(/larger than 1 MB/)]);
    const damaged = await refusal(fetchReadingUrl(`http://localhost:${port}/damaged-gzip`, allowLocalhost));
    expect([damaged.status, damaged.message]).toEqual([422, expect.stringMatching(/compressed body is damaged/)]);
  });
});
