"use client";
import { useEffect, useState } from "react";

type Props = {
  userId: string;
  /** The readings of my open assignments (the Due list): kept on this device without my asking. */
  assigned: readonly string[];
};

/**
 * On the library, online: shows the "Kept offline" mark (rendered hidden by the page) of the
 * readings kept on this device and syncs them: a reading this reader may no longer read
 * is removed from the device, and so is anything another reader left here; the readings of open
 * assignments are kept. idb is loaded lazily.
 */
export function KeptMarks({ userId, assigned }: Props) {
  const [message, setMessage] = useState("");
  // The list as a string: a new array from each render must not sync again.
  const assignedSlugs = assigned.join("\n");
  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      const { keepAssignedReadings, listKeptReadings, syncKeptReadings } = await import("./kept-readings");
      const removed = navigator.onLine ? await syncKeptReadings(userId) : [];
      const added = navigator.onLine && assignedSlugs ? await keepAssignedReadings(userId, assignedSlugs.split("\n")).catch(() => []) : [];
      const kept = (await listKeptReadings(userId)).map((reading) => reading.slug);
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
