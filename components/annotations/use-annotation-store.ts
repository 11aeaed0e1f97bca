"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { scopeFromInput } from "@/lib/annotations/scopes";
import { OWN_ANNOTATION_PERMISSIONS, OWN_REPLY_PERMISSIONS, type AnnotationDto } from "@/lib/annotations/types";
import type { LiveAnnotationMessage } from "@/lib/live/protocol";
import { annotationsApi, ApiError, type CreateAnnotationInput } from "./api-client";

/**
 * The reading page's annotations, with optimistic saves that never lose what was typed.
 *
 * Every create, edit and reply goes into an outbox kept in localStorage before it is sent, and
 * leaves it only when the server has confirmed it. A save that fails on the network or the server
 * stays visible as "not saved", is retried with backoff (and at once when the browser comes back
 * online), and survives a reload: the outbox is replayed on the next visit. Creates carry a
 * client token, so a retry whose first attempt did reach the server makes no second copy.
 *
 * Changes from the live stream come in through applyRemote / removeRemote. They are idempotent:
 * my own saves come back over the stream too (with the id the server gave my POST), and events can
 * be replayed after a reconnect, so an event never duplicates a card, never brings back something
 * I deleted, and never overwrites an edit of mine the server has not confirmed yet.
 */
export type SaveState = { status: "saved" } | { status: "saving" } | { status: "failed"; message: string; isRetrying: boolean };

type OutboxEntry =
  | { kind: "create"; token: string; input: CreateAnnotationInput; optimistic: AnnotationDto }
  | { kind: "update"; token: string; id: string; patch: Record<string, unknown> }
  | { kind: "reply"; token: string; parentId: string; body: string; optimistic: AnnotationDto };

const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];

export function pendingId(token: string) {
  return `pending-${token}`;
}

export function newClientToken(): string {
  return crypto.randomUUID();
}

type Options = { slug: string; userId: string | null; initial: AnnotationDto[] };

export function useAnnotationStore({ slug, userId, initial }: Options) {
  const outboxKey = `marginalia:outbox:${userId ?? "anonymous"}:${slug}`;
  const [annotations, setAnnotations] = useState<AnnotationDto[]>(initial);
  const [threads, setThreads] = useState<Record<string, AnnotationDto[]>>({});
  const [saveStates, setSaveStates] = useState<Record<string, SaveState>>({});
  const [error, setError] = useState<string | null>(null);
  const outbox = useRef<OutboxEntry[]>([]);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const attempt = useRef(0);
  const isFlushing = useRef(false);
  // Ids I deleted: a late or replayed event must not bring them back.
  const deletedByMe = useRef(new Set<string>());
  // Replies whose arrival is already in their parent's replyCount, and replies already taken out
  // of it, so my own reply (confirmed by the POST and by the stream) or a replayed removal counts once.
  const countedReplies = useRef(new Set<string>());
  const uncountedReplies = useRef(new Set<string>());
  // For the stream's callbacks, which must not be recreated on every change.
  const saveStatesRef = useRef(saveStates);
  const threadsRef = useRef(threads);
  useEffect(() => {
    saveStatesRef.current = saveStates;
    threadsRef.current = threads;
  }, [saveStates, threads]);

  const persistOutbox = useCallback(() => {
    try {
      if (outbox.current.length === 0) localStorage.removeItem(outboxKey);
      else localStorage.setItem(outboxKey, JSON.stringify(outbox.current));
    } catch {
      // Storage full or disabled: the in-memory outbox still retries while the page is open.
    }
  }, [outboxKey]);

  const setSaveState = useCallback((id: string, state: SaveState | null) => {
    setSaveStates((states) => {
      const next = { ...states };
      if (state) next[id] = state;
      else delete next[id];
      return next;
    });
  }, []);

  const upsertTopLevel = useCallback((annotation: AnnotationDto, replacingId?: string) => {
    setAnnotations((list) => {
      const without = list.filter((item) => item.id !== annotation.id && item.id !== replacingId);
      return sortInDocumentOrder([...without, annotation]);
    });
  }, []);

  const addReplyLocally = useCallback((reply: AnnotationDto, replacingId?: string) => {
    const parentId = reply.parentId!;
    setThreads((all) => ({
      ...all,
      [parentId]: [...(all[parentId] ?? []).filter((item) => item.id !== reply.id && item.id !== replacingId), reply],
    }));
  }, []);

  /** Sends what is waiting, oldest first; stops at the first transient failure and schedules a retry. */
  const flush = useCallback(async () => {
    if (isFlushing.current) return;
    isFlushing.current = true;
    if (retryTimer.current) clearTimeout(retryTimer.current);
    try {
      while (outbox.current.length > 0) {
        const entry = outbox.current[0];
        const localId = entry.kind === "update" ? entry.id : pendingId(entry.token);
        setSaveState(localId, { status: "saving" });
        try {
          if (entry.kind === "create") {
            const saved = await annotationsApi.create(slug, entry.input);
            upsertTopLevel(saved, localId);
          } else if (entry.kind === "reply") {
            const saved = await annotationsApi.reply(entry.parentId, entry.body, entry.token);
            addReplyLocally(saved, localId);
            if (!countedReplies.current.has(saved.id)) {
              countedReplies.current.add(saved.id);
              setAnnotations((list) => list.map((item) => (item.id === entry.parentId ? { ...item, replyCount: item.replyCount + 1 } : item)));
            }
          } else {
            upsertTopLevelOrReply(await annotationsApi.update(entry.id, entry.patch));
          }
          setSaveState(localId, null);
          outbox.current.shift();
          persistOutbox();
          attempt.current = 0;
        } catch (caught) {
          const failure = caught instanceof ApiError ? caught : new ApiError(0, "The save failed.");
          if (failure.isTransient) {
            setSaveState(localId, { status: "failed", message: failure.message, isRetrying: true });
            const delay = RETRY_DELAYS_MS[Math.min(attempt.current, RETRY_DELAYS_MS.length - 1)];
            attempt.current += 1;
            retryTimer.current = setTimeout(() => void flush(), delay);
            return;
          }
          // The server refused it (e.g. 422): retrying cannot help. Keep the text visible and
          // say why; the reader can discard it or copy it elsewhere.
          setSaveState(localId, { status: "failed", message: failure.message, isRetrying: false });
          outbox.current.shift();
          persistOutbox();
        }
      }
    } finally {
      isFlushing.current = false;
    }

    function upsertTopLevelOrReply(saved: AnnotationDto) {
      if (saved.parentId) addReplyLocally(saved);
      else upsertTopLevel(saved);
    }
  }, [slug, persistOutbox, setSaveState, upsertTopLevel, addReplyLocally]);

  const enqueue = useCallback(
    (entry: OutboxEntry) => {
      outbox.current.push(entry);
      persistOutbox();
      void flush();
    },
    [flush, persistOutbox],
  );

  // Replay what an earlier visit could not send, and retry as soon as the network returns.
  useEffect(() => {
    if (!userId) return;
    let stored: OutboxEntry[] = [];
    try {
      stored = JSON.parse(localStorage.getItem(outboxKey) ?? "[]") as OutboxEntry[];
    } catch {
      stored = [];
    }
    if (stored.length > 0) {
      outbox.current = [...stored, ...outbox.current];
      for (const entry of stored) {
        // localStorage exists only after hydration, so this cannot happen during render.
        // eslint-disable-next-line react-hooks/set-state-in-effect
        if (entry.kind === "create") upsertTopLevel(entry.optimistic);
        if (entry.kind === "reply") addReplyLocally(entry.optimistic);
      }
      void flush();
    }
    const onOnline = () => void flush();
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("online", onOnline);
      if (retryTimer.current) clearTimeout(retryTimer.current);
    };
  }, [userId, outboxKey, flush, upsertTopLevel, addReplyLocally]);

  const create = useCallback(
    (
      input: Omit<CreateAnnotationInput, "clientToken">,
      author: { id: string; name: string },
      position: { start: number; end: number },
      quote: { exact: string; prefix: string; suffix: string },
      groupName: string | null = null,
    ) => {
      const scope = scopeFromInput(input.visibility);
      const token = newClientToken();
      const now = new Date().toISOString();
      const optimistic: AnnotationDto = {
        id: pendingId(token),
        documentId: "",
        versionId: "",
        parentId: null,
        author,
        target: {
          source: `/read/${slug}`,
          selector: [
            { type: "TextQuoteSelector", ...quote },
            { type: "TextPositionSelector", ...position },
          ],
        },
        body: input.body,
        tags: input.tags,
        color: input.color as AnnotationDto["color"],
        visibility: scope.visibility,
        groupId: scope.groupId,
        groupName,
        replyCount: 0,
        isHidden: false,
        helpfulCount: 0,
        resolvedAt: null,
        isDeleted: false,
        createdAt: now,
        updatedAt: now,
        permissions: OWN_ANNOTATION_PERMISSIONS,
      };
      upsertTopLevel(optimistic);
      enqueue({ kind: "create", token, input: { ...input, clientToken: token }, optimistic });
      return optimistic.id;
    },
    [enqueue, slug, upsertTopLevel],
  );

  const update = useCallback(
    (id: string, patch: Record<string, unknown>, optimistic: Partial<AnnotationDto>) => {
      setAnnotations((list) => sortInDocumentOrder(list.map((item) => (item.id === id ? { ...item, ...optimistic } : item))));
      setThreads((all) =>
        Object.fromEntries(Object.entries(all).map(([root, replies]) => [root, replies.map((reply) => (reply.id === id ? { ...reply, ...optimistic } : reply))])),
      );
      enqueue({ kind: "update", token: newClientToken(), id, patch });
    },
    [enqueue],
  );

  const reply = useCallback(
    (parentId: string, body: string, author: { id: string; name: string }) => {
      const token = newClientToken();
      const now = new Date().toISOString();
      const optimistic: AnnotationDto = {
        id: pendingId(token), documentId: "", versionId: "", parentId, author, target: null, body, tags: [], color: null,
        visibility: "private", groupId: null, groupName: null, replyCount: 0, isHidden: false, helpfulCount: 0, resolvedAt: null, isDeleted: false, createdAt: now, updatedAt: now, permissions: OWN_REPLY_PERMISSIONS,
      };
      addReplyLocally(optimistic);
      enqueue({ kind: "reply", token, parentId, body, optimistic });
    },
    [addReplyLocally, enqueue],
  );

  /**
   * Something I could see is gone: deleted (by me or, from the stream, by someone else), hidden, or
   * moved out of my reach. A reply leaves its parent's count once, however often this is told.
   */
  const forget = useCallback((id: string, parentId: string | null) => {
    setThreads((all) => {
      if (parentId) return all[parentId] ? { ...all, [parentId]: all[parentId].filter((item) => item.id !== id) } : all;
      if (!(id in all)) return all;
      const next = { ...all };
      delete next[id];
      return next;
    });
    if (parentId) {
      if (uncountedReplies.current.has(id)) return;
      uncountedReplies.current.add(id);
      countedReplies.current.delete(id);
      setAnnotations((list) => list.map((item) => (item.id === parentId ? { ...item, replyCount: Math.max(0, item.replyCount - 1) } : item)));
    } else {
      setAnnotations((list) => list.filter((item) => item.id !== id));
    }
  }, []);

  const remove = useCallback(async (annotation: AnnotationDto) => {
    setError(null);
    // Before the request: the stream's echo of this delete can arrive before the response does.
    deletedByMe.current.add(annotation.id);
    try {
      const result = await annotationsApi.remove(annotation.id);
      if (result.isKeptForReplies) deletedByMe.current.delete(annotation.id);
      if (!annotation.parentId && result.isKeptForReplies) {
        setAnnotations((list) => list.map((item) => (item.id === annotation.id ? { ...item, isDeleted: true, body: "", tags: [] } : item)));
      } else {
        forget(annotation.id, annotation.parentId);
      }
      return true;
    } catch (caught) {
      deletedByMe.current.delete(annotation.id);
      setError(caught instanceof ApiError ? `Not deleted: ${caught.message}` : "Not deleted.");
      return false;
    }
  }, [forget]);

  /** Forget a save the server refused (the reader has seen the text and chose to let it go). */
  const discard = useCallback((id: string) => {
    setAnnotations((list) => list.filter((item) => item.id !== id));
    setThreads((all) => Object.fromEntries(Object.entries(all).map(([root, replies]) => [root, replies.filter((item) => item.id !== id)])));
    setSaveState(id, null);
  }, [setSaveState]);

  const loadThread = useCallback(async (id: string) => {
    try {
      const thread = await annotationsApi.thread(id);
      setThreads((all) => {
        const pending = (all[id] ?? []).filter((item) => item.id.startsWith("pending-"));
        return { ...all, [id]: [...thread.replies, ...pending] };
      });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load the replies.");
    }
  }, []);

  /** Shows what the server already did (a helpful mark, a hide) without saving anything. */
  const applyLocally = useCallback((id: string, patch: Partial<AnnotationDto>) => {
    setAnnotations((list) => list.map((item) => (item.id === id ? { ...item, ...patch } : item)));
  }, []);

  /** Whether `id` carries an edit of mine the server has not confirmed (waiting, sending or refused). */
  const isUnconfirmed = useCallback(
    (id: string) => outbox.current.some((entry) => entry.kind === "update" && entry.id === id) || id in saveStatesRef.current,
    [],
  );

  /** An annotation (or reply) created or changed elsewhere, or the stream's echo of my own save. */
  const applyRemote = useCallback(
    (message: LiveAnnotationMessage) => {
      const { annotation, parent } = message;
      if (deletedByMe.current.has(annotation.id)) return;
      // The echo of my own create carries the clientToken my request sent: it replaces my optimistic copy exactly.
      const { isMine, clientToken } = message;
      if (annotation.parentId) {
        const parentId = annotation.parentId;
        uncountedReplies.current.delete(annotation.id);
        // The stream can beat the POST's response: my optimistic reply is replaced, not doubled.
        const echoOf = isMine && clientToken ? outbox.current.find((entry) => entry.kind === "reply" && entry.token === clientToken) : undefined;
        const replacingId = echoOf ? pendingId(echoOf.token) : undefined;
        if (!isUnconfirmed(annotation.id)) {
          setThreads((all) => (all[parentId] ? { ...all, [parentId]: mergeRemote(all[parentId], annotation, replacingId, false) } : all));
        }
        if (parent) countedReplies.current.add(annotation.id);
      } else {
        const echoOf = isMine && clientToken ? outbox.current.find((entry) => entry.kind === "create" && entry.token === clientToken) : undefined;
        const replacingId = echoOf ? pendingId(echoOf.token) : undefined;
        if (!isUnconfirmed(annotation.id)) setAnnotations((list) => mergeRemote(list, annotation, replacingId, true));
      }
      if (parent && !deletedByMe.current.has(parent.id)) {
        setAnnotations((list) => {
          // Mid-edit, my unconfirmed text stays; the reply count is the server's either way.
          const merged = isUnconfirmed(parent.id) ? list : mergeRemote(list, parent, undefined, true);
          return merged.map((item) => (item.id === parent.id ? { ...item, replyCount: parent.replyCount } : item));
        });
      }
    },
    [isUnconfirmed],
  );

  /**
   * The stream missed too much to replay: load the whole list again. What I have not saved yet
   * (optimistic cards, unconfirmed edits) stays as it is; loaded threads are loaded again.
   */
  const reloadAll = useCallback(async () => {
    try {
      const items = await annotationsApi.listAll(slug);
      setAnnotations((list) => {
        const local = new Map(list.map((item) => [item.id, item]));
        const fresh = items
          .filter((item) => !deletedByMe.current.has(item.id))
          .map((item) => (isUnconfirmed(item.id) && local.has(item.id) ? local.get(item.id)! : item));
        return sortInDocumentOrder([...fresh, ...list.filter((item) => item.id.startsWith("pending-"))]);
      });
      for (const id of Object.keys(threadsRef.current)) void loadThread(id);
    } catch (caught) {
      setError(caught instanceof ApiError ? `Could not refresh the annotations: ${caught.message}` : "Could not refresh the annotations.");
    }
  }, [slug, isUnconfirmed, loadThread]);
  return {
    annotations, threads, saveStates, error, setError, create, update, reply, remove, discard, loadThread, applyLocally, retry: flush,
    applyRemote, removeRemote: forget, reloadAll,
  };
}

/**
 * Puts `incoming` into `list` (replacing `replacingId`, an optimistic copy of it), unless what is
 * there is newer: replayed or late events carry an older updatedAt and leave the card alone.
 */
export function mergeRemote(list: AnnotationDto[], incoming: AnnotationDto, replacingId: string | undefined, isTopLevel: boolean): AnnotationDto[] {
  const existing = list.find((item) => item.id === incoming.id);
  if (existing && existing.updatedAt > incoming.updatedAt) {
    return replacingId ? list.filter((item) => item.id !== replacingId) : list;
  }
  // The stream does not know the viewer's own helpful mark; keep the one we have.
  const merged = existing && incoming.isHelpfulToMe === undefined ? { ...incoming, isHelpfulToMe: existing.isHelpfulToMe } : incoming;
  if (existing && !replacingId) return list.map((item) => (item.id === incoming.id ? merged : item));
  const without = list.filter((item) => item.id !== incoming.id && item.id !== replacingId);
  return isTopLevel ? sortInDocumentOrder([...without, merged]) : [...without, merged].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function sortInDocumentOrder(list: AnnotationDto[]): AnnotationDto[] {
  const startOf = (annotation: AnnotationDto) => annotation.target?.selector[1].start ?? Number.MAX_SAFE_INTEGER;
  return [...list].sort((a, b) => startOf(a) - startOf(b) || a.createdAt.localeCompare(b.createdAt));
}
