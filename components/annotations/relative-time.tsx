"use client";
import { useSyncExternalStore } from "react";
import { formatDay } from "@/lib/format-date";

const subscribe = () => () => {};

/** "3 min ago" in the browser; the exact date on the server, so hydration never disagrees. */
export function RelativeTime({ iso }: { iso: string }) {
  const label = useSyncExternalStore(
    subscribe,
    () => formatRelative(iso),
    () => iso.slice(0, 10),
  );
  return (
    <time dateTime={iso} title={new Date(iso).toUTCString()}>
      {label}
    </time>
  );
}

function formatRelative(iso: string): string {
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return formatDay(iso);
}
