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
 *   event: version                      the reading has a newer version than the one the page
 *   data: LiveVersionMessage            shows (`?version=<number>` on connecting says which it shows)
 *
 *   : heartbeat                         a comment every HEARTBEAT_MS, so proxies keep it open
 *
 * A first connection passes `?since=<id>` (the `liveCursor` the page was rendered with), so
 * nothing that happened between rendering and connecting is lost.
 */
/**
 * What happened to an annotation, specifically. A reply is "created" with a parentId (an
 * instructor's feedback too); "helpful" is a helpful mark given or taken back (the count changed);
 * "hidden" and "restored" are moderation (an instructor's, or a public thread's author's on a reply); "moved" is a change of scope.
 */
export const ANNOTATION_CHANGES = [
  "created",
  "edited",
  "moved",
  "resolved",
  "reopened",
  "deleted",
  "hidden",
  "restored",
  "helpful",
] as const;
export type AnnotationChange = (typeof ANNOTATION_CHANGES)[number];

/** What the stream does with the annotation: add it, replace it, or mark it deleted (kept for its replies). */
export type LiveKind = "created" | "updated" | "deleted";

export function liveKindOf(change: AnnotationChange): LiveKind {
  return change === "created" || change === "deleted" ? change : "updated";
}

export type LiveAnnotationMessage = {
  kind: LiveKind;
  /** What happened, so nobody is said to have "edited" a note someone else marked helpful or an instructor hid. */
  change: AnnotationChange;
  /** The annotation as the subscriber is allowed to see it (same shape as the JSON API, `permissions` theirs). */
  annotation: AnnotationDto;
  /** For a reply: its thread's root, with the new reply count. */
  parent: AnnotationDto | null;
  /** The subscriber made this change (in this tab or another): it never waits in the queue. Who else did is not said. */
  isMine: boolean;
  /** On the echo of my own create: the clientToken my request sent, so my page replaces its optimistic copy exactly. Otherwise null. */
  clientToken: string | null;
};

export type LiveRemovedMessage = { id: string; parentId: string | null; change: AnnotationChange; isMine: boolean };

export type LivePresenceMessage = {
  /** Per group of the subscriber: how many distinct members (the subscriber included) have this document open. */
  groups: { groupId: string; readers: number }[];
};

/** A new version of the reading exists (its owner corrected the text or sent a new edition): the page may switch to it. */
export type LiveVersionMessage = { number: number; versionId: string };

export const HEARTBEAT_MS = 15_000;
/** A reconnecting EventSource waits this long (the SSE `retry:` field). */
export const RECONNECT_MS = 2_000;
/** More missed events than this and the stream says `reset` instead of replaying them. */
export const MAX_REPLAY_EVENTS = 1_000;

export function liveEventsPath(slug: string): string {
  return `/api/documents/${encodeURIComponent(slug)}/events`;
}
