"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** The browser's time zone for the form's wall-clock times; "UTC" without JavaScript (the form says so). */
export function TimeZoneInput() {
  const zone = useSyncExternalStore(
    subscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => "UTC",
  );
  return (
    <>
      <input type="hidden" name="timeZone" value={zone} />
      <p className="field__hint">Times are in your time zone ({zone}); each student sees them in theirs.</p>
    </>
  );
}
