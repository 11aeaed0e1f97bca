import type { AnnotationDto } from "@/lib/annotations/types";

/**
 * The live stream of a document, GET /api/documents/{slug}/events (Server-Sent Events).
 *
 * The server sends, for each change the subscriber may see (decided per subscriber by
 * server/authz/annotations.ts, at send time):
 *
 *   id: <AnnotationEvent.id>            monotonic per document; EventSource resends the last one
 *   event: annotation                   as Last-Event-ID when it reconnects, and the server
 *   data: LiveAnnotationMessage         replays what was missed from the database
 *
 *   id: <AnnotationEvent.id>
 *   event: removed                      something the subscriber could see is gone for them
 *   data: LiveRemovedMessage            (deleted without replies, hidden, moved out of reach)
 *
 *   event: presence                     how many of each of the subscriber's groups are reading
 *   data: LivePresenceMessage           this document now (sent on connect and on every change)
 *
 *   event: reset                        too much was missed to replay: reload the annotations
 *   data: {}
 *
 *   : heartbeat                         a comment every HEARTBEAT_MS, so proxies keep it open
 *
 * A first connection passes `?since=<id>` (the `liveCursor` the page was rendered with), so
 * nothing that happened between rendering and connecting is lost.
 */
export type LiveAnnotationMessage = {
  kind: "created" | "updated" | "deleted";
  /** The annotation as the subscriber is allowed to see it (same shape as the JSON API). */
  annotation: AnnotationDto;
  /** For a reply: its thread's root, with the new reply count. */
  parent: AnnotationDto | null;
  /** Who made the change, so a reader's own changes (from another tab) never wait in the queue. */
  actorId: string;
};

export type LiveRemovedMessage = { id: string; parentId: string | null; actorId: string };

export type LivePresenceMessage = {
  /** Per group of the subscriber: how many distinct members (the subscriber included) have this document open. */
  groups: { groupId: string; readers: number }[];
};

export const HEARTBEAT_MS = 15_000;
/** A reconnecting EventSource waits this long (the SSE `retry:` field). */
export const RECONNECT_MS = 2_000;
/** More missed events than this and the stream says `reset` instead of replaying them. */
export const MAX_REPLAY_EVENTS = 1_000;

export function liveEventsPath(slug: string): string {
  return `/api/documents/${encodeURIComponent(slug)}/events`;
}
