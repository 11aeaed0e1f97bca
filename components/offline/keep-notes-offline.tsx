"use client";
import { useEffect } from "react";

/**
 * On My notes, online: keeps this page on the device for a reader who keeps readings offline
 * (./kept-readings.ts, keepNotesPage), so their notes open without the network too. Renders
 * nothing; idb and the rest are loaded lazily.
 */
export function KeepNotesOffline({ userId }: { userId: string }) {
  useEffect(() => {
    if (!navigator.onLine || !("caches" in window)) return;
    void import("./kept-readings").then(({ keepNotesPage }) => keepNotesPage(userId)).catch(() => undefined);
  }, [userId]);
  return null;
}
