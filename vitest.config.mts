import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // Outside Next.js there is no react-server condition; server modules are fine to import here.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    include: ["{lib,server,prisma,scripts,components,app,tests}/**/*.test.{ts,tsx}"],
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/use-test-database.ts"],
    // A file per core, not Vitest's default of one fewer: each file has its own database and waits
    // on it much of the time, so on a 2-core machine one worker left a core idle (the SQLite run
    // took 274 s with one worker, 181 s with two). At most 4: on PostgreSQL each worker holds a
    // pool of up to 10 connections, and the server's default limit is 100.
    maxWorkers: Math.min(availableParallelism(), 4),
    // Suites write as one person far faster than anyone types; the write-rate limit is tested at
    // its edge by server/limits/*.test.ts, which set their own limits per test.
    env: { WRITE_RATE_BURST: "1000000" },
    // argon2 and a migrated SQLite file per test file: give slow machines room.
    testTimeout: 20_000,
    // Hooks too: groups.test.ts builds 40 fixtures in one beforeAll (10 s default, met under load).
    hookTimeout: 30_000,
  },
});
