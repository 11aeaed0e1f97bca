import pg from "pg";
import { withDatabaseName } from "./database-url";

/**
 * Creating and dropping whole databases (the app's on first start, the test suites' own, the
 * schema check's and the benchmark's scratch ones) happens from the server's maintenance
 * database, "postgres": a database cannot be dropped from a connection to itself.
 */
export async function connectMaintenanceDatabase(url: string): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: withDatabaseName(url, "postgres") });
  await admin.connect();
  return admin;
}

/** Runs `work` on a maintenance connection, and closes it whatever happens. */
export async function withMaintenanceDatabase<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = await connectMaintenanceDatabase(url);
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A database name as an SQL identifier (CREATE and DROP DATABASE take no parameters). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Drops a database even while something is connected to it (those connections are ended).
 *
 * Tried again for a moment when refused for want of privilege (42501): PostgreSQL 15 ends the other
 * connections first and refuses a non-superuser when one of them is an autovacuum worker, whose
 * process has no role, as on a scratch database just filled by migrations (seen once in CI on
 * the schema check). The worker is gone within a moment; anything else refused stays refused.
 */
export async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      return;
    } catch (error) {
      if (attempt === DROP_ATTEMPTS || (error as { code?: unknown }).code !== INSUFFICIENT_PRIVILEGE) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

const DROP_ATTEMPTS = 8;
const INSUFFICIENT_PRIVILEGE = "42501";
