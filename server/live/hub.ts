import "server-only";
import type { AnnotationDto } from "@/lib/annotations/types";
import { HEARTBEAT_MS, liveKindOf, MAX_REPLAY_EVENTS, type LivePresenceMessage } from "@/lib/live/protocol";
import { toAnnotationDto, viewerFields, type AnnotationRow } from "@/server/annotations/annotation-dto";
import { loadAnnotationRows } from "@/server/annotations/load-annotation-rows";
import { can, loadViewerAccesses, type ViewerAccess } from "@/server/authz/annotations";
import { stillSignedIn, type StreamCredential } from "@/server/auth/request-viewer";
import { canReadDocument, DOCUMENT_ACCESS_FIELDS, readersStillAllowed } from "@/server/authz/documents";
import { isOpenToGroup, readingSharing } from "@/server/authz/scope-on-reading";
import { db } from "@/server/db/client";
import { announcePresence, onAnnouncement, onListening, type Announcement } from "@/server/outbox/bus";
import { parseAccessFields, readChange } from "@/server/outbox/record-annotation-event";
import type { LiveFrame } from "./frames";
import { getLiveCursor, oldestKeptEventId } from "./get-live-cursor";
import { countReadersByGroup, refreshPresence, removePresence } from "./presence";
import { pruneLiveRows } from "./prune-live-rows";

/**
 * The live hub of one process: per document, a channel of subscribers (open streams), each with
 * its own cursor (the last event id it was sent).
 *
 * Writers record events in the change's own transaction and announce ids only after commit
 * (server/outbox/mutate-annotations.ts). On an announcement — or on the heartbeat tick, the
 * safety net for a lost one — the channel reads the events after its smallest cursor in id
 * order, loads the annotations once per batch, and then decides for EACH subscriber with the one
 * authorization module, as things are now: readable → `annotation`; not readable now but
 * readable before the change (`before`) → `removed`; otherwise nothing, not even the id. A
 * subscriber's memberships are read again for every batch (in one batched load for all of them),
 * so a removed member stops receiving at once.
 *
 * At lecture scale (a thousand readers of one document) the cost per event must not be a thousand
 * of anything expensive: subscribers whose decisions about an event come out the same — the same
 * permissions, the same answer for its thread, whether it was theirs — form one audience and share
 * one frame object, which is serialized once (frames.ts `encodeFrame`). The heartbeat re-checks every stream's credential and its reader's right to
 * the document in a few queries per document, not per reader; presence is sent at most once a
 * second per document, however many streams open or close meanwhile.
 *
 * One loop per channel at a time delivers in id order; announcements arriving meanwhile only set
 * a flag the loop picks up (coalesced). A new subscriber is served by the same path from its
 * cursor (replay), unless it missed more than MAX_REPLAY_EVENTS or pruned events (`reset`).
 */
const EVENT_BATCH = 200;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** Presence at most this often per document: a class arriving opens hundreds of streams within seconds. */
const PRESENCE_EVERY_MS = 1_000;
const HEARTBEAT_FRAME: LiveFrame = { event: "heartbeat" };

/** A row and its DTO, made once per batch: the DTO is the same for every reader allowed to see it, but for its `permissions`. */
type Loaded = { row: AnnotationRow; dto: AnnotationDto };
type EventRow = {
  id: number;
  annotationId: string;
  kind: string;
  change: string | null;
  actorId: string;
  clientToken: string | null;
  before: string | null;
};

export type Subscriber = {
  streamId: string;
  viewer: { id: string };
  cursor: number;
  /** Writes one frame; throws when the stream is gone (then the subscriber is dropped). Frames are shared between subscribers: never change one. */
  send: (frame: LiveFrame) => void;
  /** What the stream was signed in with, checked again on every heartbeat. */
  credential: StreamCredential;
  /** Ends the stream (signed out, or no longer allowed to read the document); the hub has unsubscribed it. */
  end: () => void;
  lastPresence?: string;
  /** The groups whose threads this subscriber could read at the last batch (membership, hide until post). */
  readableGroups?: ReadonlySet<string>;
  /** The latest version of the reading this stream's page knows of: a newer one is told once (`version`). */
  versionNumber?: number;
};

type Channel = {
  documentId: string;
  subscribers: Map<string, Subscriber>;
  wantsEvents: boolean;
  wantsPresence: boolean;
  wantsVersion: boolean;
  running: Promise<void> | null;
  lastPresenceAt: number;
  /** A presence round waiting for PRESENCE_EVERY_MS to pass. */
  presenceTimer: NodeJS.Timeout | null;
};

type Hub = {
  channels: Map<string, Channel>;
  tick: NodeJS.Timeout | null;
  stopBus: (() => void)[];
  lastPruneAt: number;
  /** The re-check of open streams under way (or the last one): the next waits for it. */
  recheck: Promise<void>;
};

// Next's development server reloads modules: one hub per process.
const globalForHub = globalThis as unknown as { marginaliaLiveHub?: Hub };
const hub: Hub = (globalForHub.marginaliaLiveHub ??= {
  channels: new Map(),
  tick: null,
  stopBus: [],
  lastPruneAt: 0,
  recheck: Promise.resolve(),
});

export type Subscription = { streamId: string; unsubscribe: () => Promise<void> };

/**
 * Opens a subscription for a viewer on a document from `cursor`, on the presence row the caller
 * reserved for it (`reservePresence`, which enforces the per-user stream limit): says `reset` when
 * too much was missed, then replays and follows through the channel's one delivery loop.
 */
export async function subscribe(input: {
  streamId: string;
  documentId: string;
  viewer: { id: string };
  cursor: number;
  send: Subscriber["send"];
  credential: StreamCredential;
  end: () => void;
  /** The version the page shows (its number); absent, the latest when the stream opens. */
  versionNumber?: number;
}): Promise<Subscription> {
  startHub();
  const subscriber: Subscriber = {
    streamId: input.streamId,
    viewer: { id: input.viewer.id },
    cursor: input.cursor,
    send: input.send,
    credential: input.credential,
    end: input.end,
    versionNumber: input.versionNumber,
  };
  try {
    // What the viewer reads in their groups as they start: if their very first event is the post
    // that meets "hide until you post", the stream must know it revealed something (and reset).
    subscriber.readableGroups = readableGroupsOf(
      (await loadAccesses({ documentId: input.documentId }, [subscriber])).get(subscriber.viewer.id) ?? null,
    );
    const resetTo = await replayResetCursor(input.documentId, input.cursor);
    if (resetTo !== null) {
      subscriber.cursor = resetTo;
      subscriber.send({ event: "reset", id: resetTo, data: {} });
    }
  } catch (error) {
    // Not subscribed after all (the database failed, or the client left): leave no presence behind.
    await removePresence(subscriber.streamId).catch(() => {});
    throw error;
  }
  const channel = channelFor(input.documentId);
  channel.subscribers.set(subscriber.streamId, subscriber);
  void schedule(channel, { events: true, presence: true, version: true });
  await announcePresence(input.documentId);
  return { streamId: subscriber.streamId, unsubscribe: () => unsubscribe(input.documentId, subscriber.streamId) };
}

async function unsubscribe(documentId: string, streamId: string): Promise<void> {
  const channel = hub.channels.get(documentId);
  if (!channel?.subscribers.delete(streamId)) return;
  if (channel.subscribers.size === 0 && !channel.running) dropChannel(channel);
  try {
    await removePresence(streamId);
  } catch (error) {
    console.warn("live: could not remove a presence row (it stops counting by itself)", error);
  }
  await announcePresence(documentId);
}

/**
 * The cursor to reset to, or null when the missed events can be replayed: more than
 * MAX_REPLAY_EVENTS missed, some were pruned (the cursor is older than the oldest kept event), or
 * the cursor is past every event there is (a database restored from a backup, or a made-up id): the
 * stream would otherwise skip every new event up to it, silently.
 */
async function replayResetCursor(documentId: string, cursor: number): Promise<number | null> {
  const [missed, oldestKept, newest] = await Promise.all([
    db.annotationEvent.findMany({
      where: { documentId, id: { gt: cursor } },
      orderBy: { id: "asc" },
      select: { id: true },
      take: MAX_REPLAY_EVENTS + 1,
    }),
    oldestKeptEventId(),
    db.annotationEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  const isPruned = oldestKept !== null && cursor < oldestKept - 1;
  const isAhead = cursor > (newest?.id ?? 0);
  if (missed.length <= MAX_REPLAY_EVENTS && !isPruned && !isAhead) return null;
  return getLiveCursor(documentId);
}

function dropChannel(channel: Channel): void {
  if (channel.presenceTimer) clearTimeout(channel.presenceTimer);
  channel.presenceTimer = null;
  if (hub.channels.get(channel.documentId) === channel) hub.channels.delete(channel.documentId);
}

function channelFor(documentId: string): Channel {
  let channel = hub.channels.get(documentId);
  if (!channel) {
    channel = {
      documentId,
      subscribers: new Map(),
      wantsEvents: false,
      wantsPresence: false,
      wantsVersion: false,
      running: null,
      lastPresenceAt: 0,
      presenceTimer: null,
    };
    hub.channels.set(documentId, channel);
  }
  return channel;
}

/**
 * Asks the channel's loop to deliver; starts it unless it runs already (then it picks this up).
 * Presence waits until PRESENCE_EVERY_MS has passed since the last round, unless `now` (tests).
 */
function schedule(channel: Channel, what: { events?: boolean; presence?: boolean | "now"; version?: boolean }): Promise<void> {
  if (what.events) channel.wantsEvents = true;
  if (what.version) channel.wantsVersion = true;
  if (what.presence === "now" || (what.presence && Date.now() - channel.lastPresenceAt >= PRESENCE_EVERY_MS)) {
    channel.wantsPresence = true;
  } else if (what.presence && !channel.presenceTimer) {
    channel.presenceTimer = setTimeout(
      () => {
        channel.presenceTimer = null;
        if (hub.channels.get(channel.documentId) === channel) void schedule(channel, { presence: "now" });
      },
      PRESENCE_EVERY_MS - (Date.now() - channel.lastPresenceAt),
    );
    channel.presenceTimer.unref();
  }
  if (!channel.wantsEvents && !channel.wantsPresence && !channel.wantsVersion) return channel.running ?? Promise.resolve();
  channel.running ??= runChannel(channel);
  return channel.running;
}

async function runChannel(channel: Channel): Promise<void> {
  await Promise.resolve(); // let schedule() store this promise before the loop can end
  try {
    while (channel.wantsEvents || channel.wantsPresence || channel.wantsVersion) {
      const { wantsEvents, wantsPresence, wantsVersion } = channel;
      channel.wantsEvents = false;
      channel.wantsPresence = false;
      channel.wantsVersion = false;
      try {
        if (wantsEvents) await deliverEvents(channel);
        if (wantsVersion) await deliverVersion(channel);
        if (wantsPresence) await deliverPresence(channel);
      } catch (error) {
        // The next announcement or heartbeat tries again from the same cursors.
        console.error(`live: delivery on document ${channel.documentId} failed`, error);
      }
    }
  } finally {
    channel.running = null;
    if (channel.subscribers.size === 0) dropChannel(channel);
  }
}

/** Delivers every event after the channel's smallest cursor, a bounded batch at a time. */
async function deliverEvents(channel: Channel): Promise<void> {
  for (;;) {
    const subscribers = [...channel.subscribers.values()];
    if (subscribers.length === 0) return;
    const from = Math.min(...subscribers.map((subscriber) => subscriber.cursor));
    const events = await db.annotationEvent.findMany({
      where: { documentId: channel.documentId, id: { gt: from } },
      orderBy: { id: "asc" },
      take: EVENT_BATCH,
      select: { id: true, annotationId: true, kind: true, change: true, actorId: true, clientToken: true, before: true },
    });
    if (events.length === 0) return;
    // Independent reads: side by side, so an event waits for the slower of them, not for both.
    // The reading too, as it is now: `can` judges an annotation by its own scope, and a reader who
    // can no longer open the reading (unshared, deleted, their group left) gets nothing more from it
    // — their stream ends here rather than at the next heartbeat (up to 15 s of others' notes).
    const [rows, accesses, document, ownHelpfulMarks] = await Promise.all([
      loadRows(events),
      loadAccesses(channel, subscribers),
      db.document.findUnique({ where: { id: channel.documentId }, select: DOCUMENT_ACCESS_FIELDS }),
      loadOwnHelpfulMarks(events),
    ]);
    const audiences: Audiences = new Map(events.map((event) => [event.id, new Map()]));
    for (const subscriber of subscribers) {
      if (!channel.subscribers.has(subscriber.streamId)) continue;
      if (!document || !canReadDocument(accesses.get(subscriber.viewer.id) ?? null, document)) {
        void unsubscribe(channel.documentId, subscriber.streamId);
        subscriber.end();
        continue;
      }
      const pending = events.filter((event) => event.id > subscriber.cursor);
      if (pending.length === 0) continue;
      deliverTo(channel, subscriber, pending, { rows, audiences, ownHelpfulMarks }, accesses.get(subscriber.viewer.id) ?? null);
    }
    if (events.length < EVENT_BATCH) return;
  }
}

/** Per event id: the frame of each audience (by the decisions that make it), null for "nothing". */
type Audiences = Map<number, Map<string, LiveFrame | null>>;
/** `ownHelpfulMarks`: "<annotationId> <userId>" of each helpful event's giver whose mark is there now. */
type Batch = { rows: Map<string, Loaded>; audiences: Audiences; ownHelpfulMarks: Set<string> };

function deliverTo(channel: Channel, subscriber: Subscriber, events: EventRow[], batch: Batch, access: ViewerAccess | null): void {
  const lastId = events[events.length - 1].id;
  // Joined a group, or hide-until-post lifted: threads written before are readable now and no
  // event will bring them; or left one, or made a member from its staff: threads on the page are
  // no longer theirs to read. Reloading is the only complete answer.
  if (changedReadableScope(subscriber, access)) {
    subscriber.cursor = lastId;
    send(channel, subscriber, { event: "reset", id: lastId, data: {} });
    return;
  }
  for (const event of events) {
    const frame = frameFor(event, batch, access, subscriber.viewer.id);
    subscriber.cursor = event.id;
    if (frame && !send(channel, subscriber, frame)) return;
  }
}

/** The groups whose threads the viewer reads, each with their role there (staff read instructors-only threads). */
function readableGroupsOf(access: ViewerAccess | null): Set<string> {
  if (!access) return new Set();
  return new Set(
    [...access.memberships].filter(([groupId]) => !access.hiddenGroups.has(groupId)).map(([groupId, role]) => `${groupId} ${role}`),
  );
}

/**
 * Whether what the viewer may read in their groups changed since the stream last looked: a group
 * joined, left or revealed (hide until you post), or a role changed. Losing one matters as much as
 * gaining one: only `reset` takes threads the reader can no longer read off an open page (an
 * independent check saw a removed member keep the group's threads, stale, and reply into them).
 */
function changedReadableScope(subscriber: Subscriber, access: ViewerAccess | null): boolean {
  const now = readableGroupsOf(access);
  const before = subscriber.readableGroups;
  subscriber.readableGroups = now;
  return before !== undefined && (now.size !== before.size || [...now].some((group) => !before.has(group)));
}

/**
 * What this subscriber is told about one event, decided by the authorization module for this
 * subscriber; null for nothing. Whether the subscriber made the change is all it learns of who did
 * (`isMine`): a helpful mark or a flag stays anonymous. Only the author's own streams get the
 * creating clientToken. The frame is made from these decisions alone, so subscribers with the same
 * decisions (an audience) get the same frame object, made once.
 */
function frameFor(
  event: EventRow,
  { rows, audiences, ownHelpfulMarks }: Batch,
  access: ViewerAccess | null,
  viewerId: string,
): LiveFrame | null {
  const isMine = event.actorId === viewerId;
  const loaded = rows.get(event.annotationId);
  const frames = audiences.get(event.id)!;
  if (loaded && can(access, "read", loaded.row)) {
    const parent = loaded.row.parentId ? rows.get(loaded.row.parentId) : undefined;
    // Permissions, the score they may see and the feedback they read: all the frame depends on.
    const fields = viewerFields(loaded.row, access);
    const parentFields = parent && can(access, "read", parent.row) ? viewerFields(parent.row, access) : null;
    const audience = JSON.stringify(["annotation", isMine, fields, parentFields]);
    if (!frames.has(audience)) {
      const change = readChange(event);
      // The giver of a helpful mark is told whether theirs is there now, so their other tabs and
      // devices show the button as it is; anyone else's stays as their page has it.
      const ownMark = isMine && change === "helpful" ? { isHelpfulToMe: ownHelpfulMarks.has(`${event.annotationId} ${viewerId}`) } : {};
      frames.set(audience, {
        event: "annotation",
        id: event.id,
        data: {
          kind: liveKindOf(change),
          change,
          annotation: { ...loaded.dto, ...fields, ...ownMark },
          parent: parent && parentFields ? { ...parent.dto, ...parentFields } : null,
          isMine,
          clientToken: isMine ? event.clientToken : null,
        },
      });
    }
    return frames.get(audience)!;
  }
  const before = parseAccessFields(event.before);
  if (before && can(access, "read", before)) {
    const audience = JSON.stringify(["removed", isMine]);
    if (!frames.has(audience)) {
      const change = readChange(event);
      frames.set(audience, { event: "removed", id: event.id, data: { id: event.annotationId, parentId: before.parentId, change, isMine } });
    }
    return frames.get(audience)!;
  }
  return null;
}

/**
 * The annotations a batch is about and, for replies, their threads: loaded once for every
 * subscriber, by raw statements (load-annotation-rows.ts: Prisma compiling this select anew for
 * every change was the largest part of the time from commit to arrival).
 */
async function loadRows(events: EventRow[]): Promise<Map<string, Loaded>> {
  const rows = await loadAnnotationRows(events.map((event) => event.annotationId));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const parentIds = [...new Set(rows.flatMap((row) => (row.parentId && !byId.has(row.parentId) ? [row.parentId] : [])))];
  for (const parent of await loadAnnotationRows(parentIds)) byId.set(parent.id, parent);
  return new Map([...byId].map(([id, row]) => [id, { row, dto: toAnnotationDto(row, null) }]));
}

/**
 * For each helpful event, whether its giver's mark is there now (given, or taken back): one query
 * for the batch, none when it has no such event. As of now, not as of the event: a mark given and
 * taken back within one batch is told as taken back twice, which is how it ends.
 */
async function loadOwnHelpfulMarks(events: EventRow[]): Promise<Set<string>> {
  const asked = events.filter((event) => readChange(event) === "helpful");
  if (asked.length === 0) return new Set();
  const marks = await db.helpful.findMany({
    where: { OR: asked.map((event) => ({ annotationId: event.annotationId, userId: event.actorId })) },
    select: { annotationId: true, userId: true },
  });
  return new Set(marks.map((mark) => `${mark.annotationId} ${mark.userId}`));
}

/**
 * Every subscriber's access as it is now, in one batched load (two queries however many readers
 * there are: server/authz/annotations.ts `loadViewerAccesses`).
 */
function loadAccesses(channel: Pick<Channel, "documentId">, subscribers: Subscriber[]): Promise<Map<string, ViewerAccess>> {
  return loadViewerAccesses(
    subscribers.map((subscriber) => subscriber.viewer.id),
    { documentId: channel.documentId },
  );
}

/** Per subscriber: the readers of each of its groups the reading is open to, sent when it changed (and always first). */
async function deliverPresence(channel: Channel): Promise<void> {
  channel.lastPresenceAt = Date.now();
  if (channel.subscribers.size === 0) return;
  const [readers, sharing] = await Promise.all([countReadersByGroup(channel.documentId), readingSharing(channel.documentId)]);
  const subscribers = [...channel.subscribers.values()];
  const accesses = await loadAccesses(channel, subscribers);
  // Readers in the same groups are told the same thing: one frame (and one serialization) for them.
  const frames = new Map<string, LiveFrame>();
  for (const subscriber of subscribers) {
    const access = accesses.get(subscriber.viewer.id);
    // Only groups the reading is open to: on a private reading, or one shared with another group,
    // "Only you from Seminar are reading now" told of a group that cannot open it.
    const groupIds = access ? [...access.memberships.keys()].filter((groupId) => isOpenToGroup(sharing, groupId)).sort() : [];
    const key = groupIds.join(" ");
    if (!frames.has(key)) {
      const message: LivePresenceMessage = { groups: groupIds.map((groupId) => ({ groupId, readers: readers.get(groupId) ?? 0 })) };
      frames.set(key, { event: "presence", data: message });
    }
    const frame = frames.get(key)!;
    const said = JSON.stringify(frame.event === "presence" ? frame.data : null);
    if (said === subscriber.lastPresence || !channel.subscribers.has(subscriber.streamId)) continue;
    if (send(channel, subscriber, frame)) subscriber.lastPresence = said;
  }
}

/**
 * Tells each subscriber whose page shows an older version that a newer one exists, once per new
 * version: one query per document, one frame for everyone (a version number is no secret from
 * someone who may read the reading, and the stream already checked that they may).
 */
async function deliverVersion(channel: Channel): Promise<void> {
  if (channel.subscribers.size === 0) return;
  const latest = await db.documentVersion.findFirst({
    where: { documentId: channel.documentId },
    orderBy: { number: "desc" },
    select: { id: true, number: true },
  });
  if (!latest) return;
  let frame: LiveFrame | null = null;
  for (const subscriber of [...channel.subscribers.values()]) {
    if (subscriber.versionNumber === undefined) subscriber.versionNumber = latest.number;
    if (subscriber.versionNumber >= latest.number) continue;
    frame ??= { event: "version", data: { number: latest.number, versionId: latest.id } };
    if (send(channel, subscriber, frame)) subscriber.versionNumber = latest.number;
  }
}

/** Writes a frame; a stream that cannot be written to any more is unsubscribed. */
function send(channel: Channel, subscriber: Subscriber, frame: LiveFrame): boolean {
  try {
    subscriber.send(frame);
    return true;
  } catch {
    void unsubscribe(channel.documentId, subscriber.streamId);
    return false;
  }
}

function onBusAnnouncement(announcement: Announcement): void {
  if (announcement.kind === "credentials") {
    endStreamsNoLongerAllowed().catch((error: unknown) =>
      console.warn("live: could not re-check credentials now (the heartbeat will)", error),
    );
    return;
  }
  const channel = hub.channels.get(announcement.documentId);
  if (!channel) return;
  void schedule(
    channel,
    announcement.kind === "events" ? { events: true } : announcement.kind === "version" ? { version: true } : { presence: true },
  );
}

/** Everything open catches up from the database: whenever the LISTEN connection starts listening, and on every heartbeat. */
function catchUpAll(): void {
  for (const channel of hub.channels.values()) void schedule(channel, { events: true, presence: true, version: true });
}

async function heartbeat(): Promise<void> {
  const streamIds: string[] = [];
  for (const channel of hub.channels.values()) {
    for (const subscriber of [...channel.subscribers.values()]) {
      if (send(channel, subscriber, HEARTBEAT_FRAME)) streamIds.push(subscriber.streamId);
    }
  }
  try {
    await refreshPresence(streamIds);
    if (Date.now() - hub.lastPruneAt > PRUNE_EVERY_MS) {
      hub.lastPruneAt = Date.now();
      await pruneLiveRows();
    }
  } catch (error) {
    console.warn("live: heartbeat could not refresh presence or prune", error);
  }
  try {
    await endStreamsNoLongerAllowed();
  } catch (error) {
    // The database cannot be asked: nobody is signed out by an outage; the next tick asks again.
    console.warn("live: heartbeat could not re-check who may still follow", error);
  }
  catchUpAll();
}

/**
 * Signed out (everywhere, or that session), the token revoked or expired, or the reading unshared,
 * deleted, or its group left: the stream ends within a heartbeat, like any later request would be
 * refused. Every stream of this process in a few queries: the credentials of all of them at once,
 * then per document one read of it and one batched load of its readers' accesses.
 *
 * One re-check at a time: a revocation's announcement can arrive while the heartbeat re-checks.
 * Run side by side, the later one skipped a stream the earlier was still ending and returned
 * before that stream was closed or its presence row gone (a flaky CI run on PostgreSQL).
 */
function endStreamsNoLongerAllowed(): Promise<void> {
  const run = hub.recheck.catch(() => {}).then(recheckOpenStreams);
  hub.recheck = run;
  return run;
}

async function recheckOpenStreams(): Promise<void> {
  const open = [...hub.channels.values()].flatMap((channel) =>
    [...channel.subscribers.values()].map((subscriber) => ({ channel, subscriber })),
  );
  if (open.length === 0) return;
  const signedIn = await stillSignedIn(open.map(({ subscriber }) => subscriber.credential));
  const ending = open.filter((_, index) => !signedIn[index]);
  for (const channel of new Set(open.map(({ channel }) => channel))) {
    const subscribers = [...channel.subscribers.values()];
    if (subscribers.length === 0) continue;
    const accesses = await loadAccesses(channel, subscribers);
    const allowed = await readersStillAllowed(channel.documentId, accesses);
    ending.push(...subscribers.filter((subscriber) => !allowed.has(subscriber.viewer.id)).map((subscriber) => ({ channel, subscriber })));
    // Still reading, but no longer in a group (or no longer its staff) with no event since to say so:
    // the page reloads what it shows.
    for (const subscriber of subscribers) {
      if (!allowed.has(subscriber.viewer.id) || !channel.subscribers.has(subscriber.streamId)) continue;
      if (changedReadableScope(subscriber, accesses.get(subscriber.viewer.id) ?? null))
        send(channel, subscriber, { event: "reset", id: subscriber.cursor, data: {} });
    }
  }
  for (const { channel, subscriber } of ending) {
    if (!channel.subscribers.has(subscriber.streamId)) continue;
    // Out of the channel at once (unsubscribe's first step), so the stream closes now, not after its presence row goes.
    const leaving = unsubscribe(channel.documentId, subscriber.streamId);
    subscriber.end();
    await leaving;
  }
}

function startHub(): void {
  if (hub.tick) return;
  hub.stopBus = [onAnnouncement(onBusAnnouncement), onListening(catchUpAll)];
  hub.tick = setInterval(() => void heartbeat(), HEARTBEAT_MS);
  hub.tick.unref();
}

/** For tests: asks every loop of the document to run and waits until it has delivered everything committed so far. */
export async function settleChannel(documentId: string): Promise<void> {
  const channel = hub.channels.get(documentId);
  if (channel) await schedule(channel, { events: true, presence: "now", version: true });
}

/** For tests: one heartbeat now. */
export function heartbeatNow(): Promise<void> {
  return heartbeat();
}

/** Stops the tick and the bus listeners (tests, shutdown). Open subscriptions stay until they unsubscribe. */
export function stopHub(): void {
  if (hub.tick) clearInterval(hub.tick);
  hub.tick = null;
  for (const stop of hub.stopBus) stop();
  hub.stopBus = [];
}
