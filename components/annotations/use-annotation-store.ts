"use client";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { annotationsApi, ApiError, errorMessage, type CreateAnnotationBody, type UpdateAnnotationBody } from "@/components/api/api-client";
import {
  annotationReducer,
  initialAnnotationState,
  isPendingId,
  pendingId,
  type AnnotationState,
} from "@/lib/annotations/annotation-state";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { LiveAnnotationMessage } from "@/lib/live/protocol";
import { optimisticAnnotation, optimisticReply, type Author } from "./optimistic-annotation";
import { newClientToken, Outbox, outboxKey, type OutboxEntry, type OutboxReport } from "./outbox";
import { announceWaiting } from "@/components/offline/sync-events";
import { deviceOutboxStorage } from "./outbox-storage";
import { takeReplyDraft } from "./reply-drafts";

/** A change that met another device's: shown to the reader until dismissed, never dropped silently. */
/** `id`: the change's own (one notice per change); `annotationId`: the annotation both devices changed. */
export type SyncConflict = {
  id: string;
  annotationId: string;
  /**
   * `deleted-elsewhere`: an edit the server answered 404, which it says alike for a note deleted
   * and for one no longer shared with this reader;
   * `thread-gone`: a reply was being written in a thread that was deleted or unshared meanwhile;
   * `changed-before-delete`: a delete made offline met a newer edit from another device, and was not done.
   */
  kind: "edited-elsewhere" | "deleted-elsewhere" | "thread-gone" | "changed-before-delete";
  /** What was edited was a reply (told as such), not an annotation. */
  isReply: boolean;
  mine: string;
  theirs: string | null;
};

export type { SaveState } from "@/lib/annotations/annotation-state";

type Options = {
  slug: string;
  /** The reading's title, kept with what waits on the device (My notes names the reading by it). */
  title: string;
  /** The version on screen, whose text new notes' offsets count in (the server places them on a newer one). */
  versionId: string;
  userId: string | null;
  initial: AnnotationDto[];
  /** A large reading: the page holds stubs of every annotation and loads cards by window (lib/annotations/annotation-stubs.ts). */
  isWindowed?: boolean;
};

/**
 * The reading page's annotations: the pure reducer (lib/annotations/annotation-state.ts) wired to
 * the outbox (./outbox.ts, optimistic saves that never lose what was typed) and the API client.
 */
export function useAnnotationStore({ slug, title, versionId, userId, initial, isWindowed = false }: Options) {
  const [state, dispatch] = useReducer(annotationReducer, undefined, () => initialAnnotationState(initial));
  const [error, setError] = useState<string | null>(null);
  // The latest state, for callbacks that run between renders (reloading the open threads).
  const stateRef = useRef<AnnotationState>(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);

  const [conflicts, setConflicts] = useState<SyncConflict[]>([]);
  // The versions this page's own saves made ("id@updatedAt"): an edit begun before one of them
  // landed replaces the reader's own words, not another device's.
  const [ownVersions] = useState(() => new Set<string>());
  const [outbox] = useState(
    () =>
      new Outbox({
        // Used on first use only: there is no IndexedDB during server rendering.
        storage: typeof window === "undefined" ? null : deviceOutboxStorage(window.localStorage, title),
        key: outboxKey(userId, slug),
        send: (entry) => sendOutboxEntry(slug, entry),
        // A reply's id answers with its whole thread: the version wanted is the reply's, not the thread's.
        fetchCurrent: async (id) => {
          const { annotation, replies } = await annotationsApi.thread(id);
          const current = annotation.id === id ? annotation : replies.find((reply) => reply.id === id);
          if (!current) throw new Error("No longer there.");
          return current;
        },
        report: (reported, isOwn) => {
          const report = asOnThisVersion(reported, versionId);
          // Another tab's save, heard here, is another device's version for this page's edits.
          if (report.type === "saved" && report.saved && isOwn) ownVersions.add(`${report.saved.id}@${report.saved.updatedAt}`);
          // A delete that met a newer edit was not done: the note is back, as the other device left it.
          if (report.type === "conflict" && report.entry.kind === "delete" && report.theirs && !report.theirs.parentId)
            dispatch({ type: "restored", annotation: report.theirs });
          const action = actionFor(report);
          if (action) dispatch(action);
          // Told where the words were written (and where they were sent from), not in every tab.
          const conflict = isOwn ? conflictFor(report) : null;
          if (conflict) setConflicts((current) => [...current, conflict]);
          if (report.type === "failed" && !report.isRetrying && report.entry.kind === "delete") setError(`Not deleted: ${report.message}`);
        },
        onWaiting: announceWaiting,
        // What an earlier visit, or another tab, could not send yet: shown as this page's own.
        onFound: (found) => {
          for (const entry of found) {
            if (entry.kind === "create") dispatch({ type: "localCreate", token: entry.token, optimistic: entry.optimistic });
            else if (entry.kind === "reply") dispatch({ type: "localReply", token: entry.token, optimistic: entry.optimistic });
            else if (entry.kind === "update")
              dispatch({ type: "localUpdate", token: entry.token, id: entry.id, patch: restoredPatch(entry.patch) });
            else {
              // Marked as deleted by me first, so the kept copy's list (loadKept) does not bring it back.
              dispatch({ type: "deleteStarted", id: entry.id });
              dispatch({ type: "discarded", id: entry.id });
            }
            // Refused on an earlier visit: shown again as not saved, with the server's reason, until discarded.
            if (entry.refused)
              dispatch({ type: "saveFailed", token: entry.token, message: entry.refused.message, isRetrying: false, isOffline: false });
          }
        },
      }),
  );

  // Replay what an earlier visit (or this one, offline) could not send, and retry as soon as the network returns.
  useEffect(() => {
    if (!userId) return;
    void outbox.restore().then((restored) => void (restored.length > 0 && outbox.flush()));
    const stopListening = outbox.listen();
    const onOnline = () => void outbox.flush();
    // A tab closed between a change and its write to the device would lose the change: the browser asks first.
    const onLeave = (event: BeforeUnloadEvent) => void (outbox.hasUnstored && event.preventDefault());
    window.addEventListener("online", onOnline);
    window.addEventListener("beforeunload", onLeave);
    return () => {
      stopListening();
      window.removeEventListener("online", onOnline);
      window.removeEventListener("beforeunload", onLeave);
      outbox.cancelRetry();
    };
  }, [userId, outbox]);

  const push = useCallback((entry: OutboxEntry) => outbox.push(entry), [outbox]);

  const create = useCallback(
    (
      input: Omit<CreateAnnotationBody, "clientToken">,
      author: Author,
      position: { start: number; end: number },
      quote: { exact: string; prefix: string; suffix: string },
      groupName: string | null = null,
    ) => {
      const token = newClientToken();
      const optimistic = optimisticAnnotation({ slug, token, input, author, position, quote, groupName });
      dispatch({ type: "localCreate", token, optimistic });
      push({ kind: "create", token, input: { ...input, versionId, clientToken: token }, optimistic });
      return optimistic.id;
    },
    [push, slug, versionId],
  );

  /**
   * `editedFrom`: the version the reader began editing. New words are made against it: if another
   * device (or tab) saved a version since — it may be on screen already, arrived live while they
   * typed — the server says so (409) and the outbox shows both (see ./outbox.ts). Without it, or
   * when what is on screen is this page's own save, against the version on screen. An annotation
   * or a reply alike (replies live in their threads, not in the list).
   */
  const update = useCallback(
    (id: string, patch: UpdateAnnotationBody, optimistic: Partial<AnnotationDto>, editedFrom?: string) => {
      const token = newClientToken();
      const current = itemById(stateRef.current, id);
      const seen = current && (!editedFrom || ownVersions.has(`${id}@${current.updatedAt}`) ? current.updatedAt : editedFrom);
      const base = patch.body !== undefined && seen && !isPendingId(id) ? { ifUnmodifiedSince: seen } : {};
      dispatch({ type: "localUpdate", token, id, patch: optimistic });
      // A new span counts in the version on screen, which the owner may have replaced meanwhile.
      const on = patch.target ? { versionId } : {};
      push({ kind: "update", token, id, patch: { ...patch, ...on, ...base }, isReply: current?.parentId != null });
    },
    [push, ownVersions, versionId],
  );

  const reply = useCallback(
    (parentId: string, body: string, author: Author, mentions: string[] = []) => {
      const token = newClientToken();
      const optimistic = optimisticReply(token, parentId, body, author);
      dispatch({ type: "localReply", token, optimistic });
      push({ kind: "reply", token, parentId, body, mentions, optimistic });
    },
    [push],
  );

  /**
   * Resolves true when the server deleted it (the page then offers Undo). Offline, or when the
   * network fails, or while earlier changes still wait, the delete joins the outbox and the card
   * goes at once; it resolves false, as there is nothing to undo on the server yet.
   */
  const remove = useCallback(
    async (annotation: AnnotationDto) => {
      setError(null);
      const queue = () => {
        dispatch({ type: "deleted", annotation, isKeptForReplies: false });
        // Against the version on screen, as an edit is: changed elsewhere meanwhile, it is not deleted unseen.
        const since = isPendingId(annotation.id) ? {} : { ifUnmodifiedSince: annotation.updatedAt };
        push({ kind: "delete", token: newClientToken(), id: annotation.id, ...since });
        return false;
      };
      if (!navigator.onLine || outbox.waiting.length > 0 || isPendingId(annotation.id)) return queue();
      // Before the request: the stream's echo of this delete can arrive before the response does.
      dispatch({ type: "deleteStarted", id: annotation.id });
      try {
        const { isKeptForReplies } = await annotationsApi.remove(annotation.id);
        dispatch({ type: "deleted", annotation, isKeptForReplies });
        return true;
      } catch (caught) {
        dispatch({ type: "deleteFailed", id: annotation.id });
        if (caught instanceof ApiError && caught.status === 0) return queue();
        setError(caught instanceof ApiError ? `Not deleted: ${caught.message}` : "Not deleted.");
        return false;
      }
    },
    [outbox, push],
  );

  /**
   * A large reading's cards are fetched by window (loadWindow); a thread opened meanwhile goes first.
   * Its card's words are in its answer, so no window asks for them again, and windows wait until the
   * threads being opened are answered: on a server busy with 100-card windows, the one thread the
   * reader clicked would otherwise be answered last.
   */
  const asked = useRef(new Set<string>());
  const threadsAsked = useRef(new Set<string>());
  const threadsOpening = useRef(new Set<Promise<unknown>>());
  const loadThread = useCallback(async (id: string) => {
    threadsAsked.current.add(id);
    const answer = annotationsApi.thread(id);
    threadsOpening.current.add(answer);
    try {
      const { annotation, replies } = await answer;
      // A large reading may not have loaded the card yet: the thread's answer brings it.
      dispatch({ type: "loaded", items: [annotation] });
      dispatch({ type: "threadLoaded", id, replies });
    } catch (caught) {
      // Nor has any window brought its card meanwhile: the next window may ask for it.
      threadsAsked.current.delete(id);
      asked.current.delete(id);
      setError(errorMessage(caught, "Could not load the replies."));
    } finally {
      threadsOpening.current.delete(answer);
    }
  }, []);

  /**
   * The stream missed too much to replay: load the whole list again. What I have not saved yet
   * (optimistic cards, unconfirmed edits) stays as it is; loaded threads are loaded again.
   */
  const reloadAll = useCallback(async () => {
    try {
      dispatch({ type: "reloaded", items: await annotationsApi.listAll(slug) });
      for (const id of Object.keys(stateRef.current.threads)) if (!isPendingId(id)) void loadThread(id);
    } catch (caught) {
      setError(caught instanceof ApiError ? `Could not refresh the annotations: ${caught.message}` : "Could not refresh the annotations.");
    }
  }, [slug, loadThread]);

  /** Undo my delete: the server puts it back (replies, tags, score); the list is loaded again to show it. */
  const undoDelete = useCallback(
    async (id: string) => {
      setError(null);
      try {
        const restored = await annotationsApi.undelete(id);
        // No longer "deleted by me", which the reload below leaves out: a note without replies
        // came back only after the page was loaded again. (A reply comes back with its thread.)
        if (isWindowed || restored.parentId === null) dispatch({ type: "restored", annotation: restored });
        // A large reading does not reload thousands of cards for one: the restored one comes back alone.
        if (!isWindowed) await reloadAll();
        return true;
      } catch (caught) {
        setError(caught instanceof ApiError ? `Not restored: ${caught.message}` : "Not restored.");
        return false;
      }
    },
    [reloadAll, isWindowed],
  );

  /**
   * A large reading's cards, fetched by window as the sidebar scrolls: each id is asked for once
   * (unless its request failed), at most 100 at a time.
   */
  const loadWindow = useCallback(
    async (ids: readonly string[]) => {
      const wanted = ids.filter((id) => !asked.current.has(id) && !threadsAsked.current.has(id) && !isPendingId(id));
      if (wanted.length === 0) return;
      for (const id of wanted) asked.current.add(id);
      for (let from = 0; from < wanted.length; from += 100) {
        await Promise.allSettled(threadsOpening.current);
        // A thread opened since this window was asked for brought its card already.
        const chunk = wanted.slice(from, from + 100).filter((id) => !threadsAsked.current.has(id));
        if (chunk.length === 0) continue;
        try {
          dispatch({ type: "loaded", items: await annotationsApi.window(slug, chunk) });
        } catch (caught) {
          for (const id of chunk) asked.current.delete(id);
          setError(errorMessage(caught, "Could not load these annotations."));
        }
      }
    },
    [slug],
  );

  /** The reader lets go of a change the server refused: off the page, and off the device. */
  const discard = useCallback(
    (id: string) => {
      dispatch({ type: "discarded", id });
      outbox.discard(outbox.refused.filter((entry) => changedId(entry) === id).map((entry) => entry.token));
    },
    [outbox],
  );
  const applyLocally = useCallback((id: string, patch: Partial<AnnotationDto>) => dispatch({ type: "patched", id, patch }), []);
  const applyRemote = useCallback((message: LiveAnnotationMessage) => dispatch({ type: "remoteAnnotation", message }), []);
  const removeRemote = useCallback(
    (id: string, parentId: string | null) => {
      dispatch({ type: "remoteRemoved", id, parentId });
      // A reply being written in the thread has nowhere to go now: its words are shown, not lost.
      const words = parentId === null && userId ? takeReplyDraft(userId, id) : "";
      if (words)
        setConflicts((current) => [
          ...current,
          { id: `reply-${id}`, annotationId: id, kind: "thread-gone", isReply: true, mine: words, theirs: null },
        ]);
    },
    [userId],
  );
  const retry = useCallback(() => outbox.flush(), [outbox]);
  /** A conflict's id is its change's token: an edit refused with it (deleted elsewhere) leaves the device with the notice. */
  const dismissConflict = useCallback(
    (id: string) => {
      setConflicts((current) => current.filter((conflict) => conflict.id !== id));
      outbox.discard([id]);
    },
    [outbox],
  );
  /**
   * The reader prefers the other outcome after all: the other device's words saved back over the
   * edit from here, or the note deleted though it was changed elsewhere.
   */
  const keepTheirs = useCallback(
    (conflict: SyncConflict) => {
      const current = itemById(stateRef.current, conflict.annotationId);
      if (conflict.kind === "changed-before-delete") {
        if (current) void remove(current);
      } else if (conflict.theirs === null) return;
      else update(conflict.annotationId, { body: conflict.theirs }, { body: conflict.theirs });
      dismissConflict(conflict.id);
    },
    [update, remove, dismissConflict],
  );
  /** The kept copy's annotations (components/offline/), shown when the page opens offline; my unsaved changes stay on top. */
  const loadKept = useCallback((items: AnnotationDto[]) => dispatch({ type: "reloaded", items }), []);

  return {
    annotations: state.annotations,
    removed: state.removed,
    savedIds: state.savedIds,
    loadWindow,
    threads: state.threads,
    saveStates: state.saveStates,
    conflicts,
    dismissConflict,
    keepTheirs,
    loadKept,
    error,
    setError,
    create,
    update,
    reply,
    remove,
    undoDelete,
    discard,
    loadThread,
    applyLocally,
    retry,
    applyRemote,
    removeRemote,
    reloadAll,
  };
}

/**
 * A note this page made, or moved, on its version, which the owner has replaced since: the server
 * placed it on the newer text (or in "Needs a new place" there). This page still shows the older
 * text, so the note stays where its reader put it; the newer version, once opened, shows the server's place.
 */
function asOnThisVersion(report: OutboxReport, versionId: string): OutboxReport {
  if (report.type !== "saved" || !report.saved?.anchoring) return report;
  if (report.saved.anchoring.versionId === versionId && report.saved.anchoring.status !== "orphaned") return report;
  const { entry } = report;
  const target =
    entry.kind === "create" ? entry.optimistic.target : entry.kind === "update" ? targetAsSent(entry.patch, report.saved.target) : null;
  if (!target) return report;
  return { ...report, saved: { ...report.saved, target, anchoring: { status: "anchored", versionId, score: 1 } } };
}

/** A move's target as the page sent it (its quote and position on the version on screen); null for an edit that moved nothing. */
function targetAsSent(patch: UpdateAnnotationBody, saved: AnnotationDto["target"]): AnnotationDto["target"] {
  const quote = patch.target?.selector.find((selector) => selector.type === "TextQuoteSelector");
  const position = patch.target?.selector.find((selector) => selector.type === "TextPositionSelector");
  if (!quote || !position) return null;
  return { source: saved?.source ?? "", selector: [{ prefix: "", suffix: "", ...quote }, position] };
}

function actionFor(report: OutboxReport) {
  const { entry } = report;
  // A delete has no card left to show its progress on.
  if (entry.kind === "delete" || report.type === "conflict") return null;
  if (report.type === "sending") return { type: "sending", localId: entry.kind === "update" ? entry.id : pendingId(entry.token) } as const;
  if (report.type === "saved") return report.saved ? ({ type: "saved", token: entry.token, saved: report.saved } as const) : null;
  // No answer at all (status 0, as ApiError reports it) while the browser knows it has no network:
  // the change waits for it, as "Keep offline" promised. With a network that failed to reach the
  // server, it is still said as a failure, retried.
  const isOffline = report.isRetrying && report.status === 0 && !navigator.onLine;
  return { type: "saveFailed", token: entry.token, message: report.message, isRetrying: report.isRetrying, isOffline } as const;
}

/** The id of the card a change shows on: a new note or reply's pending id, else the annotation's. */
function changedId(entry: OutboxEntry): string {
  return entry.kind === "create" || entry.kind === "reply" ? pendingId(entry.token) : entry.id;
}

/** An annotation or a reply on the page, by id. */
function itemById(state: AnnotationState, id: string): AnnotationDto | undefined {
  const annotation = state.annotations.find((item) => item.id === id);
  if (annotation) return annotation;
  for (const replies of Object.values(state.threads)) {
    const reply = replies.find((item) => item.id === id);
    if (reply) return reply;
  }
  return undefined;
}

function conflictFor(report: OutboxReport): SyncConflict | null {
  if (report.type === "conflict") {
    const { entry } = report;
    const isEdit = entry.kind === "update";
    return {
      id: entry.token,
      annotationId: entry.id,
      kind: isEdit ? "edited-elsewhere" : "changed-before-delete",
      isReply: isEdit ? entry.isReply === true : report.theirs?.parentId != null,
      mine: isEdit ? (entry.patch.body ?? "") : "",
      theirs: report.theirs?.body ?? null,
    };
  }
  if (report.type === "failed" && !report.isRetrying && report.entry.kind === "update" && report.status === 404) {
    return {
      id: report.entry.token,
      annotationId: report.entry.id,
      kind: "deleted-elsewhere",
      isReply: report.entry.isReply === true,
      mine: report.entry.patch.body ?? "",
      theirs: null,
    };
  }
  return null;
}

/** What a restored edit shows until it is saved: its new words (the server renders the rest). */
function restoredPatch(patch: UpdateAnnotationBody): Partial<AnnotationDto> {
  return patch.body !== undefined ? { body: patch.body } : {};
}

/**
 * One outbox entry as its request: the reading page's outbox sends with it, and so does the header
 * for readings not open (components/offline/waiting-changes.ts). Answers the saved annotation (null for a delete).
 */
export async function sendOutboxEntry(slug: string, entry: OutboxEntry): Promise<AnnotationDto | null> {
  if (entry.kind === "create") return annotationsApi.create(slug, entry.input);
  if (entry.kind === "reply")
    return annotationsApi.reply(entry.parentId, { body: entry.body, mentions: entry.mentions, clientToken: entry.token });
  if (entry.kind === "delete") {
    await annotationsApi.remove(entry.id, entry.ifUnmodifiedSince);
    return null;
  }
  return annotationsApi.update(entry.id, entry.patch);
}
