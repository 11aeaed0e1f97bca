/**
 * A wall-clock time typed into a form ("2026-12-01T17:00", as <input type="datetime-local"> sends
 * it) in a named time zone, as an instant. The browser tells us its zone (a hidden field set on
 * the page); without JavaScript the form says UTC. Intl does the zone arithmetic: no library.
 */
export function zonedWallTimeToDate(wallTime: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wallTime);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const zone = isTimeZone(timeZone) ? timeZone : "UTC";
  // Twice: the first guess may sit on the other side of a daylight-saving change.
  const first = asUtc - offsetMs(new Date(asUtc), zone);
  return new Date(asUtc - offsetMs(new Date(first), zone));
}

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
