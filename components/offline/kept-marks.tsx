"use client";
import { useEffect, useState } from "react";

type Props = { userId: string };

/**
 * On the library, online: shows the "Kept offline" mark (rendered hidden by the page) of the
 * readings kept on this device and syncs them: a reading this reader may no longer read
 * is removed from the device, and so is anything another reader left here. idb is loaded lazily.
 */
export function KeptMarks({ userId }: Props) {
  const [message, setMessage] = useState("");
  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      const { listKeptReadings, syncKeptReadings } = await import("./kept-readings");
      const removed = navigator.onLine ? await syncKeptReadings(userId) : [];
      const kept = (await listKeptReadings(userId)).map((reading) => reading.slug);
      if (!isCurrent) return;
      for (const item of document.querySelectorAll<HTMLElement>("[data-reading-slug]")) {
        const mark = item.querySelector<HTMLElement>(".library__kept");
        if (mark) mark.hidden = !kept.includes(item.dataset.readingSlug ?? "");
      }
      if (removed.length > 0) {
        setMessage(
          removed.length === 1
            ? "1 kept reading you can no longer open was removed from this device."
            : `${removed.length} kept readings you can no longer open were removed from this device.`,
        );
      }
    })().catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [userId]);
  return (
    <p role="status" className="kept-marks">
      {message}
    </p>
  );
}
