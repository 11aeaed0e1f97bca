import "server-only";
import type { LiveAnnotationMessage, LivePresenceMessage, LiveRemovedMessage, LiveVersionMessage } from "@/lib/live/protocol";

/** One thing the hub writes to one subscriber's stream (lib/live/protocol.ts). */
export type LiveFrame =
  | { event: "annotation"; id: number; data: LiveAnnotationMessage }
  | { event: "removed"; id: number; data: LiveRemovedMessage }
  | { event: "presence"; data: LivePresenceMessage }
  /** No `id`: a version is no annotation event, and must not move the client's Last-Event-ID. */
  | { event: "version"; data: LiveVersionMessage }
  /** `id` moves the client's Last-Event-ID past what it will reload, so a reconnect does not reset again. */
  | { event: "reset"; id: number; data: Record<string, never> }
  | { event: "heartbeat" };

/** A frame as Server-Sent Events text. Data is one line of JSON (JSON never contains a raw newline). */
export function formatFrame(frame: LiveFrame): string {
  if (frame.event === "heartbeat") return ": heartbeat\n\n";
  const id = "id" in frame ? `id: ${frame.id}\n` : "";
  return `${id}event: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`;
}

const encoder = new TextEncoder();
const encoded = new WeakMap<LiveFrame, Uint8Array>();

/**
 * A frame's bytes, made once per frame object: the hub hands the same frame object to every
 * subscriber of one audience (server/live/hub.ts), so an event read by a thousand readers is
 * serialized once per audience, not once per reader. The bytes are never written to after.
 */
export function encodeFrame(frame: LiveFrame): Uint8Array {
  let bytes = encoded.get(frame);
  if (!bytes) {
    bytes = encoder.encode(formatFrame(frame));
    encoded.set(frame, bytes);
  }
  return bytes;
}
