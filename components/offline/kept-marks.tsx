"use client";
import { useEffect, useState } from "react";
import { UNSENT_RECOUNT_EVENT } from "./sync-events";

type Props = {
  userId: string;
  /** The readings of my open assignments (the Due list): kept on this device without my asking. */
  assigned: readonly string[];
};

/**
 * On the library, online: shows the "Kept offline" mark (rendered hidden by the page) of the
 * readings kept on this device and syncs them: a reading this reader may no longer read
 * is removed from the device, and so is anything another reader left here; the readings of open
 * assignments are kept, and let go once their assignment is not open (unless the reader kept them
 * themselves). idb is loaded lazily.
 */
export function KeptMarks({ userId, assigned }: Props) {
  const [message, setMessage] = useState("");
  // The list as a string: a new array from each render must not sync again.
  const assignedSlugs = assigned.join("\n");
  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      const { keepAssignedReadings, listKeptReadings, releaseAssignedReadings, syncKeptReadings } = await import("./kept-readings");
      const { removed, unsaved } = navigator.onLine ? await syncKeptReadings(userId) : { removed: [], unsaved: 0 };
      const openSlugs = assignedSlugs ? assignedSlugs.split("\n") : [];
      // Offline, the page's list may be old (served from cache): nothing is let go on its word.
      const released = navigator.onLine ? await releaseAssignedReadings(userId, openSlugs).catch(() => []) : [];
      const added = navigator.onLine && openSlugs.length > 0 ? await keepAssignedReadings(userId, openSlugs).catch(() => []) : [];
      const kept = (await listKeptReadings(userId)).map((reading) => reading.slug);
      // What was written on a removed reading and never sent is kept, marked not saved (kept-readings.ts): the header counts it.
      if (unsaved > 0) window.dispatchEvent(new Event(UNSENT_RECOUNT_EVENT));
      if (!isCurrent) return;
      for (const item of document.querySelectorAll<HTMLElement>("[data-reading-slug]")) {
        const mark = item.querySelector<HTMLElement>(".library__kept");
        if (mark) mark.hidden = !kept.includes(item.dataset.readingSlug ?? "");
      }
      const said = [
        removed.length === 0
          ? ""
          : removed.length === 1
            ? "1 kept reading you can no longer open was removed from this device."
            : `${removed.length} kept readings you can no longer open were removed from this device.`,
        unsaved === 0 ? "" : `What you wrote on ${removed.length === 1 ? "it" : "them"} and had not saved is listed in My notes, to copy.`,
        released.length === 0
          ? ""
          : released.length === 1
            ? "The reading of an assignment that is no longer open was removed from this device."
            : `The readings of ${released.length} assignments that are no longer open were removed from this device.`,
        added.length === 0
          ? ""
          : added.length === 1
            ? "The reading of an open assignment was kept on this device, to read offline."
            : `The readings of ${added.length} open assignments were kept on this device, to read offline.`,
      ];
      setMessage(said.filter(Boolean).join(" "));
    })().catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [userId, assignedSlugs]);
  return (
    <p role="status" className="kept-marks">
      {message}
    </p>
  );
}
