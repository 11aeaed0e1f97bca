"use client";
import { useSyncExternalStore } from "react";
import { formatDateTime } from "@/lib/format-date";

const subscribe = () => () => {};

/** A due time in the reader's own time zone; in UTC (said so) on the server, so hydration never disagrees. */
export function LocalDateTime({ iso }: { iso: string }) {
  const label = useSyncExternalStore(
    subscribe,
    () => formatDateTime(iso),
    () => `${formatDateTime(iso, "UTC")} UTC`,
  );
  return <time dateTime={iso}>{label}</time>;
}
