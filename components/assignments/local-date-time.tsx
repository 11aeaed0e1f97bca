"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};
const UTC = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A due time in the reader's own time zone; in UTC (said so) on the server, so hydration never disagrees. */
export function LocalDateTime({ iso }: { iso: string }) {
  const label = useSyncExternalStore(
    subscribe,
    () => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }),
    () => `${UTC.format(new Date(iso))} UTC`,
  );
  return <time dateTime={iso}>{label}</time>;
}
