/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for `node --require`, where require is the only way in. */
// Preloaded into a benchmarked server (`node --require scripts/lib/count-queries.cjs`): counts the
// statements the process sends (SQLite's better-sqlite3, PostgreSQL's pg) and writes the running
// total beside $BENCH_QUERY_COUNT_FILE twice a second. bench:scale reads it to say what a heartbeat
// tick and a create cost in queries, without any counter in the application itself. The drivers
// are loaded from node_modules by the production server (Next keeps them external), so patching
// them here patches what Prisma's adapters use. (PostgreSQL's own pg_stat_database was used
// before: backends publish their counts up to seconds late, so a quiet window took in transactions
// from before it.)
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

// Every copy of each driver: Prisma's adapter brings its own (node_modules/@prisma/adapter-better-sqlite3/
// node_modules/better-sqlite3), and that copy, not the top-level one, is what the server runs.
function copiesOf(driver, adapter) {
  const paths = new Set();
  for (const from of [adapter, null]) {
    try {
      const lookIn = from === null ? undefined : [require("node:path").dirname(require.resolve(from))];
      paths.add(require.resolve(driver, { paths: lookIn }));
    } catch {
      // this copy is not installed
    }
  }
  return paths;
}
for (const driverPath of copiesOf("better-sqlite3", "@prisma/adapter-better-sqlite3")) {
  const Database = require(driverPath);
  const statement = new Database(":memory:").prepare("select 1");
  wrap(Object.getPrototypeOf(statement), ["all", "get", "run", "iterate"]);
}
// pg: every statement goes through Client#query (a Pool's query borrows a client and calls it),
// BEGIN and COMMIT included, as PostgreSQL would count them.
for (const driverPath of copiesOf("pg", "@prisma/adapter-pg")) wrap(require(driverPath).Client.prototype, ["query"]);

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
