"use client";
import { useCallback, useRef, useState } from "react";
import { describeArrival, dropFromQueue, EMPTY_QUEUE, enqueueChange, type LiveQueue } from "@/components/live/live-queue";
import { isOwnChange } from "@/lib/annotations/annotation-state";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { LiveAnnotationMessage, LivePresenceMessage, LiveRemovedMessage, LiveVersionMessage } from "@/lib/live/protocol";
import { useLiveAnnotations, type LiveStatus } from "./use-live-annotations";

/** The parts of the annotation store the live stream changes. */
type LiveTarget = {
  applyRemote: (message: LiveAnnotationMessage) => void;
  removeRemote: (id: string, parentId: string | null) => void;
  applyLocally: (id: string, patch: Partial<AnnotationDto>) => void;
  reloadAll: () => Promise<void>;
};

type Options = {
  slug: string;
  /** The event id the page was rendered at. */
  since: number;
  /** The version of the reading the page shows. */
  versionNumber: number;
  /** The "queue" live-updates preference: others' changes wait behind "N new — show". */
  isQueueing: boolean;
  store: LiveTarget;
  /** Says an arrival in the page's polite live region. */
  announceArrival: (text: string) => void;
  /** Something on the page is gone (to close its thread if it was open). */
  onRemoved: (id: string) => void;
};

export type LiveReading = {
  status: LiveStatus;
  presence: LivePresenceMessage | null;
  queuedCount: number;
  showQueued: () => number;
  /** A newer version of the reading, saved since the page was rendered; null while the page is current. */
  newVersion: LiveVersionMessage | null;
  /**
   * How many of my own changes the stream has brought back (from this tab or another): what the
   * page shows about my work (an assignment's progress) is read again when it moves.
   */
  ownChanges: number;
};

/**
 * Live reading: the document's stream (useLiveAnnotations) wired to the annotation store, with
 * the queue of others' changes and who is reading. Others' changes go into the queue in "queue"
 * mode; mine (from another tab, or the echo of this one's saves) always apply at once. Arrivals
 * are announced politely: nothing takes focus and nothing scrolls, so a reader in the middle of a
 * sentence stays there.
 */
export function useLiveReading({ slug, since, versionNumber, isQueueing, store, announceArrival, onRemoved }: Options): LiveReading {
  const { applyRemote, removeRemote, applyLocally, reloadAll } = store;
  const [presence, setPresence] = useState<LivePresenceMessage | null>(null);
  const [newVersion, setNewVersion] = useState<LiveVersionMessage | null>(null);
  const [queue, setQueue] = useState<LiveQueue>(EMPTY_QUEUE);
  const [ownChanges, setOwnChanges] = useState(0);
  const countOwnChange = useCallback(() => setOwnChanges((count) => count + 1), []);
  // The queue as of the last event, for handlers that run between renders.
  const queueRef = useRef<LiveQueue>(EMPTY_QUEUE);
  const replaceQueue = useCallback((next: LiveQueue) => {
    queueRef.current = next;
    setQueue(next);
  }, []);

  const onAnnotation = useCallback(
    (message: LiveAnnotationMessage) => {
      if (isOwnChange(message)) {
        countOwnChange();
        return applyRemote(message);
      }
      if (isQueueing) {
        // The reply waits, but the thread's reply count moves now: it is the server's latest
        // (a queued copy would be stale by the time it is shown), and it moves nothing on screen.
        if (message.parent) {
          applyLocally(message.parent.id, { replyCount: message.parent.replyCount, feedbackCount: message.parent.feedbackCount });
        }
        replaceQueue(enqueueChange(queueRef.current, { ...message, parent: null }));
        announceArrival(`${describeArrival(message)}. ${queueRef.current.size} new waiting.`);
      } else {
        applyRemote(message);
        announceArrival(`${describeArrival(message)}.`);
      }
    },
    [isQueueing, applyRemote, applyLocally, announceArrival, replaceQueue, countOwnChange],
  );

  const onRemovedMessage = useCallback(
    (message: LiveRemovedMessage) => {
      const { queue: next, isNeverShown } = dropFromQueue(queueRef.current, message.id);
      if (next !== queueRef.current) replaceQueue(next);
      if (isNeverShown) {
        // Never on the page; but a queued reply is already in its thread's count (see above).
        if (message.parentId) removeRemote(message.id, message.parentId);
        return;
      }
      removeRemote(message.id, message.parentId);
      onRemoved(message.id);
      if (isOwnChange(message)) countOwnChange();
      else announceArrival(message.parentId ? "A reply was removed." : "An annotation was removed.");
    },
    [removeRemote, onRemoved, announceArrival, replaceQueue, countOwnChange],
  );

  const onReset = useCallback(() => {
    // The reload brings everything, queued changes included (and maybe changes of mine missed).
    replaceQueue(EMPTY_QUEUE);
    countOwnChange();
    void reloadAll();
  }, [reloadAll, replaceQueue, countOwnChange]);

  const status = useLiveAnnotations({
    slug,
    since,
    onAnnotation,
    onRemoved: onRemovedMessage,
    onPresence: setPresence,
    onReset,
    versionNumber,
    onVersion: setNewVersion,
  });

  /** Applies what waits in the queue, in order of arrival; returns how many. */
  const showQueued = useCallback(() => {
    const waiting = [...queueRef.current.values()];
    replaceQueue(EMPTY_QUEUE);
    for (const message of waiting) applyRemote(message);
    return waiting.length;
  }, [applyRemote, replaceQueue]);

  return { status, presence, queuedCount: queue.size, showQueued, newVersion, ownChanges };
}
