import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

/**
 * SQLite transactions take turns with the rest of the server's work.
 *
 * better-sqlite3 answers every statement synchronously, so each of Prisma's promises for it
 * resolves as a microtask, and the adapter's mutex hands the connection from one transaction to
 * the next as a microtask too: with writers queued, the whole queue ran in one unbroken chain, and
 * the event loop could not accept, read or write anything until it was done (gaps of up to ~0.7 s
 * between turns of the loop with 100 writers; the test beside this file shows the chain).
 *
 * Here a transaction that ends hands the connection to the next one through `setImmediate`, so
 * every transaction boundary lets the event loop poll. Transactions still run one at a time, first
 * come first served, and a transaction's own statements still run back to back, so nothing else
 * ever runs inside an open transaction on the shared connection. With the admission queue in front
 * (server/http/admission.ts), 100 writers × 10 creates, two runs each: creates' p99 1.3–1.7 s and
 * 100–102 creates/s with turns, 1.6–3.5 s and 83–86 creates/s without.
 */
export function withTransactionTurns(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => takingTurns(await factory.connect()),
  };
}

function takingTurns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const waiting: (() => void)[] = [];
  let isTaken = false;
  const take = async () => {
    if (isTaken) await new Promise<void>((resolve) => waiting.push(resolve));
    isTaken = true;
  };
  const hand = () => {
    const next = waiting.shift();
    if (next) setImmediate(next);
    else isTaken = false;
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    getConnectionInfo: adapter.getConnectionInfo ? () => adapter.getConnectionInfo!() : undefined,
    dispose: () => adapter.dispose(),
    startTransaction: async (isolationLevel) => {
      await take();
      let transaction: Transaction;
      try {
        transaction = await adapter.startTransaction(isolationLevel);
      } catch (error) {
        hand();
        throw error;
      }
      const end = async (how: "commit" | "rollback") => {
        try {
          await transaction[how]();
        } finally {
          hand();
        }
      };
      return {
        provider: transaction.provider,
        adapterName: transaction.adapterName,
        options: transaction.options,
        queryRaw: (query) => transaction.queryRaw(query),
        executeRaw: (query) => transaction.executeRaw(query),
        commit: () => end("commit"),
        rollback: () => end("rollback"),
      };
    },
  };
}
