"use client";
import { useEffect, useState } from "react";
import { SIGN_OUT_LEFT_CACHE } from "@/components/auth/next-auth-requests";
import { countUnsent, KEPT_CACHE, listKeptReadings, type KeptReading } from "./offline-db";

/**
 * The readings kept on this device, for the offline page (the library offline). Plain links: the
 * service worker answers them from the kept pages' cache. idb is imported statically here so
 * that the offline page, cached at install, has everything it needs without the network.
 */
export function KeptReadingsList() {
  const [kept, setKept] = useState<KeptReading[] | null>(null);
  // My notes is kept beside the readings of whoever keeps some (./kept-readings.ts, keepNotesPage).
  const [hasNotes, setHasNotes] = useState(false);
  // The header's "N changes waiting" is not on this page (it is cached signed out): said here instead.
  const [unsent, setUnsent] = useState({ waiting: 0, refused: 0 });
  // Signed out while offline (components/auth/next-auth-requests.ts): the device is cleared, the session not yet ended.
  const [isSigningOut, setIsSigningOut] = useState(false);
  useEffect(() => {
    void (async () => {
      const hasCaches = typeof caches !== "undefined";
      // Nothing is left to list (and the database is not made anew by asking).
      if (hasCaches && (await caches.has(SIGN_OUT_LEFT_CACHE))) return setIsSigningOut(true);
      listKeptReadings()
        .then(setKept)
        .catch(() => setKept([]));
      countUnsent()
        .then(setUnsent)
        .catch(() => undefined);
      if (hasCaches) setHasNotes((await caches.match("/notes", { cacheName: KEPT_CACHE })) !== undefined);
    })().catch(() => undefined);
  }, []);
  if (isSigningOut)
    return (
      <p role="status" className="notice" data-testid="signed-out-offline">
        You signed out while offline. Everything Marginalia kept on this device has been cleared, changes not sent included. Your session on
        the server ends as soon as the connection is back: this page then signs you out by itself.
      </p>
    );
  if (kept === null) return null;
  const changes = (count: number) => (count === 1 ? "1 change" : `${count} changes`);
  const unsentNote =
    unsent.waiting + unsent.refused === 0 ? null : (
      <p role="status" data-testid="offline-unsent">
        {unsent.waiting > 0 ? `${changes(unsent.waiting)} waiting on this device: sent as soon as you are back online. ` : ""}
        {unsent.refused > 0 ? `${changes(unsent.refused)} not saved: listed in My notes, to copy or discard.` : ""}
      </p>
    );
  if (kept.length === 0)
    return (
      <>
        {unsentNote}
        <p>No readings are kept on this device. Online, choose “Keep offline” on a reading to read it here.</p>
      </>
    );
  return (
    <>
      {unsentNote}
      <section aria-labelledby="kept-heading">
        <h2 id="kept-heading">Kept on this device</h2>
        <ul className="library__list">
          {kept.map((reading) => (
            <li key={reading.key} className="library__item">
              <a href={reading.path}>{reading.title}</a>
            </li>
          ))}
        </ul>
        {hasNotes && (
          <p>
            <a href="/notes">My notes</a>, as they were at your last visit online.
          </p>
        )}
      </section>
    </>
  );
}
