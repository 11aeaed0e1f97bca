import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

// The Node response under a request, lent by our production server (scripts/serve.ts) to the one
// route that writes to its socket itself: the live stream (server/live/open-live-stream.ts). A
// route handler answers with a web Response, whose body Next pipes to the socket through web
// streams: several promises per chunk, each paying for the async context Next keeps. That is
// nothing for a page, but a live event goes to every open stream of a reading, and a lecture
// hall keeps a thousand open — in a profile of one instance handing each change to 500 streams,
// a quarter of its CPU went through those pipes. Written straight to the socket, a frame costs one
// `write`.
//
// The route still does everything else as any route does (who asks, what they may read, the
// status and headers of its answer, errors as JSON): Next sends the headers, and ends the response
// when the route's stream closes. Without a lent response (`next dev`, `next start`, the route
// called in a test) the stream goes through Next's pipe as before.

/** Set by scripts/serve.ts on the requests it lends a response for, overwriting anything a client sent. */
export const NODE_RESPONSE_HEADER = "x-marginalia-node-response";

// Next bundles the route's copy of this module apart from the server's: they meet on globalThis.
const globalForResponses = globalThis as unknown as { marginaliaNodeResponses?: Map<string, ServerResponse> };
const lent = (globalForResponses.marginaliaNodeResponses ??= new Map());

/**
 * Lends `response` to the handler of `request` until the route claims it or the response closes.
 * Only for requests whose handler claims it (scripts/serve.ts: the live stream's path), so no
 * entry waits for a handler that never asks.
 */
export function lendNodeResponse(request: IncomingMessage, response: ServerResponse): void {
  const key = randomUUID();
  request.headers[NODE_RESPONSE_HEADER] = key;
  lent.set(key, response);
  response.once("close", () => lent.delete(key));
}

/** Makes sure a client cannot name a lent response (the keys are random, but a header of ours is ours). */
export function dropNodeResponseHeader(request: IncomingMessage): void {
  delete request.headers[NODE_RESPONSE_HEADER];
}

/** The Node response lent for this request, once; null when none was (see above). */
export function claimNodeResponse(request: Request): ServerResponse | null {
  const key = request.headers.get(NODE_RESPONSE_HEADER);
  const response = key ? lent.get(key) : undefined;
  if (!key || !response) return null;
  lent.delete(key);
  return response;
}
