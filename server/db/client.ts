import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl, sqliteFilePath } from "@/prisma/database-url";
import { PrismaClient } from "./generated/client";

function createClient() {
  const adapter = new PrismaBetterSQLite3({ url: `file:${sqliteFilePath(databaseUrl())}` });
  // The password hash is omitted from every query by default: code that needs it (the password
  // check in server/auth) must ask for it by name with `omit: { passwordHash: false }`.
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

export type Database = ReturnType<typeof createClient>;

// One client per process; in development, survive hot reloads instead of leaking connections.
const globalForDb = globalThis as unknown as { marginaliaDb?: Database };

export const db: Database = globalForDb.marginaliaDb ?? createClient();
if (process.env.NODE_ENV !== "production") globalForDb.marginaliaDb = db;
