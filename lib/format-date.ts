// Dates are written one way across the interface, "7 Dec 2026" and "7 Dec 2026, 17:00", whatever
// the browser's locale: the interface is in English, and a due time written "Dec 7, 2026, 5:00 PM"
// beside an invitation "valid until 18 Dec 2026" read as two apps. The time zone is the caller's:
// UTC on the server (said so where it matters), the reader's own once the page runs.

const LOCALE = "en-GB";

/** "7 Dec 2026"; in `timeZone`, or the runtime's own when none is given. */
export function formatDay(date: Date | string, timeZone?: string): string {
  return new Date(date).toLocaleDateString(LOCALE, { day: "numeric", month: "short", year: "numeric", timeZone });
}

/** "7 Dec 2026, 17:00"; in `timeZone`, or the runtime's own when none is given. */
export function formatDateTime(date: Date | string, timeZone?: string): string {
  return new Date(date).toLocaleString(LOCALE, { dateStyle: "medium", timeStyle: "short", timeZone });
}
