import type { LiveAnnotationMessage, LiveRemovedMessage } from "@/lib/live/protocol";
import { plainTextHtml } from "./plain-text-html";
import type { AnnotationDto } from "./types";

/**
 * What the reading page holds of a document's annotations, as a pure reducer: no React, no fetch.
 *
 * Three sources change it. The reader's own saves are shown at once (optimistic) and stay
 * "pending" until the server confirms them; the server's answers confirm or refuse them; and the
 * live stream brings everyone's changes, my own included (the echo of my saves, possibly before
 * the POST's answer). Stream events can be late, duplicated or replayed after a reconnect, so
 * every remote change is idempotent: it never duplicates a card, never brings back something I
 * deleted, never overwrites an edit of mine the server has not confirmed, and never undoes a newer
 * version with an older one (compared by updatedAt).
 */
/** `isOffline`: the failure was no network at all: the change waits on this device, which is not an error. */
export type SaveState =
  { status: "saved" } | { status: "saving" } | { status: "failed"; message: string; isRetrying: boolean; isOffline: boolean };

/** A local change the server has not confirmed yet (what the outbox is sending), oldest first. */
export type PendingChange =
  | { kind: "create"; token: string; optimistic: AnnotationDto }
  | { kind: "reply"; token: string; optimistic: AnnotationDto }
  | { kind: "update"; token: string; id: string };

export type AnnotationState = {
  /** Top-level annotations in document order. */
  annotations: AnnotationDto[];
  /** Replies of the threads that have been opened, by their root's id, oldest first. */
  threads: Record<string, AnnotationDto[]>;
  /** Saves in flight or failed, by the card's id (the pending id for a create or reply). */
  saveStates: Record<string, SaveState>;
  pending: PendingChange[];
  /** Ids I deleted (or am deleting): a late or replayed event must not bring them back. */
  deletedByMe: ReadonlySet<string>;
  /** Replies already counted in their parent's replyCount, and replies already taken out of it. */
  countedReplies: ReadonlySet<string>;
  uncountedReplies: ReadonlySet<string>;
  /**
   * Top-level annotations that left the list (deleted, moved out of reach, discarded): a large
   * reading's page holds stubs of annotations it has not loaded (annotation-stubs.ts), and these
   * leave with them. One that comes back (a live event, an undo) leaves this set.
   */
  removed: ReadonlySet<string>;
  /** My new annotations' ids once saved, by the pending id their card had: an open card stays open. */
  savedIds: Readonly<Record<string, string>>;
};

export type AnnotationAction =
  /** My new annotation or reply, shown before the server has it (also: restored from a stored outbox). */
  | { type: "localCreate"; token: string; optimistic: AnnotationDto }
  | { type: "localReply"; token: string; optimistic: AnnotationDto }
  /** My edit of an annotation or reply; `patch` is what the card shows until the server answers. */
  | { type: "localUpdate"; token: string; id: string; patch: Partial<AnnotationDto> }
  | { type: "sending"; localId: string }
  /** The server confirmed a pending change (by its token) and answered with the saved annotation. */
  | { type: "saved"; token: string; saved: AnnotationDto }
  /** A pending change failed: retried later (transient), or refused (the server said no; it stops being pending). */
  | { type: "saveFailed"; token: string; message: string; isRetrying: boolean; isOffline: boolean }
  | { type: "deleteStarted"; id: string }
  | { type: "deleteFailed"; id: string }
  | { type: "deleted"; annotation: AnnotationDto; isKeptForReplies: boolean }
  /** The reader lets go of a save the server refused. */
  | { type: "discarded"; id: string }
  | { type: "threadLoaded"; id: string; replies: AnnotationDto[] }
  /** What the server already did (a helpful mark, a hide, a bulk move), shown without saving anything. */
  | { type: "patched"; id: string; patch: Partial<AnnotationDto> }
  /** From the live stream (also a replay after a reconnect, and the "show queued" button). */
  | { type: "remoteAnnotation"; message: LiveAnnotationMessage }
  | { type: "remoteRemoved"; id: string; parentId: string | null }
  /** The stream said `reset`: the whole list, loaded again. */
  | { type: "reloaded"; items: AnnotationDto[] }
  /** A large reading's window of cards (or one thread) fetched as the sidebar scrolls: added where the page has no copy. */
  | { type: "loaded"; items: AnnotationDto[] }
  /** My delete was undone: it is back, with its replies. */
  | { type: "restored"; annotation: AnnotationDto };

export function initialAnnotationState(annotations: AnnotationDto[]): AnnotationState {
  return {
    annotations,
    threads: {},
    saveStates: {},
    pending: [],
    deletedByMe: new Set(),
    countedReplies: new Set(),
    uncountedReplies: new Set(),
    removed: new Set(),
    savedIds: {},
  };
}

export function pendingId(token: string): string {
  return `pending-${token}`;
}

export function isPendingId(id: string): boolean {
  return id.startsWith("pending-");
}

/** The card a pending change shows on: the optimistic copy for a create or reply, the annotation itself for an edit. */
export function localIdOf(change: PendingChange): string {
  return change.kind === "update" ? change.id : pendingId(change.token);
}

// --- Which live messages are my own ------------------------------------------------------------

/** Whether a live message is about a change the viewer made (in this tab or another): the server says so per subscriber. */
export function isOwnChange(message: Pick<LiveAnnotationMessage, "isMine"> | Pick<LiveRemovedMessage, "isMine">): boolean {
  return message.isMine;
}

/**
 * Whether a live message is the stream's echo of one of my pending creates or replies: the
 * creating request's client token rides on the "created" event, to its author's streams only.
 */
export function isOwnEcho(pending: PendingChange, message: LiveAnnotationMessage): boolean {
  if (pending.kind !== "create" && pending.kind !== "reply") return false;
  return message.isMine && message.change === "created" && message.clientToken === pending.token;
}

// --- The reducer ---------------------------------------------------------------------------------

export function annotationReducer(state: AnnotationState, action: AnnotationAction): AnnotationState {
  return markWaitingOffline(reduce(state, action));
}

/**
 * Offline, only the first change waiting is tried (and told it waits); those behind it are not
 * tried until it goes. Each card of a change waiting behind it says it is kept on the device too,
 * not nothing, as if it were saved.
 */
function markWaitingOffline(state: AnnotationState): AnnotationState {
  const waiting = Object.values(state.saveStates).find((saveState) => saveState.status === "failed" && saveState.isOffline);
  const unmarked = waiting ? state.pending.map(localIdOf).filter((id) => !state.saveStates[id]) : [];
  if (!waiting || unmarked.length === 0) return state;
  return { ...state, saveStates: { ...state.saveStates, ...Object.fromEntries(unmarked.map((id) => [id, waiting])) } };
}

function reduce(state: AnnotationState, action: AnnotationAction): AnnotationState {
  switch (action.type) {
    case "localCreate":
      return {
        ...state,
        annotations: upsert(state.annotations, action.optimistic),
        // A new annotation's thread is known: empty. Its card opens at once without asking the
        // server, and replies that arrive live have a thread to go into.
        threads: { ...state.threads, [action.optimistic.id]: [] },
        pending: [...state.pending, { kind: "create", token: action.token, optimistic: action.optimistic }],
      };
    case "localReply":
      return {
        ...state,
        threads: addReply(state.threads, action.optimistic),
        pending: [...state.pending, { kind: "reply", token: action.token, optimistic: action.optimistic }],
      };
    case "localUpdate": {
      // New words show as plain text until the server's answer brings them rendered from Markdown.
      const patch =
        action.patch.body !== undefined && action.patch.bodyHtml === undefined
          ? { ...action.patch, bodyHtml: plainTextHtml(action.patch.body) }
          : action.patch;
      const apply = (item: AnnotationDto) => (item.id === action.id ? { ...item, ...patch } : item);
      return {
        ...state,
        annotations: sortInDocumentOrder(state.annotations.map(apply)),
        threads: mapThreads(state.threads, (replies) => replies.map(apply)),
        pending: [...state.pending, { kind: "update", token: action.token, id: action.id }],
      };
    }
    case "sending":
      return { ...state, saveStates: { ...state.saveStates, [action.localId]: { status: "saving" } } };
    case "saved":
      return confirmSaved(state, action.token, action.saved);
    case "saveFailed": {
      const change = state.pending.find((item) => item.token === action.token);
      if (!change) return state;
      const saveStates = {
        ...state.saveStates,
        [localIdOf(change)]: {
          status: "failed",
          message: action.message,
          isRetrying: action.isRetrying,
          isOffline: action.isOffline,
        } as const,
      };
      // A refused change stays on screen as "not saved" (its save state), but is no longer sent.
      const pending = action.isRetrying ? state.pending : state.pending.filter((item) => item !== change);
      return { ...state, saveStates, pending };
    }
    case "deleteStarted":
      return { ...state, deletedByMe: withItem(state.deletedByMe, action.id) };
    case "deleteFailed":
      return { ...state, deletedByMe: withoutItem(state.deletedByMe, action.id) };
    case "deleted": {
      const { annotation, isKeptForReplies } = action;
      // A note deleted while it still waits to be saved (offline): its create and edits are still
      // sent first (the delete, after them, names it by its pending id), but their answers and the
      // stream's echo of the create must not bring its card back.
      if (isPendingId(annotation.id))
        return forget(
          {
            ...state,
            pending: state.pending.filter((change) => localIdOf(change) !== annotation.id),
            deletedByMe: withItem(state.deletedByMe, annotation.id),
          },
          annotation.id,
          annotation.parentId,
        );
      if (!isKeptForReplies) return forget(state, annotation.id, annotation.parentId);
      // Kept as "deleted" because others replied: its later updates may show again.
      const next = { ...state, deletedByMe: withoutItem(state.deletedByMe, annotation.id) };
      if (annotation.parentId) return forget(next, annotation.id, annotation.parentId);
      const annotations = state.annotations.map((item) =>
        item.id === annotation.id ? { ...item, isDeleted: true, body: "", bodyHtml: "", tags: [] } : item,
      );
      return { ...next, annotations };
    }
    case "discarded":
      return {
        ...state,
        removed: withItem(state.removed, action.id),
        annotations: state.annotations.filter((item) => item.id !== action.id),
        threads: mapThreads(withoutKey(state.threads, action.id), (replies) => replies.filter((item) => item.id !== action.id)),
        saveStates: withoutKey(state.saveStates, action.id),
      };
    case "threadLoaded": {
      const waiting = (state.threads[action.id] ?? []).filter((item) => isPendingId(item.id));
      return { ...state, threads: { ...state.threads, [action.id]: [...action.replies, ...waiting] } };
    }
    case "patched": {
      // A thread's card or one of its replies (a reply is hidden on its own).
      const patch = (item: AnnotationDto) => (item.id === action.id ? { ...item, ...action.patch } : item);
      const threads = Object.fromEntries(Object.entries(state.threads).map(([rootId, replies]) => [rootId, replies.map(patch)]));
      return { ...state, annotations: state.annotations.map(patch), threads };
    }
    case "remoteAnnotation":
      return applyRemote(state, action.message);
    case "remoteRemoved":
      return forget(state, action.id, action.parentId);
    case "reloaded": {
      const local = new Map(state.annotations.map((item) => [item.id, item]));
      const fresh = action.items
        .filter((item) => !state.deletedByMe.has(item.id))
        .map((item) => (isUnconfirmed(state, item.id) && local.has(item.id) ? local.get(item.id)! : item));
      // What I have not saved yet (optimistic cards, unconfirmed edits) stays as it is.
      return { ...state, annotations: sortInDocumentOrder([...fresh, ...state.annotations.filter((item) => isPendingId(item.id))]) };
    }
    case "loaded": {
      // The page's own copy is as new or newer (a live event, my unconfirmed edit); a window
      // fetched before a delete must not bring it back.
      const known = new Set(state.annotations.map((item) => item.id));
      const added = action.items.filter((item) => !known.has(item.id) && !state.removed.has(item.id) && !state.deletedByMe.has(item.id));
      return added.length === 0 ? state : { ...state, annotations: sortInDocumentOrder([...state.annotations, ...added]) };
    }
    case "restored":
      return {
        ...state,
        removed: withoutItem(state.removed, action.annotation.id),
        deletedByMe: withoutItem(state.deletedByMe, action.annotation.id),
        annotations: upsert(state.annotations, action.annotation),
      };
  }
}

/** Whether `id` carries an edit of mine the server has not confirmed (waiting, sending or refused). */
export function isUnconfirmed(state: AnnotationState, id: string): boolean {
  return state.pending.some((change) => change.kind === "update" && change.id === id) || id in state.saveStates;
}

function confirmSaved(state: AnnotationState, token: string, saved: AnnotationDto): AnnotationState {
  const change = state.pending.find((item) => item.token === token);
  if (!change) return state;
  const localId = localIdOf(change);
  const next: AnnotationState = {
    ...state,
    pending: state.pending.filter((item) => item !== change),
    saveStates: withoutKey(state.saveStates, localId),
  };
  if (change.kind === "create")
    return {
      ...adoptReplies(next, localId, saved.id),
      annotations: upsert(state.annotations, saved, localId),
      savedIds: { ...state.savedIds, [localId]: saved.id },
    };
  if (change.kind === "update") {
    if (saved.parentId) return { ...next, threads: addReply(state.threads, saved) };
    return { ...next, annotations: upsert(state.annotations, saved) };
  }
  const withReply = { ...next, threads: addReply(state.threads, saved, localId) };
  // The stream's echo may have counted it already (it carries the parent's count).
  if (state.countedReplies.has(saved.id)) return withReply;
  return {
    ...withReply,
    countedReplies: withItem(state.countedReplies, saved.id),
    annotations: state.annotations.map((item) =>
      item.id === change.optimistic.parentId ? { ...item, replyCount: item.replyCount + 1 } : item,
    ),
  };
}

/**
 * Replies written to an annotation while it was still waiting to be saved (offline) hang under its
 * pending id: once it is saved they move under the saved id, where the replies' own saves (sent
 * after it, in order) and the reply count find them.
 */
function adoptReplies(state: AnnotationState, localId: string, savedId: string): AnnotationState {
  const waiting = state.threads[localId];
  if (!waiting) return state;
  const adopt = (reply: AnnotationDto) => (reply.parentId === localId ? { ...reply, parentId: savedId } : reply);
  return {
    ...state,
    threads: { ...withoutKey(state.threads, localId), [savedId]: [...(state.threads[savedId] ?? []), ...waiting.map(adopt)] },
    pending: state.pending.map((change) => (change.kind === "reply" ? { ...change, optimistic: adopt(change.optimistic) } : change)),
  };
}

function applyRemote(state: AnnotationState, message: LiveAnnotationMessage): AnnotationState {
  const { annotation, parent } = message;
  if (state.deletedByMe.has(annotation.id) || (message.clientToken && state.deletedByMe.has(pendingId(message.clientToken)))) return state;
  // The stream can beat the POST's answer: my optimistic card is replaced, not doubled.
  const echoOf = state.pending.find((change) => change.kind !== "update" && isOwnEcho(change, message));
  const replacingId = echoOf ? localIdOf(echoOf) : undefined;
  const isKept = isUnconfirmed(state, annotation.id);
  let next = state;
  if (annotation.parentId) {
    const parentId = annotation.parentId;
    next = { ...next, uncountedReplies: withoutItem(next.uncountedReplies, annotation.id) };
    if (!isKept && next.threads[parentId]) {
      next = { ...next, threads: { ...next.threads, [parentId]: mergeRemote(next.threads[parentId], annotation, replacingId, false) } };
    }
    if (parent) next = { ...next, countedReplies: withItem(next.countedReplies, annotation.id) };
  } else if (!isKept) {
    next = {
      ...next,
      annotations: mergeRemote(next.annotations, annotation, replacingId, true),
      removed: withoutItem(next.removed, annotation.id),
      savedIds: replacingId ? { ...next.savedIds, [replacingId]: annotation.id } : next.savedIds,
      // My new annotation, saved: its thread is as empty as it was while pending.
      threads: replacingId && !next.threads[annotation.id] ? { ...next.threads, [annotation.id]: [] } : next.threads,
    };
  }
  if (parent && !state.deletedByMe.has(parent.id)) {
    // Mid-edit, my unconfirmed text stays; the reply count is the server's either way.
    const merged = isUnconfirmed(state, parent.id) ? next.annotations : mergeRemote(next.annotations, parent, undefined, true);
    const counts = { replyCount: parent.replyCount, feedbackCount: parent.feedbackCount };
    next = { ...next, annotations: merged.map((item) => (item.id === parent.id ? { ...item, ...counts } : item)) };
  }
  return next;
}

/**
 * Something I could see is gone: deleted (by me or, from the stream, by someone else), hidden, or
 * moved out of my reach. A reply leaves its parent's count once, however often this is told.
 */
function forget(state: AnnotationState, id: string, parentId: string | null): AnnotationState {
  if (!parentId) {
    return {
      ...state,
      threads: withoutKey(state.threads, id),
      annotations: state.annotations.filter((item) => item.id !== id),
      removed: withItem(state.removed, id),
    };
  }
  const threads = state.threads[parentId]
    ? { ...state.threads, [parentId]: state.threads[parentId].filter((item) => item.id !== id) }
    : state.threads;
  if (state.uncountedReplies.has(id)) return { ...state, threads };
  // Feedback is counted apart from replies (lib/annotations/types.ts).
  const isFeedback = state.threads[parentId]?.find((item) => item.id === id)?.isFeedback === true;
  const uncount = (item: AnnotationDto): AnnotationDto =>
    isFeedback
      ? { ...item, feedbackCount: Math.max(0, item.feedbackCount - 1) }
      : { ...item, replyCount: Math.max(0, item.replyCount - 1) };
  return {
    ...state,
    threads,
    uncountedReplies: withItem(state.uncountedReplies, id),
    countedReplies: withoutItem(state.countedReplies, id),
    annotations: state.annotations.map((item) => (item.id === parentId ? uncount(item) : item)),
  };
}

/**
 * Puts `incoming` into `list` (replacing `replacingId`, an optimistic copy of it), unless what is
 * there is newer: replayed or late events carry an older updatedAt and leave the card alone.
 */
export function mergeRemote(
  list: AnnotationDto[],
  incoming: AnnotationDto,
  replacingId: string | undefined,
  isTopLevel: boolean,
): AnnotationDto[] {
  const existing = list.find((item) => item.id === incoming.id);
  if (existing && existing.updatedAt > incoming.updatedAt) {
    return replacingId ? list.filter((item) => item.id !== replacingId) : list;
  }
  // The stream tells the viewer's own helpful mark only on the events of their own marking
  // (server/live/hub.ts); otherwise keep the one we have.
  const merged = existing && incoming.isHelpfulToMe === undefined ? { ...incoming, isHelpfulToMe: existing.isHelpfulToMe } : incoming;
  if (existing && !replacingId) return list.map((item) => (item.id === incoming.id ? merged : item));
  const without = list.filter((item) => item.id !== incoming.id && item.id !== replacingId);
  return isTopLevel
    ? sortInDocumentOrder([...without, merged])
    : [...without, merged].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function sortInDocumentOrder(list: AnnotationDto[]): AnnotationDto[] {
  const startOf = (annotation: AnnotationDto) => annotation.target?.selector[1].start ?? Number.MAX_SAFE_INTEGER;
  return [...list].sort((a, b) => startOf(a) - startOf(b) || a.createdAt.localeCompare(b.createdAt));
}

/** A top-level annotation in, replacing any copy of it (and `replacingId`, its optimistic card). */
function upsert(list: AnnotationDto[], annotation: AnnotationDto, replacingId?: string): AnnotationDto[] {
  return sortInDocumentOrder([...list.filter((item) => item.id !== annotation.id && item.id !== replacingId), annotation]);
}

/**
 * A saved reply in its thread: in the place of its earlier copy (or of `replacingId`, its optimistic
 * copy), else at the end. Never moved: a reply moved in the list is taken out of the page and put
 * back, and the browser takes focus from whatever the reader had on it (its Edit button, its box).
 */
function addReply(threads: Record<string, AnnotationDto[]>, reply: AnnotationDto, replacingId?: string): Record<string, AnnotationDto[]> {
  const parentId = reply.parentId!;
  const replies = threads[parentId] ?? [];
  const at = replies.findIndex((item) => item.id === reply.id || item.id === replacingId);
  if (at === -1) return { ...threads, [parentId]: [...replies, reply] };
  const others = (item: AnnotationDto, index: number) => index === at || (item.id !== reply.id && item.id !== replacingId);
  return { ...threads, [parentId]: replies.map((item, index) => (index === at ? reply : item)).filter(others) };
}

function mapThreads(
  threads: Record<string, AnnotationDto[]>,
  change: (replies: AnnotationDto[]) => AnnotationDto[],
): Record<string, AnnotationDto[]> {
  return Object.fromEntries(Object.entries(threads).map(([root, replies]) => [root, change(replies)]));
}

function withItem(set: ReadonlySet<string>, item: string): ReadonlySet<string> {
  return set.has(item) ? set : new Set([...set, item]);
}

function withoutItem(set: ReadonlySet<string>, item: string): ReadonlySet<string> {
  if (!set.has(item)) return set;
  const next = new Set(set);
  next.delete(item);
  return next;
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}
