/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for `node --require`, where require is the only way in. */
// Preloaded into a benchmarked server (`node --require scripts/lib/count-queries.cjs`): counts the
// SQLite statements the process runs and writes the running total beside $BENCH_QUERY_COUNT_FILE
// twice a second. bench:scale reads it to say what a heartbeat tick costs in queries, without any
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

// Every copy of the driver: Prisma's adapter brings its own (node_modules/@prisma/adapter-better-sqlite3/
// node_modules/better-sqlite3), and that copy, not the top-level one, is what the server runs.
const driverPaths = new Set();
for (const from of ["@prisma/adapter-better-sqlite3", null]) {
  try {
    const paths = from === null ? undefined : [require("node:path").dirname(require.resolve(from))];
    driverPaths.add(require.resolve("better-sqlite3", { paths }));
  } catch {
    // this copy is not installed
  }
}
for (const driverPath of driverPaths) {
  const Database = require(driverPath);
  const statement = new Database(":memory:").prepare("select 1");
  wrap(Object.getPrototypeOf(statement), ["all", "get", "run", "iterate"]);
}

if (file) {
  // One file per process and thread (the server's workers are preloaded too, each with its own
  // count), named "<file>.<pid>.<thread>"; the bench adds them up. Written aside and renamed, so a
  // reader never sees a half-written number. Never throws: a counter must not be what takes a
  // benchmarked server down.
  const own = `${file}.${process.pid}.${require("node:worker_threads").threadId}`;
  const aside = `${own}.tmp`;
  setInterval(() => {
    try {
      writeFileSync(aside, String(count));
      renameSync(aside, own);
    } catch {
      // the folder was removed (a new run starting): try again on the next tick
    }
  }, 500).unref();
}
