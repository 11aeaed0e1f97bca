import { AppError } from "@/lib/errors";
/**
 * A wall-clock time typed into a form ("2026-12-01T17:00", as <input type="datetime-local"> sends
 * it) in a named time zone, as an instant; null when it is no date at all ("2026-02-31T10:00").
 * The browser tells us its zone (a hidden field set on the page); without JavaScript the form says
 * UTC. Intl does the zone arithmetic: no library.
 *
 * Around a daylight-saving change we do what Temporal's "compatible" disambiguation does, so every
 * zone behaves alike: a time the clocks skipped (02:30 when New York springs forward from 02:00 to
 * 03:00) is read with the offset from before the change, which lands after the gap (03:30 EDT), as
 * if the clock had not been changed yet; a time the clocks show twice (01:30 when they fall back)
 * is the first of the two.
 */
export function zonedWallTimeToDate(wallTime: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wallTime);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Date.UTC rolls 31 February over into March and 24:00 into the next day: refuse what it had to move.
  if (new Date(asUtc).toISOString().slice(0, 16) !== wallTime) return null;
  const zone = isTimeZone(timeZone) ? timeZone : "UTC";
  // Zones change their offset at most once within a day either side, so the offsets a day before
  // and a day after are the only ones this wall time can have.
  const before = offsetMs(new Date(asUtc - DAY_MS), zone);
  const after = offsetMs(new Date(asUtc + DAY_MS), zone);
  const fits = [before, after]
    .map((offset) => asUtc - offset)
    .filter((instant) => instant + offsetMs(new Date(instant), zone) === asUtc)
    .sort((a, b) => a - b);
  return new Date(fits[0] ?? asUtc - before);
}

const DAY_MS = 86_400_000;

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's wall clock is ahead of UTC at `date`, in ms. */
function offsetMs(date: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(date)
      .map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * A wall time typed into a form's `datetime-local` field, in `timeZone`, as the API takes it (ISO).
 * One that does not exist (31 February, from a browser without a date picker) is refused in the
 * form's words: the API's "with its offset" asks for what the form never shows.
 */
export function typedWallTime(typed: string, label: string, timeZone: string): string {
  const date = zonedWallTimeToDate(typed, timeZone);
  if (!date) throw new AppError("BAD_REQUEST", `${label} “${typed}” is not a date and time that exists: pick one from the calendar.`);
  return date.toISOString();
}
