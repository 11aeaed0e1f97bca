"use client";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { annotationsApi, ApiError, errorMessage, type CreateAnnotationBody, type UpdateAnnotationBody } from "@/components/api/api-client";
import { annotationReducer, initialAnnotationState, pendingId, type AnnotationState } from "@/lib/annotations/annotation-state";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { LiveAnnotationMessage } from "@/lib/live/protocol";
import { optimisticAnnotation, optimisticReply, type Author } from "./optimistic-annotation";
import { newClientToken, Outbox, outboxKey, type OutboxEntry, type OutboxReport } from "./outbox";

export type { SaveState } from "@/lib/annotations/annotation-state";

type Options = { slug: string; userId: string | null; initial: AnnotationDto[] };

/**
 * The reading page's annotations: the pure reducer (lib/annotations/annotation-state.ts) wired to
 * the outbox (./outbox.ts, optimistic saves that never lose what was typed) and the API client.
 */
export function useAnnotationStore({ slug, userId, initial }: Options) {
  const [state, dispatch] = useReducer(annotationReducer, undefined, () => initialAnnotationState(initial));
  const [error, setError] = useState<string | null>(null);
  // The latest state, for callbacks that run between renders (reloading the open threads).
  const stateRef = useRef<AnnotationState>(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);

  const [outbox] = useState(
    () =>
      new Outbox({
        // Read on first use only: there is no localStorage during server rendering.
        storage: typeof localStorage === "undefined" ? null : localStorage,
        key: outboxKey(userId, slug),
        send: (entry) => sendEntry(slug, entry),
        report: (report) => dispatch(actionFor(report)),
      }),
  );

  // Replay what an earlier visit could not send, and retry as soon as the network returns.
  useEffect(() => {
    if (!userId) return;
    const restored = outbox.restore();
    for (const entry of restored) {
      if (entry.kind === "create") dispatch({ type: "localCreate", token: entry.token, optimistic: entry.optimistic });
      else if (entry.kind === "reply") dispatch({ type: "localReply", token: entry.token, optimistic: entry.optimistic });
      else dispatch({ type: "localUpdate", token: entry.token, id: entry.id, patch: {} });
    }
    if (restored.length > 0) void outbox.flush();
    const onOnline = () => void outbox.flush();
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("online", onOnline);
      outbox.dispose();
    };
  }, [userId, outbox]);

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
      outbox.push({ kind: "create", token, input: { ...input, clientToken: token }, optimistic });
      return optimistic.id;
    },
    [outbox, slug],
  );

  const update = useCallback(
    (id: string, patch: UpdateAnnotationBody, optimistic: Partial<AnnotationDto>) => {
      const token = newClientToken();
      dispatch({ type: "localUpdate", token, id, patch: optimistic });
      outbox.push({ kind: "update", token, id, patch });
    },
    [outbox],
  );

  const reply = useCallback(
    (parentId: string, body: string, author: Author, mentions: string[] = []) => {
      const token = newClientToken();
      const optimistic = optimisticReply(token, parentId, body, author);
      dispatch({ type: "localReply", token, optimistic });
      outbox.push({ kind: "reply", token, parentId, body, mentions, optimistic });
    },
    [outbox],
  );

  const remove = useCallback(async (annotation: AnnotationDto) => {
    setError(null);
    // Before the request: the stream's echo of this delete can arrive before the response does.
    dispatch({ type: "deleteStarted", id: annotation.id });
    try {
      const { isKeptForReplies } = await annotationsApi.remove(annotation.id);
      dispatch({ type: "deleted", annotation, isKeptForReplies });
      return true;
    } catch (caught) {
      dispatch({ type: "deleteFailed", id: annotation.id });
      setError(caught instanceof ApiError ? `Not deleted: ${caught.message}` : "Not deleted.");
      return false;
    }
  }, []);

  const loadThread = useCallback(async (id: string) => {
    try {
      const { replies } = await annotationsApi.thread(id);
      dispatch({ type: "threadLoaded", id, replies });
    } catch (caught) {
      setError(errorMessage(caught, "Could not load the replies."));
    }
  }, []);

  /**
   * The stream missed too much to replay: load the whole list again. What I have not saved yet
   * (optimistic cards, unconfirmed edits) stays as it is; loaded threads are loaded again.
   */
  const reloadAll = useCallback(async () => {
    try {
      dispatch({ type: "reloaded", items: await annotationsApi.listAll(slug) });
      for (const id of Object.keys(stateRef.current.threads)) void loadThread(id);
    } catch (caught) {
      setError(caught instanceof ApiError ? `Could not refresh the annotations: ${caught.message}` : "Could not refresh the annotations.");
    }
  }, [slug, loadThread]);

  /** Undo my delete: the server puts it back (replies, tags, score); the list is loaded again to show it. */
  const undoDelete = useCallback(
    async (id: string) => {
      setError(null);
      try {
        await annotationsApi.undelete(id);
        await reloadAll();
        return true;
      } catch (caught) {
        setError(caught instanceof ApiError ? `Not restored: ${caught.message}` : "Not restored.");
        return false;
      }
    },
    [reloadAll],
  );

  const discard = useCallback((id: string) => dispatch({ type: "discarded", id }), []);
  const applyLocally = useCallback((id: string, patch: Partial<AnnotationDto>) => dispatch({ type: "patched", id, patch }), []);
  const applyRemote = useCallback((message: LiveAnnotationMessage) => dispatch({ type: "remoteAnnotation", message }), []);
  const removeRemote = useCallback((id: string, parentId: string | null) => dispatch({ type: "remoteRemoved", id, parentId }), []);
  const retry = useCallback(() => outbox.flush(), [outbox]);

  return {
    annotations: state.annotations,
    threads: state.threads,
    saveStates: state.saveStates,
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

function sendEntry(slug: string, entry: OutboxEntry): Promise<AnnotationDto> {
  if (entry.kind === "create") return annotationsApi.create(slug, entry.input);
  if (entry.kind === "reply")
    return annotationsApi.reply(entry.parentId, { body: entry.body, mentions: entry.mentions, clientToken: entry.token });
  return annotationsApi.update(entry.id, entry.patch);
}

function actionFor(report: OutboxReport) {
  const { entry } = report;
  if (report.type === "sending") return { type: "sending", localId: entry.kind === "update" ? entry.id : pendingId(entry.token) } as const;
  if (report.type === "saved") return { type: "saved", token: entry.token, saved: report.saved } as const;
  return { type: "saveFailed", token: entry.token, message: report.message, isRetrying: report.isRetrying } as const;
}
