"use client";
import { useEffect, useState } from "react";
import { OUTBOX_EVENT, type OutboxEventDetail } from "./sync-events";

type State = { isOnline: boolean; waiting: number | null; hasSynced: boolean };

/**
 * The header's word on syncing: "Offline — 3 changes waiting" while offline, "Syncing — 3 changes
 * waiting" while they go, then "Synced". The count comes from the reading page's outbox (an
 * event); offline elsewhere it is read from IndexedDB, loaded only then.
 */
export function SyncStatus() {
  const [state, setState] = useState<State>({ isOnline: true, waiting: null, hasSynced: false });

  useEffect(() => {
    const countStored = () =>
      void import("./offline-db")
        .then(({ countWaiting }) => countWaiting())
        .then((waiting) => setState((current) => (current.waiting === null ? { ...current, waiting } : current)))
        .catch(() => undefined);
    const onOutbox = (event: Event) => {
      const { waiting } = (event as CustomEvent<OutboxEventDetail>).detail;
      setState((current) => ({
        ...current,
        waiting,
        hasSynced: waiting === 0 && (current.waiting ?? 0) > 0 ? true : current.hasSynced && waiting === 0,
      }));
    };
    const onNetwork = () => {
      setState((current) => ({ ...current, isOnline: navigator.onLine }));
      // For the page's styles: what needs the server (a reading's settings) is not offered offline.
      document.documentElement.toggleAttribute("data-offline", !navigator.onLine);
      if (!navigator.onLine) countStored();
    };
    onNetwork();
    window.addEventListener(OUTBOX_EVENT, onOutbox);
    window.addEventListener("online", onNetwork);
    window.addEventListener("offline", onNetwork);
    return () => {
      window.removeEventListener(OUTBOX_EVENT, onOutbox);
      window.removeEventListener("online", onNetwork);
      window.removeEventListener("offline", onNetwork);
    };
  }, []);

  return (
    <p role="status" className="site-header__sync" data-testid="sync-status">
      {describe(state)}
    </p>
  );
}

function describe({ isOnline, waiting, hasSynced }: State): string {
  const changes = waiting === 1 ? "1 change waiting" : `${waiting ?? 0} changes waiting`;
  if (!isOnline) return waiting ? `Offline — ${changes}` : "Offline";
  if (waiting) return `Syncing — ${changes}`;
  return hasSynced ? "Synced" : "";
}
