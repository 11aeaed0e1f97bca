"use client";
import { useEffect, useRef, useState } from "react";
import {
  liveEventsPath,
  RECONNECT_MS,
  type LiveAnnotationMessage,
  type LivePresenceMessage,
  type LiveRemovedMessage,
  type LiveVersionMessage,
} from "@/lib/live/protocol";

/**
 * "reconnecting" whenever the stream is down; the reader is told nothing while it is (or is about to
 * be) live. "lost": the reading itself is refused now (unshared, deleted, the reader removed from its
 * group, or signed out): no retry will bring the stream back.
 */
export type LiveStatus = "live" | "reconnecting" | "lost";

type Options = {
  slug: string;
  /** The event id the page was rendered at: nothing after it is missed between render and connect. */
  since: number;
  onAnnotation: (message: LiveAnnotationMessage) => void;
  onRemoved: (message: LiveRemovedMessage) => void;
  onPresence: (message: LivePresenceMessage) => void;
  onReset: () => void;
  /** The version the page shows: the stream says when a newer one exists (`onVersion`). */
  versionNumber?: number;
  onVersion?: (message: LiveVersionMessage) => void;
};

/** Longest wait between our own reconnect attempts (after the browser gave up on the stream). */
const MAX_RECONNECT_MS = 30_000;

/**
 * The document's live stream (lib/live/protocol.ts) for as long as the page is open.
 *
 * EventSource reconnects by itself after a dropped connection and sends Last-Event-ID, so the
 * server replays what was missed. It gives up only when the server answers with an error (a
 * restart mid-deploy, a 503): then we open a new one ourselves, with `?since=` the last id we
 * saw, backing off. Going offline closes the stream at once, so the reader sees "Reconnecting…"
 * instead of a connection that looks open and is not; coming back online reopens it from there.
 */
export function useLiveAnnotations({
  slug,
  since,
  onAnnotation,
  onRemoved,
  onPresence,
  onReset,
  versionNumber,
  onVersion,
}: Options): LiveStatus {
  // "live" while the first connection opens: it usually takes a moment, and a flash of
  // "Reconnecting…" on every page load would say something is wrong when nothing is.
  const [status, setStatus] = useState<LiveStatus>("live");
  // The latest callbacks, without reopening the stream whenever the page re-renders.
  const handlers = useRef({ onAnnotation, onRemoved, onPresence, onReset, onVersion });
  useEffect(() => {
    handlers.current = { onAnnotation, onRemoved, onPresence, onReset, onVersion };
  }, [onAnnotation, onRemoved, onPresence, onReset, onVersion]);

  useEffect(() => {
    let source: EventSource | null = null;
    let lastEventId = String(since);
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let isDisposed = false;

    function listen<T>(eventSource: EventSource, type: string, handle: (message: T) => void) {
      eventSource.addEventListener(type, (event) => {
        const { data, lastEventId: id } = event as MessageEvent<string>;
        if (id) lastEventId = id;
        let message: T;
        try {
          message = JSON.parse(data) as T;
        } catch {
          return; // Not ours to guess at; the next event or a reset puts things right.
        }
        handle(message);
      });
    }

    function open() {
      if (isDisposed) return;
      const version = versionNumber === undefined ? "" : `&version=${versionNumber}`;
      const eventSource = new EventSource(`${liveEventsPath(slug)}?since=${encodeURIComponent(lastEventId)}${version}`);
      source = eventSource;
      eventSource.onopen = () => {
        failures = 0;
        setStatus("live");
      };
      eventSource.onerror = () => {
        setStatus("reconnecting");
        if (eventSource.readyState !== EventSource.CLOSED) return; // the browser is retrying by itself
        eventSource.close();
        const retry = () => {
          const delay = Math.min(RECONNECT_MS * 2 ** failures, MAX_RECONNECT_MS);
          failures += 1;
          retryTimer = setTimeout(open, delay);
        };
        // The server refused the stream. An EventSource cannot say why: ask for the reading itself.
        // Refused too, it is gone for this reader, and asking again every 30 s would say otherwise.
        fetch(`/api/documents/${encodeURIComponent(slug)}`, { method: "HEAD" }).then((response) => {
          if (response.status !== 404 && response.status !== 401) return retry();
          isDisposed = true;
          setStatus("lost");
        }, retry);
      };
      listen<LiveAnnotationMessage>(eventSource, "annotation", (message) => handlers.current.onAnnotation(message));
      listen<LiveRemovedMessage>(eventSource, "removed", (message) => handlers.current.onRemoved(message));
      listen<LivePresenceMessage>(eventSource, "presence", (message) => handlers.current.onPresence(message));
      listen<unknown>(eventSource, "reset", () => handlers.current.onReset());
      listen<LiveVersionMessage>(eventSource, "version", (message) => handlers.current.onVersion?.(message));
    }

    function close() {
      clearTimeout(retryTimer);
      source?.close();
      source = null;
    }

    const onOffline = () => {
      close();
      setStatus("reconnecting");
    };
    const onOnline = () => {
      close();
      failures = 0;
      open();
    };

    open();
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    return () => {
      isDisposed = true;
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      close();
    };
  }, [slug, since, versionNumber]);

  return status;
}
