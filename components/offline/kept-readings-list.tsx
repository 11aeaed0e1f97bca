"use client";
import { useEffect, useState } from "react";
import { KEPT_CACHE, listKeptReadings, type KeptReading } from "./offline-db";

/**
 * The readings kept on this device, for the offline page (the library offline). Plain links: the
 * service worker answers them from the kept pages' cache. idb is imported statically here so
 * that the offline page, cached at install, has everything it needs without the network.
 */
export function KeptReadingsList() {
  const [kept, setKept] = useState<KeptReading[] | null>(null);
  // My notes is kept beside the readings of whoever keeps some (./kept-readings.ts, keepNotesPage).
  const [hasNotes, setHasNotes] = useState(false);
  useEffect(() => {
    listKeptReadings()
      .then(setKept)
      .catch(() => setKept([]));
    if (typeof caches === "undefined") return;
    void caches
      .open(KEPT_CACHE)
      .then((cache) => cache.match("/notes"))
      .then((page) => setHasNotes(page !== undefined))
      .catch(() => undefined);
  }, []);
  if (kept === null) return null;
  if (kept.length === 0) return <p>No readings are kept on this device. Online, choose “Keep offline” on a reading to read it here.</p>;
  return (
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
  );
}
