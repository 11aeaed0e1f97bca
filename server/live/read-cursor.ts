import "server-only";
import { AppError } from "@/lib/errors";

/**
 * The cursor a stream asks to start after: `Last-Event-ID` (an EventSource reconnecting) wins
 * over `?since=` (a first connection, with the cursor the page was rendered with). Null when
 * neither is given; a value that is not a non-negative integer is refused (400).
 */
export function readCursor(request: Request): number | null {
  const header = request.headers.get("last-event-id");
  const since = new URL(request.url).searchParams.get("since");
  const raw = header !== null && header.trim() !== "" ? header.trim() : since;
  if (raw === null) return null;
  if (!/^\d{1,15}$/.test(raw)) {
    throw new AppError("BAD_REQUEST", `Invalid request. The cursor must be a non-negative integer event id, got "${raw.slice(0, 40)}".`);
  }
  return Number(raw);
}
