import type BetterSqlite3 from "better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";

/** Distinct statements kept compiled. Prisma's SQL repeats (one text per query shape); chunked `IN` lists add a few lengths each. */
export const CACHED_STATEMENTS = 500;

/**
 * SQLite statements compiled once and reused, as SQLite intends (sqlite3_prepare once, then
 * bind/step/reset), rather than compiled anew for every query.
 *
 * Prisma's better-sqlite3 adapter (6.19) calls `prepare(sql).bind(args)` for every statement it
 * runs, and SQLite's compiling of the text was as costly as running it: in a CPU profile of 100
 * writers, 5 % of the server's time was spent in `prepare`, as much as in executing the statements.
 * Prisma sends the same few hundred texts over and over, so each is compiled once here and kept
 * (least recently used dropped past CACHED_STATEMENTS).
 *
 * The adapter binds parameters to the statement it gets (`bind`), which better-sqlite3 allows once
 * per statement; so it is given a handle per call that passes the parameters with each run instead,
 * the same parameters bound the same way. Statements run to completion (`run`, `all`) and never
 * stay open, so one compiled statement can serve every caller in turn; a schema change recompiles
 * it (SQLite does that itself on SQLITE_SCHEMA).
 */
export function withStatementCache(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => cachingStatements(await factory.connect()),
  };
}

type Statement = BetterSqlite3.Statement<unknown[]>;

/** What the adapter uses of a statement: better-sqlite3's own names, so the adapter cannot tell. */
type StatementHandle = Pick<Statement, "reader" | "columns"> & {
  bind(...params: unknown[]): StatementHandle;
  run(): BetterSqlite3.RunResult;
  raw(): { all(): unknown[] };
};

function cachingStatements(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const database = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
  // Should a new adapter keep its connection elsewhere, fail loudly rather than silently compile everything again.
  if (typeof database?.prepare !== "function")
    throw new Error("sqlite-statement-cache: the adapter's better-sqlite3 connection was not found");
  const compile = database.prepare.bind(database);
  const compiled = new Map<string, Statement>();
  const compiledOnce = (sql: string) => {
    let statement = compiled.get(sql);
    if (statement) {
      compiled.delete(sql); // moved to the back: most recently used
    } else {
      statement = compile(sql) as Statement;
      if (compiled.size >= CACHED_STATEMENTS) compiled.delete(compiled.keys().next().value!);
    }
    compiled.set(sql, statement);
    return statement;
  };
  const handle = (statement: Statement, params: unknown[]): StatementHandle => ({
    reader: statement.reader,
    columns: () => statement.columns(),
    bind: (...more) => handle(statement, [...params, ...more]),
    run: () => statement.run(...params),
    raw: () => ({ all: () => statement.raw(true).all(...params) }),
  });
  (database as unknown as { prepare: (sql: string) => StatementHandle }).prepare = (sql) => handle(compiledOnce(sql), []);
  return adapter;
}
