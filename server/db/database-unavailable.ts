import "server-only";

/**
 * Why the database cannot take a request right now, when it is something outside the request
 * that trying again later will fix: it is out of reach (PostgreSQL restarting, network gone), too
 * busy to start the transaction in time (every connection in use under load), its disk is full, or it is read-only (a failover replica, a read-only mount, an operator's switch).
 */
export type DatabaseUnavailability = "unreachable" | "busy" | "full" | "read-only";

/** Prisma's codes for "could not talk to the database" (not "the database said no"). */
const PRISMA_UNREACHABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** PostgreSQL SQLSTATEs, SQLite result codes and socket errors, by what they mean for a caller. */
const DRIVER_CODES = new Map<string, DatabaseUnavailability>(
  Object.entries({
    "57P01": "unreachable",
    "57P02": "unreachable",
    "57P03": "unreachable",
    "08000": "unreachable",
    "08001": "unreachable",
    "08003": "unreachable",
    "08004": "unreachable",
    "08006": "unreachable",
    ECONNREFUSED: "unreachable",
    ECONNRESET: "unreachable",
    ETIMEDOUT: "unreachable",
    EPIPE: "unreachable",
    // Another process holds SQLite's write lock past the busy timeout.
    SQLITE_BUSY: "busy",
    // PostgreSQL: disk_full, and "cannot execute INSERT in a read-only transaction".
    "53100": "full",
    "25006": "read-only",
    // SQLite: the disk (or max_page_count) is full; the file, its directory or the connection is read-only.
    SQLITE_FULL: "full",
    SQLITE_READONLY: "read-only",
  }) as Array<[string, DatabaseUnavailability]>,
);
const MESSAGES: Array<[RegExp, DatabaseUnavailability]> = [
  [
    /Can't reach database server|Server has closed the connection|Connection terminated|ECONNREFUSED|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command/i,
    "unreachable",
  ],
  // Prisma's P2028 when every pooled connection stayed busy past the transaction's maxWait (load).
  [/Unable to start a transaction in the given time/i, "busy"],
  // P2028 too when a transaction outlived its timeout on a saturated machine (bench:scale's 1,000
  // live readers): Prisma rolled it back, so nothing was written and trying again can work.
  [/Transaction already closed: A (query|commit) cannot be executed on an expired transaction/i, "busy"],
  [/database or disk is full|No space left on device|could not extend file/i, "full"],
  [/attempt to write a readonly database|in a read-only transaction/i, "read-only"],
];

/**
 * What keeps the database from answering, or null for any other error (a bug, a refused write).
 * Route handlers answer these with 503 and Retry-After, so clients (and the reader's outbox) know
 * that trying again will help; nothing was written, since the failing statement's transaction
 * rolled back. Prisma wraps driver errors several layers deep, so the whole cause chain is searched.
 */
export function databaseUnavailability(error: unknown): DatabaseUnavailability | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  // Prisma's own code is general ("operations timed out" for SQLite's "database is locked"): the
  // driver's, deeper in the chain, says which, and wins.
  let prismaVerdict: DatabaseUnavailability | null = null;
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
    for (const code of [candidate.code, candidate.originalCode]) {
      if (typeof code !== "string") continue;
      if (PRISMA_UNREACHABLE.has(code)) prismaVerdict ??= "unreachable";
      // SQLite's extended codes (SQLITE_READONLY_DIRECTORY…) mean what their primary code means.
      const known = DRIVER_CODES.get(code) ?? DRIVER_CODES.get(code.replace(/^(SQLITE_[A-Z]+)_.*$/, "$1"));
      if (known) return known;
    }
    if (typeof candidate.message === "string") {
      const match = MESSAGES.find(([pattern]) => pattern.test(candidate.message as string));
      if (match) return match[1];
    }
    queue.push(candidate.cause, candidate.meta?.driverAdapterError);
  }
  return prismaVerdict;
}

/** True when the database cannot take requests right now for a reason outside the request (see databaseUnavailability). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailability(error) !== null;
}
