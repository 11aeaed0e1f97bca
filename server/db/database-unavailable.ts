import "server-only";

/** Prisma's codes for "could not talk to the database" (not "the database said no"). */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** PostgreSQL SQLSTATEs and socket errors of a server that is restarting or out of reach. */
const DRIVER_UNAVAILABLE = new Set([
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
]);
const UNAVAILABLE_MESSAGE =
  /Can't reach database server|Server has closed the connection|Connection terminated|ECONNREFUSED|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command/i;

/**
 * True when an error means the database could not be reached (PostgreSQL restarting, network
 * gone), as opposed to a bug or a refused write. Route handlers answer these with 503 and
 * Retry-After, so clients (and the reader's outbox) know that trying again will help. Prisma
 * wraps driver errors several layers deep, so the whole cause chain is searched.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const candidate = current as {
      code?: unknown;
      originalCode?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (typeof candidate.code === "string" && (PRISMA_UNAVAILABLE.has(candidate.code) || DRIVER_UNAVAILABLE.has(candidate.code)))
      return true;
    if (typeof candidate.originalCode === "string" && DRIVER_UNAVAILABLE.has(candidate.originalCode)) return true;
    if (typeof candidate.message === "string" && UNAVAILABLE_MESSAGE.test(candidate.message)) return true;
    queue.push(candidate.cause, candidate.meta?.driverAdapterError);
  }
  return false;
}
