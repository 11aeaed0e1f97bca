// No "server-only" here: the production server (scripts/serve.ts) runs this outside Next's bundle.
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { brotliDecompressSync, constants, crc32, deflateRawSync, gunzipSync, inflateSync } from "node:zlib";
import type { ChangeMarker } from "@/server/db/change-marker";

/**
 * Rendered reading pages, kept in memory and served again to the same request while nothing has
 * been committed to the database since they were rendered (issue #15: a reading page costs tens
 * to hundreds of milliseconds to render, and a class reloads it).
 *
 * What may be served again, and to whom:
 * - Only what the very same request would get: the key is the address and every header the client
 *   sent (the session cookie among them), so one reader is never served another's page, and a
 *   reader whose cookie changes (signing out or in, another account) is rendered afresh.
 * - Only while the database is unchanged (server/db/change-marker.ts): any commit — a new
 *   annotation, a membership, a role, a moderation, a sign-out everywhere — invalidates every
 *   entry. The marker is read before rendering, so an entry never claims a state newer than the
 *   one it was rendered from.
 * - Only for a few seconds (`ttlMs`): what a page says that depends on the clock alone (a due time
 *   passing, "2 minutes ago") is at most that stale.
 * - Only complete 200 HTML responses that set no cookie.
 *
 * The page's CSP nonce (proxy.ts) is replaced with a fresh one each time it is served, in the
 * body and the headers alike: a nonce must not repeat across responses.
 *
 * `Cache-Control: no-cache` (a browser's hard reload) renders afresh and keeps the new rendering.
 * Each response says which it was in `X-Page-Cache: hit | miss`.
 */
export type PageCache = {
  /** Serves `request` from the cache, or calls `render` (Next's handler) and keeps what it writes. */
  handle(request: IncomingMessage, response: ServerResponse, render: () => void): Promise<void>;
  /** Entries and bytes kept now (for tests and benchmarks). */
  size(): { entries: number; bytes: number };
};

export type PageCacheOptions = {
  marker: ChangeMarker;
  /** Which paths are cached (pathname only, no query). */
  isCacheablePath: (pathname: string) => boolean;
  ttlMs: number;
  /** Entries are dropped oldest first past this many bytes of bodies. */
  maxBytes: number;
  now?: () => number;
};

type Entry = {
  marker: string;
  storedAt: number;
  headers: OutgoingHttpHeaders;
  /** The body split at every occurrence of the nonce it was rendered with. */
  parts: Buffer[];
  /**
   * Each part compressed on its own (raw DEFLATE ending byte-aligned, see gzipWithNonce), when the
   * request took gzip: the key holds Accept-Encoding, so every request served this entry takes it too.
   */
  deflatedParts: Buffer[] | null;
  nonce: string;
  bytes: number;
};

/** Request headers that describe the connection or a conditional request, not what is asked for. */
const HEADERS_NOT_IN_KEY = new Set(["connection", "keep-alive", "if-none-match", "if-modified-since"]);
/** Response headers that belong to one transfer of the body, not to the body. */
const HEADERS_NOT_KEPT = new Set(["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "date"]);
const NONCE_IN_CSP = /'nonce-([A-Za-z0-9+/=_-]+)'/;

export function createPageCache(options: PageCacheOptions): PageCache {
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on store makes the first key the oldest.
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };

  const store = (key: string, entry: Entry) => {
    drop(key);
    if (entry.bytes > options.maxBytes) return;
    entries.set(key, entry);
    bytes += entry.bytes;
    for (const oldest of entries.keys()) {
      if (bytes <= options.maxBytes) break;
      drop(oldest);
    }
  };

  return {
    size: () => ({ entries: entries.size, bytes }),
    async handle(request, response, render) {
      const pathname = pathOf(request.url);
      // A client-side navigation asks for the RSC payload (header "RSC"), not the page: not kept.
      if (request.method !== "GET" || request.headers.rsc !== undefined || pathname === null || !options.isCacheablePath(pathname)) {
        return render();
      }
      const key = cacheKey(request);
      let marker: string;
      try {
        marker = await options.marker.read();
      } catch {
        return render(); // the database is unreachable: the page says so in its own way
      }
      const entry = entries.get(key);
      const fresh = entry && entry.marker === marker && now() - entry.storedAt < options.ttlMs && !wantsRendering(request);
      if (fresh) return serve(entry, request, response);
      if (entry) drop(key);
      keepWhatIsWritten(response, (written) => {
        const kept = toEntry(written, marker, now(), acceptsGzip(request));
        if (kept) store(key, kept);
      });
      response.setHeader("X-Page-Cache", "miss");
      render();
    },
  };
}

/**
 * The path a request asks for, or null when its target cannot be parsed ("GET http://[ HTTP/1.1"
 * gets past Node's parser): such a request goes to Next as it always did. Throwing here would leave
 * the connection open with no answer.
 */
function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? "/", "http://localhost").pathname;
  } catch {
    return null;
  }
}

function cacheKey(request: IncomingMessage): string {
  const hash = createHash("sha256").update(`${request.method} ${request.url}\n`);
  const names = Object.keys(request.headers)
    .filter((name) => !HEADERS_NOT_IN_KEY.has(name))
    .sort();
  for (const name of names) hash.update(`${name}: ${String(request.headers[name])}\n`);
  return hash.digest("base64url");
}

function wantsRendering(request: IncomingMessage): boolean {
  return /\bno-cache\b/i.test(String(request.headers["cache-control"] ?? "")) || /\bno-cache\b/i.test(String(request.headers.pragma ?? ""));
}

type Written = { status: number; headers: OutgoingHttpHeaders; body: Buffer; complete: boolean };

/**
 * Lets the response go to the client as Next writes it (streaming is untouched) while keeping a
 * copy; `onEnd` gets the copy when the response ends. Headers given to writeHead are set on the
 * response first, so that they are all in getHeaders().
 */
function keepWhatIsWritten(response: ServerResponse, onEnd: (written: Written) => void) {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    if (typeof chunk === "string") chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.writeHead = ((status: number, ...rest: unknown[]) => {
    const headers = rest.find((arg) => typeof arg === "object" && arg !== null);
    const message = typeof rest[0] === "string" ? rest[0] : undefined;
    if (Array.isArray(headers)) return writeHead(status, ...rest); // raw header pairs: rare, and not kept
    if (headers) for (const [name, value] of Object.entries(headers)) if (value !== undefined) response.setHeader(name, value as string);
    return message ? writeHead(status, message) : writeHead(status);
  }) as ServerResponse["writeHead"];
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as ServerResponse["write"];
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    const result = end(chunk, ...rest);
    onEnd({
      status: response.statusCode,
      headers: response.getHeaders(),
      body: Buffer.concat(chunks),
      complete: !response.destroyed, // a client that went away may have cut the rendering short
    });
    return result;
  }) as ServerResponse["end"];
}

function acceptsGzip(request: IncomingMessage): boolean {
  return /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
}

function toEntry(written: Written, marker: string, storedAt: number, gzip: boolean): Entry | null {
  const { status, headers } = written;
  if (!written.complete || status !== 200 || headers["set-cookie"] !== undefined) return null;
  if (!String(headers["content-type"] ?? "").startsWith("text/html")) return null;
  const nonce = NONCE_IN_CSP.exec(String(headers["content-security-policy"] ?? ""))?.[1];
  if (!nonce) return null;
  let body: Buffer;
  try {
    body = decoded(written.body, String(headers["content-encoding"] ?? "identity"));
  } catch {
    return null;
  }
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HEADERS_NOT_KEPT.has(name) && value !== undefined) kept[name] = value;
  const parts = splitAt(body, Buffer.from(nonce));
  const deflatedParts = gzip ? parts.map((part) => deflateRawSync(part, { finishFlush: constants.Z_FULL_FLUSH })) : null;
  const bytes = body.length + (deflatedParts ?? []).reduce((sum, part) => sum + part.length, 0);
  return { marker, storedAt, headers: kept, parts, deflatedParts, nonce, bytes };
}

function decoded(body: Buffer, encoding: string): Buffer {
  if (encoding === "gzip") return gunzipSync(body);
  if (encoding === "br") return brotliDecompressSync(body);
  if (encoding === "deflate") return inflateSync(body);
  if (encoding === "identity") return body;
  throw new Error(`unknown content-encoding ${encoding}`);
}

function splitAt(body: Buffer, separator: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(separator); at !== -1; at = body.indexOf(separator, from)) {
    parts.push(body.subarray(from, at));
    from = at + separator.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

function serve(entry: Entry, request: IncomingMessage, response: ServerResponse) {
  const nonce = Buffer.from(randomUUID()).toString("base64"); // the shape proxy.ts makes
  for (const [name, value] of Object.entries(entry.headers)) {
    response.setHeader(name, typeof value === "string" ? value.replaceAll(entry.nonce, nonce) : (value as string[] | number));
  }
  response.setHeader("X-Page-Cache", "hit");
  const { deflatedParts } = entry;
  const sent = deflatedParts ? gzipWithNonce(entry.parts, deflatedParts, Buffer.from(nonce)) : withNonce(entry.parts, Buffer.from(nonce));
  if (deflatedParts) response.setHeader("Content-Encoding", "gzip");
  response.setHeader("Content-Length", sent.length);
  response.writeHead(200).end(sent); // only 200s are kept
}

function withNonce(parts: Buffer[], nonce: Buffer): Buffer {
  return Buffer.concat(parts.flatMap((part, index) => (index === 0 ? [part] : [nonce, part])));
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]); // DEFLATE, no name, no time, unknown OS
/** An empty stored block marked final: ends a DEFLATE stream whose last block ended byte-aligned. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);

/**
 * The page as gzip without compressing it again: compressing ~100 KB anew for every answer costs
 * more than rendering's share of the static file's rate (3 ms). The parts between nonces were each
 * compressed once, on their own, ending with a full flush (byte-aligned, no reference back into an
 * earlier part), so they can be laid end to end with the new nonce between them as stored
 * (uncompressed) blocks. Only the gzip trailer's CRC-32 covers the whole text, and is computed here.
 */
function gzipWithNonce(parts: Buffer[], deflatedParts: Buffer[], nonce: Buffer): Buffer {
  const stored = Buffer.alloc(5);
  stored.writeUInt8(0x00, 0); // not final, stored
  stored.writeUInt16LE(nonce.length, 1);
  stored.writeUInt16LE(~nonce.length & 0xffff, 3);
  const chunks: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  parts.forEach((part, index) => {
    if (index > 0) {
      chunks.push(stored, nonce);
      crc = crc32(nonce, crc);
      size += nonce.length;
    }
    chunks.push(deflatedParts[index]);
    crc = crc32(part, crc);
    size += part.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  chunks.push(FINAL_EMPTY_BLOCK, trailer);
  return Buffer.concat(chunks);
}
