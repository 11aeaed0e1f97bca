import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { databaseProvider, databaseUrl, providerMigrationsPath, providerSchemaPath, sqliteFilePath } from "./prisma/database-url";
import { createMigrationAdapter } from "./prisma/postgres-pool";

// The schema's datasource reads DATABASE_URL; give the CLI the same default the app uses.
process.env.DATABASE_URL = databaseUrl();
const url = databaseUrl();
const provider = databaseProvider(url);

// Prisma 6.19 with the WebAssembly schema engine: no native engine download, so migrations
// run offline (see ../shared/STACK.md). The URL picks the provider's schema and migrations tree
// (both generated from prisma/models.prisma by scripts/db/provider-schemas.ts).
unrefLongTimers();

/**
 * The WebAssembly schema engine guards its steps (PostgreSQL's migration advisory lock, `db push`
 * on either database) with 10 s and 60 s timers it never cancels, so a finished `migrate deploy`
 * would sit idle for 10 s and `db push` for a minute before the CLI exits (`npm run db:check`
 * spent 60 of its 64 s on SQLite waiting so). This config runs inside the CLI process:
 * unref those guard timers, so open connections and real work still keep it alive, but an expired
 * guard no longer does.
 */
function unrefLongTimers() {
  const originalSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = originalSetTimeout(callback, ms, ...args);
    if ((ms ?? 0) >= 5_000) timer.unref();
    return timer;
  }) as typeof setTimeout;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: providerSchemaPath(provider),
  migrations: {
    path: providerMigrationsPath(provider),
    seed: "tsx --conditions=react-server prisma/seed.ts",
  },
  async adapter() {
    if (provider === "postgresql") return createMigrationAdapter(url);
    return new PrismaBetterSQLite3({ url: `file:${sqliteFilePath(url)}` });
  },
});
