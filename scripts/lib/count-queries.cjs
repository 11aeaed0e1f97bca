/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for `node --require`, where require is the only way in. */
// Preloaded into a benchmarked server (`node --require scripts/lib/count-queries.cjs`): counts the
// SQLite statements the process runs and writes the running total to $BENCH_QUERY_COUNT_FILE twice
// a second. bench:scale reads it to say what a heartbeat tick costs in queries, without any
// counter in the application itself (PostgreSQL counts its own: pg_stat_database). The driver is
// loaded from node_modules by the production server (Next keeps it external), so patching it here
// patches what Prisma's adapter uses.
const { renameSync, writeFileSync } = require("node:fs");

const file = process.env.BENCH_QUERY_COUNT_FILE;
let count = 0;

function wrap(prototype, names) {
  for (const name of names) {
    const original = prototype[name];
    if (typeof original !== "function") continue;
    prototype[name] = function counted(...args) {
      count += 1;
      return original.apply(this, args);
    };
  }
}

try {
  const Database = require("better-sqlite3");
  const statement = new Database(":memory:").prepare("select 1");
  wrap(Object.getPrototypeOf(statement), ["all", "get", "run", "iterate"]);
} catch {
  // no SQLite driver installed
}

if (file) {
  // Written aside and renamed, so a reader never sees a half-written number. Never throws: a
  // counter must not be what takes a benchmarked server down.
  const aside = `${file}.${process.pid}.tmp`;
  setInterval(() => {
    try {
      writeFileSync(aside, String(count));
      renameSync(aside, file);
    } catch {
      // the folder was removed (a new run starting): try again on the next tick
    }
  }, 500).unref();
}
