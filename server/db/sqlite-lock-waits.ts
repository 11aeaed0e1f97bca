import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";

/**
 * Another process holding the SQLite file's write lock (a script, a second server started on the
 * same file by mistake, an independent check's `BEGIN IMMEDIATE`) is waited for off the server's
 * thread. better-sqlite3 waits for a lock synchronously, inside the call, up to its busy timeout
 * (5 s by default): the only thread of the server stopped, and every request waited, readers of
 * pages included (a 20 s lock held an anonymous reading page 20.2 s; a sign-in form's CSRF token
 * 5.2 s). So the connection is opened with no busy timeout (SQLITE_BUSY_TIMEOUT_MS), and here a
 * statement or transaction refused as busy is tried again after a timer, the event loop serving
 * everything else meanwhile, until LOCK_WAIT_MS have passed; then the busy error goes on as before
 * (503 with Retry-After, nothing saved: server/db/database-unavailable.ts).
 *
 * A transaction takes the write lock as it begins, with a write that changes nothing: begun
 * deferred (as the adapter begins it), its first write would meet the lock in the middle of its
 * work, where it cannot be tried again. Taken first, a refusal leaves nothing to undo. Statements
 * outside a transaction are each their own: refused, they did nothing, and are sent again. In WAL
 * mode reads never wait for a writer.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 0;
const LOCK_WAIT_MS = 5_000;
/** Between tries: short at first (a lock held for a moment), then every 100 ms. */
const retryDelayMs = (attempt: number) => Math.min(5 * 2 ** attempt, 100);

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });
/** Any write takes the lock, even one that matches no row (checked in sqlite-lock-waits.test.ts). */
const TAKE_WRITE_LOCK = statement('UPDATE "User" SET "id" = "id" WHERE 0');
const ROLLBACK = statement("ROLLBACK");

export function withLockWaits(factory: SqlDriverAdapterFactory, lockWaitMs = LOCK_WAIT_MS): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => waitingForLocks(await factory.connect(), lockWaitMs),
  };
}

/** SQLite's "database is locked" (SQLITE_BUSY and its variants), as the adapter throws it. */
export function isBusy(error: unknown): boolean {
  const cause = (error as { cause?: { originalCode?: unknown } } | null)?.cause;
  return typeof cause?.originalCode === "string" && cause.originalCode.startsWith("SQLITE_BUSY");
}

function waitingForLocks(adapter: SqlDriverAdapter, lockWaitMs: number): SqlDriverAdapter {
  const tried = async <T>(run: () => Promise<T>): Promise<T> => {
    const deadline = Date.now() + lockWaitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
      }
    }
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => tried(() => adapter.queryRaw(query)),
    executeRaw: (query) => tried(() => adapter.executeRaw(query)),
    executeScript: (script) => adapter.executeScript(script),
    getConnectionInfo: adapter.getConnectionInfo ? () => adapter.getConnectionInfo!() : undefined,
    dispose: () => adapter.dispose(),
    startTransaction: (isolationLevel) =>
      tried(async () => {
        const transaction = await adapter.startTransaction(isolationLevel);
        try {
          await transaction.executeRaw(TAKE_WRITE_LOCK);
        } catch (error) {
          // Refused: the transaction ends here, its connection free for the next try.
          await transaction.executeRaw(ROLLBACK).catch(() => undefined);
          await transaction.rollback();
          throw error;
        }
        return transaction;
      }),
  };
}
