import "server-only";
import { RECONNECT_MS } from "@/lib/live/protocol";
import type { ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";
import { describeCredential, getRequestViewer, type StreamCredential } from "@/server/auth/request-viewer";
import { encodeFrame, type LiveFrame } from "./frames";
import { getLiveCursor } from "./get-live-cursor";
import { subscribe, type Subscription } from "./hub";
import { reservePresence } from "./presence";
import { readCursor } from "./read-cursor";
import { loadDocumentFor } from "@/server/authz/documents";
import { claimNodeResponse } from "@/server/http/node-responses";

/**
 * A client that reads slower than changes arrive is dropped once this much is waiting for it: it
 * reconnects with Last-Event-ID and the database replays the rest, instead of this process
 * holding an ever-growing buffer.
 */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * GET /api/documents/{slug}/events: checks who asks and where from before anything streams
 * (errors are ordinary JSON answers), then hands the response to the hub as a subscriber.
 * The subscription ends when the client goes away (the request's abort signal, or the stream
 * being cancelled), a write fails, or the hub's heartbeat finds the credential or the right to
 * read the document gone; either way presence is cleaned up.
 */
export async function openLiveStream(request: Request, slug: string): Promise<Response> {
  const viewer = await getRequestViewer(request, "read");
  if (!viewer) throw new AppError("UNAUTHENTICATED", "Sign in to follow annotations live.");
  const cursor = readCursor(request);
  const versionNumber = readVersionNumber(request);
  const { document } = await loadDocumentFor(viewer, slug, "annotate");
  const start = cursor ?? (await getLiveCursor(document.id));
  // HEAD (which Next answers with GET's handler) asks whether the stream would open, and never reads
  // its body: a stream opened for it would hold one of the reader's places until a restart.
  if (request.method === "HEAD") return new Response(null, { headers: SSE_HEADERS });
  const credential = await describeCredential(request, viewer);
  // Last, so nothing after it can fail: over the per-user limit, 429 here; else the place is this stream's.
  const streamId = await reservePresence(viewer.id, document.id);
  const target = { streamId, documentId: document.id, viewer, cursor: start, credential, versionNumber };
  return new Response(liveStream(request, target, claimNodeResponse(request)), { headers: SSE_HEADERS });
}

/** `?version=<number>`: the version the page shows, so a newer one made before the stream opened is still told. */
function readVersionNumber(request: Request): number | undefined {
  const value = new URL(request.url).searchParams.get("version");
  return value !== null && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform also keeps compression (which would buffer the stream) off it.
  "Cache-Control": "no-cache, no-transform",
  // nginx: pass each write through at once.
  "X-Accel-Buffering": "no",
};

/**
 * The response body: `retry:` first, then whatever the hub writes, until the client leaves, a write
 * fails, or the hub ends it (signed out, or the reading out of reach: the browser's reconnect then
 * gets the 401 or 404 any other request would).
 *
 * With the request's Node response lent (server/http/node-responses.ts), the frames are written to
 * it directly and this stream carries none: it only tells when Next has put the answer's status and
 * headers on the response (its first read, `pull`), and ends the response by closing.
 */
function liveStream(
  request: Request,
  target: {
    streamId: string;
    documentId: string;
    viewer: { id: string };
    cursor: number;
    credential: StreamCredential;
    versionNumber: number | undefined;
  },
  socket: ServerResponse | null,
): ReadableStream<Uint8Array> {
  let subscription: Subscription | null = null;
  let isClosed = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;
  // Frames for the socket, kept until Next has set the headers (a write before would send Node's defaults).
  let beforeHeaders: Uint8Array[] | null = [];

  const close = () => {
    if (isClosed) return;
    isClosed = true;
    void subscription?.unsubscribe();
    try {
      controllerRef?.close();
    } catch {
      // already closed by the client
    }
  };

  const writeBytes = (controller: ReadableStreamDefaultController<Uint8Array>, bytes: Uint8Array) => {
    if (!socket) return controller.enqueue(bytes);
    if (beforeHeaders) return void beforeHeaders.push(bytes);
    socket.write(bytes);
  };
  const buffered = (controller: ReadableStreamDefaultController<Uint8Array>) =>
    socket ? socket.writableLength : -(controller.desiredSize ?? 0);

  const source: UnderlyingDefaultSource<Uint8Array> = {
    async start(controller) {
      controllerRef = controller;
      const write = (frame: LiveFrame) => {
        if (isClosed || socket?.destroyed) throw new Error("The stream is closed.");
        if (buffered(controller) > MAX_BUFFERED_BYTES) {
          close();
          throw new Error("The client reads too slowly; it will reconnect and replay.");
        }
        writeBytes(controller, encodeFrame(frame));
      };
      writeBytes(controller, RETRY_LINE);
      request.signal.addEventListener("abort", close, { once: true });
      socket?.once("close", close);
      try {
        subscription = await subscribe({ ...target, send: write, end: close });
      } catch (error) {
        console.error("live: could not open a subscription", error);
        close();
        return;
      }
      // The client may have left while we subscribed: close again, now with the subscription to end.
      if (isClosed || request.signal.aborted) {
        isClosed = false;
        close();
      }
    },
    // Next reads the body only once it has put the status and headers on the response.
    pull() {
      if (!socket || !beforeHeaders) return;
      const waiting = beforeHeaders;
      beforeHeaders = null;
      for (const bytes of waiting) socket.write(bytes);
    },
    cancel: close,
  };
  // Lent a socket, nothing is queued here: a high-water mark of 0 calls `pull` only when Next reads.
  return new ReadableStream(source, socket ? { highWaterMark: 0 } : new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }));
}

const RETRY_LINE = new TextEncoder().encode(`retry: ${RECONNECT_MS}\n\n`);
