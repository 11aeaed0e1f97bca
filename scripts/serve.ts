// The production server (`npm start`): Next.js's own request handler behind a plain Node HTTP
// server, for one reason — the address a request came from. Route handlers only see headers, and
// `next start` passes a client's X-Forwarded-For through untouched, so per-IP limits could be
// reset by forging it. Here every request carries the TCP peer's address in a header that the
// client cannot set (server/http/client-ip.ts reads it).
//
//   tsx scripts/serve.ts [--port N] [--hostname H]      (defaults: $PORT or 3000, all interfaces)
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { normalizeAddress, PEER_ADDRESS_HEADER } from "../lib/http/peer-address";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

const port = Number(option("port") ?? process.env.PORT ?? 3000);
const hostname = option("hostname") ?? process.env.HOSTNAME;
const app = next({ dev: false, dir: path.resolve(__dirname, ".."), port, hostname: hostname ?? "localhost" });
const handle = app.getRequestHandler();

async function main() {
  await app.prepare();
  const server = createServer((request, response) => {
    if (!isDecodablePath(request.url ?? "/")) {
      // Next.js answers a path it cannot percent-decode ("/api/annotations/J%") with a bare 500;
      // it is the client's mistake, so say so in the one error shape (lib/api/error-body.ts).
      const error = { code: "BAD_REQUEST", message: "The address is not valid: a % must start a percent-encoded byte.", status: 400 };
      response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error }));
      return;
    }
    request.headers[PEER_ADDRESS_HEADER] = normalizeAddress(request.socket.remoteAddress ?? "unknown");
    void handle(request, response);
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

function isDecodablePath(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0]);
    return true;
  } catch {
    return false;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
