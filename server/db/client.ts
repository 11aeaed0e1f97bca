import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseProvider, databaseUrl, sqliteFilePath, type DatabaseProvider } from "@/prisma/database-url";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgresql/client";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { SQLITE_BUSY_TIMEOUT_MS, withLockWaits } from "./sqlite-lock-waits";
import { withStatementCache } from "./sqlite-statement-cache";
import { withTransactionTurns } from "./sqlite-turns";

// Both generated clients come from the same models (prisma/models.prisma), so they have the same
// API; the SQLite one names the type. `Prisma` (types, error classes) is shared the same way.
export { Prisma } from "./generated/sqlite/client";

/** Which database this process talks to, from DATABASE_URL (prisma/database-url.ts). */
export const provider: DatabaseProvider = databaseProvider(databaseUrl());

// The password hash is omitted from every query by default: code that needs it (the password
// check in server/auth) must ask for it by name with `omit: { passwordHash: false }`.
const omit = { user: { passwordHash: true } } as const;

function createSqliteClient() {
  // Statements are compiled once (./sqlite-statement-cache.ts); a lock held by another process is
  // waited for on a timer, not inside the call (./sqlite-lock-waits.ts); transactions hand the
  // connection on through the event loop (./sqlite-turns.ts).
  const connection = new PrismaBetterSQLite3({ url: `file:${sqliteFilePath(databaseUrl())}`, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const adapter = withTransactionTurns(withLockWaits(withStatementCache(connection)));
  return new SqlitePrismaClient({ adapter, omit });
}

function createPostgresClient(): Database {
  const pool = { connectionString: databaseUrl(), max: Number(process.env.DATABASE_POOL_SIZE ?? 10) };
  const adapter = new PrismaPg(pool, {
    // An idle connection dropped by the server (PostgreSQL restarting) is discarded by the pool
    // and replaced on the next query; say so in the log rather than stay silent.
    onPoolError: (error) => console.warn(`db: idle PostgreSQL connection lost (${error.message}); the pool will reconnect`),
  });
  return new PostgresPrismaClient({ adapter, omit }) as unknown as Database;
}

export type Database = ReturnType<typeof createSqliteClient>;

/** A client of its own, with its own connections: what a second app instance would hold (tests of cross-instance limits). */
export function connectDatabase(): Database {
  return provider === "postgresql" ? createPostgresClient() : createSqliteClient();
}

// One client per process; in development, survive hot reloads instead of leaking connections.
const globalForDb = globalThis as unknown as { marginaliaDb?: Database };

export const db: Database = globalForDb.marginaliaDb ?? (provider === "postgresql" ? createPostgresClient() : createSqliteClient());
if (process.env.NODE_ENV !== "production") globalForDb.marginaliaDb = db;
