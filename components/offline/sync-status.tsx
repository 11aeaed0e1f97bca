"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { OUTBOX_EVENT, UNSENT_FLAG, UNSENT_RECOUNT_EVENT, type OutboxEventDetail } from "./sync-events";

/** `fromPage`: the counts came from this page's own outbox (it sends them), not from the device's storage. */
type State = { isOnline: boolean; waiting: number | null; refused: number; hasSynced: boolean; fromPage: boolean };

/**
 * The header's word on syncing: "Offline — 3 changes waiting" while offline, "Syncing — 3 changes
 * waiting" while they go, then "Synced"; "1 change not saved" while a change the server refused is
 * kept on the device (a link to My notes, where it can be copied or discarded). The counts come
 * from the reading page's outbox (an event); elsewhere they are read from IndexedDB, loaded only
 * when offline or when a reading's outbox said it holds something (UNSENT_FLAG), and sent from
 * here while online (./waiting-changes.ts).
 */
export function SyncStatus() {
  const [state, setState] = useState<State>({ isOnline: true, waiting: null, refused: 0, hasSynced: false, fromPage: false });

  useEffect(() => {
    const countStored = () =>
      void import("./waiting-changes")
        .then(({ countUnsent }) => countUnsent())
        .then(({ waiting, refused }) => {
          if (waiting + refused === 0) localStorage.removeItem(UNSENT_FLAG);
          // Counted from storage after a change here was sent, or on a page opened after the sending.
          setState((current) => (current.fromPage ? current : { ...current, waiting, refused, hasSynced: true }));
        })
        .catch(() => undefined);
    const onOutbox = (event: Event) => {
      const { waiting, refused } = (event as CustomEvent<OutboxEventDetail>).detail;
      setState((current) => ({
        ...current,
        waiting,
        refused,
        fromPage: true,
        hasSynced: waiting === 0 && (current.waiting ?? 0) > 0 ? true : current.hasSynced && waiting === 0,
      }));
    };
    const onNetwork = () => {
      setState((current) => ({ ...current, isOnline: navigator.onLine }));
      // For the page's styles: what needs the server (a reading's settings) is not offered offline.
      document.documentElement.toggleAttribute("data-offline", !navigator.onLine);
      // Online, what is kept is sent from here too (./waiting-changes.ts), whichever page is open.
      if (!navigator.onLine || hasUnsentFlag()) countStored();
    };
    onNetwork();
    window.addEventListener(OUTBOX_EVENT, onOutbox);
    window.addEventListener(UNSENT_RECOUNT_EVENT, countStored);
    window.addEventListener("online", onNetwork);
    window.addEventListener("offline", onNetwork);
    return () => {
      window.removeEventListener(OUTBOX_EVENT, onOutbox);
      window.removeEventListener(UNSENT_RECOUNT_EVENT, countStored);
      window.removeEventListener("online", onNetwork);
      window.removeEventListener("offline", onNetwork);
    };
  }, []);

  return (
    <p role="status" className="site-header__sync" data-testid="sync-status">
      {describe(state)}
      {state.refused > 0 ? (
        <>
          {state.waiting || !state.isOnline ? " · " : null}
          <Link href="/notes#not-saved" className="site-header__not-saved">
            {state.refused === 1 ? "1 change not saved" : `${state.refused} changes not saved`}
          </Link>
        </>
      ) : null}
    </p>
  );
}

function hasUnsentFlag(): boolean {
  try {
    return localStorage.getItem(UNSENT_FLAG) !== null;
  } catch {
    return false;
  }
}

function describe({ isOnline, waiting, refused, hasSynced }: State): string {
  const changes = waiting === 1 ? "1 change waiting" : `${waiting ?? 0} changes waiting`;
  if (!isOnline) return waiting ? `Offline — ${changes}` : "Offline";
  // Another reading's changes are on their way from here too (./waiting-changes.ts).
  if (waiting) return `Syncing — ${changes}`;
  return hasSynced && refused === 0 ? "Synced" : "";
}
