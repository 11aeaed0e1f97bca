import "server-only";
import { RECONNECT_MS } from "@/lib/live/protocol";
import { AppError } from "@/lib/errors";
import { describeCredential, getRequestViewer, type StreamCredential } from "@/server/auth/request-viewer";
import { encodeFrame, type LiveFrame } from "./frames";
import { getLiveCursor } from "./get-live-cursor";
import { subscribe, type Subscription } from "./hub";
import { reservePresence } from "./presence";
import { readCursor } from "./read-cursor";
import { loadDocumentFor } from "@/server/authz/documents";

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
  const credential = await describeCredential(request, viewer);
  // Last, so nothing after it can fail: over the per-user limit, 429 here; else the place is this stream's.
  const streamId = await reservePresence(viewer.id, document.id);
  return new Response(liveStream(request, { streamId, documentId: document.id, viewer, cursor: start, credential, versionNumber }), {
    headers: SSE_HEADERS,
  });
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
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let subscription: Subscription | null = null;
  let isClosed = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;

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

  const source: UnderlyingDefaultSource<Uint8Array> = {
    async start(controller) {
      controllerRef = controller;
      const write = (frame: LiveFrame) => {
        if (isClosed) throw new Error("The stream is closed.");
        if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) {
          close();
          throw new Error("The client reads too slowly; it will reconnect and replay.");
        }
        controller.enqueue(encodeFrame(frame));
      };
      controller.enqueue(encoder.encode(`retry: ${RECONNECT_MS}\n\n`));
      request.signal.addEventListener("abort", close, { once: true });
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
    cancel: close,
  };
  return new ReadableStream(source, new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }));
}
