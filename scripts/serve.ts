// The production server (`npm start`): Next.js's own request handler behind a plain Node HTTP
// server, for one reason — the address a request came from. Route handlers only see headers, and
// `next start` passes a client's X-Forwarded-For through untouched, so per-IP limits could be
// reset by forging it. Here every request carries the TCP peer's address in a header that the
// client cannot set (server/http/client-ip.ts reads it).
//
//   tsx scripts/serve.ts [--port N] [--hostname H]      (defaults: $PORT or 3000, all interfaces)
import { createServer, type IncomingMessage } from "node:http";
import path from "node:path";
import next from "next";
import { allowedMethods } from "../lib/api/allowed-methods";
import { clientAddress, normalizeAddress, PEER_ADDRESS_HEADER } from "../lib/http/peer-address";
import { processChangeMarker } from "../server/db/change-marker";
import { dropNodeResponseHeader, lendNodeResponse } from "../server/http/node-responses";
import { createPageCache } from "../server/http/page-cache";
import { createAdmission } from "../server/http/admission";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

const port = Number(option("port") ?? process.env.PORT ?? 3000);
const hostname = option("hostname") ?? process.env.HOSTNAME;
const app = next({ dev: false, dir: path.resolve(__dirname, ".."), port, hostname: hostname ?? "localhost" });
const handle = app.getRequestHandler();

// Reading pages rendered for a request are served again to the same request while the database is
// unchanged, for at most PAGE_CACHE_SECONDS (0 turns it off): server/http/page-cache.ts.
const pageCacheSeconds = Number(process.env.PAGE_CACHE_SECONDS ?? 10);
const pageCache =
  pageCacheSeconds > 0
    ? createPageCache({
        marker: processChangeMarker(),
        isCacheablePath: (pathname) => /^\/read\/[^/]+$/.test(pathname),
        ttlMs: pageCacheSeconds * 1000,
        maxBytes: Number(process.env.PAGE_CACHE_MEGABYTES ?? 64) * 1024 * 1024,
      })
    : null;

// At most CONCURRENT_REQUESTS requests in the app at once, the rest waiting for a turn (shared
// between client addresses), so a busy server still accepts new connections as they come (0 turns
// it off): server/http/admission.ts.
const concurrentRequests = Number(process.env.CONCURRENT_REQUESTS ?? 8);

async function main() {
  await app.prepare();
  const admission =
    concurrentRequests > 0
      ? createAdmission({
          limit: concurrentRequests,
          networkCheckMs: ADMISSION_NETWORK_CHECK_MS,
          holdMs: ADMISSION_HOLD_MS,
          maxWaiting: MAX_WAITING_REQUESTS,
        })
      : null;
  const server = createServer((request, response) => {
    const refusal = refuseAddress(request.url ?? "/") ?? refuseMethod(request.method ?? "GET", request.url ?? "/");
    if (refusal) {
      const { allow, ...error } = refusal;
      response.writeHead(error.status, { "content-type": "application/json", ...(allow ? { allow } : {}) }).end(JSON.stringify({ error }));
      return;
    }
    request.headers[PEER_ADDRESS_HEADER] = normalizeAddress(request.socket.remoteAddress ?? "unknown");
    // The live stream writes its events to the socket itself (server/http/node-responses.ts).
    dropNodeResponseHeader(request);
    const isLiveStream = request.method === "GET" && LIVE_STREAM_PATH.test((request.url ?? "/").split("?")[0]);
    if (isLiveStream) lendNodeResponse(request, response);
    // A live stream stays open for as long as its reader reads: it never waits for a turn, nor holds one.
    const render =
      isLiveStream || !admission
        ? () => void handle(request, response)
        : () =>
            admission.admit(
              clientAddress((name) => headerValue(request, name)),
              request,
              response,
              () => void handle(request, response),
            );
    if (pageCache) void pageCache.handle(request, response, render);
    else render();
  });
  // An idle keep-alive connection is closed by whichever side times out first. Node's 5 s default
  // races clients and proxies that keep connections for longer (a load balancer's 60 s, an HTTP
  // agent's pool): a request sent on a socket the server is just closing fails with ECONNRESET. So
  // the server waits longer than they do, and reads headers for longer than it keeps alive.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 5_000;
  // Requests Node's HTTP parser refuses before any handler runs (headers over 16 KB, broken
  // framing) are answered in the one error shape rather than Node's empty 431/400 — but only on a
  // connection with no response under way, as Node's own handler does.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    const isResponding = Boolean((socket as { _httpMessage?: unknown })._httpMessage);
    if (error.code === "ECONNRESET" || !socket.writable || isResponding) return socket.destroy();
    const isTooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const status = isTooLarge ? 431 : 400;
    const body = JSON.stringify({
      error: isTooLarge
        ? { code: "HEADERS_TOO_LARGE", message: "The request's headers are too large.", status }
        : { code: "BAD_REQUEST", message: "The request is not valid HTTP.", status },
    });
    socket.end(
      `HTTP/1.1 ${status} ${isTooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  server.listen(port, hostname, () => {
    console.log(`Marginalia is serving http://${hostname ?? "localhost"}:${port}`);
  });
  // Live streams never end on their own: close them too, and do not wait past a moment.
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** GET /api/documents/{slug}/events (app/api/documents/[slug]/events/route.ts). */
const LIVE_STREAM_PATH = /^\/api\/documents\/[^/]+\/events$/;

/** How long an idle keep-alive connection stays open: past common load balancers' 60 s. */
const KEEP_ALIVE_MS = 65_000;

/** After this long a running request stops counting against CONCURRENT_REQUESTS if it waits on the network (a trickling body, an unread response)... */
const ADMISSION_NETWORK_CHECK_MS = 250;

/** ...and after this long in any case (a long export). */
const ADMISSION_HOLD_MS = 2_000;

/** Requests that may wait for a turn; past this many the next are answered 503 at once. */
const MAX_WAITING_REQUESTS = 2_000;

/** Longer addresses than any route needs; nginx's default header buffer is the same 8 KB. */
const MAX_URL_LENGTH = 8_192;

/**
 * Addresses Next.js would mishandle, refused in the one error shape (lib/api/error-body.ts): a path
 * it cannot percent-decode ("/api/annotations/J%") gets a bare 500 from Next, and a huge one that
 * Next redirects (a doubled slash) comes back as a Location and Refresh header too large for
 * clients to read. Both are the client's mistake, so say so.
 */
type Refusal = { code: string; message: string; status: number; allow?: string };

function refuseAddress(url: string): Refusal | null {
  if (url.length > MAX_URL_LENGTH) {
    return { code: "URI_TOO_LONG", message: `The address is too long: at most ${MAX_URL_LENGTH} characters.`, status: 414 };
  }
  try {
    decodeURIComponent(url.split("?")[0]);
    return null;
  } catch {
    return { code: "BAD_REQUEST", message: "The address is not valid: a % must start a percent-encoded byte.", status: 400 };
  }
}

/**
 * An API address no route has (/api/groups/{id}/gradebook/xlsx.csv), or a method it does not answer
 * (DELETE on /api/notifications/read): Next.js would answer its HTML "Not found" page, or 405 with
 * an empty body and no `Allow`. Said here in the one error shape, the 405 with the methods the
 * address answers (lib/api/allowed-methods.ts). Sign-in's routes are next-auth's, not in the
 * contracts; an address Next.js redirects (a trailing or doubled slash) is left to it.
 */
function refuseMethod(method: string, url: string): Refusal | null {
  const pathname = url.split("?")[0];
  if (!pathname.startsWith("/api/") || pathname.startsWith("/api/auth/")) return null;
  const allowed = allowedMethods(pathname);
  if (!allowed) {
    if (pathname.endsWith("/") || pathname.includes("//")) return null;
    return { code: "NOT_FOUND", message: "No such API address: see /api-reference for the ones there are.", status: 404 };
  }
  if (allowed.includes(method)) return null;
  const allow = allowed.join(", ");
  return { code: "METHOD_NOT_ALLOWED", message: `This address does not answer ${method}; it answers ${allow}.`, status: 405, allow };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
