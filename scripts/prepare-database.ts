// Makes a fresh clone (or an upgraded one) ready to serve: creates data/ (SQLite) or the database
// (PostgreSQL), generates a local session secret if none is configured, applies committed
// migrations and seeds the bundled content. Safe to run on every start, and from several
// instances at once: each step is idempotent, and on PostgreSQL `migrate deploy` holds an advisory
// lock while it migrates.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, databaseUrl, postgresDatabaseName, sqliteFilePath } from "../prisma/database-url";
import { connectMaintenanceDatabase, quoteIdentifier } from "../prisma/postgres-admin";
import { backfillSearchText } from "./db/backfill-search-text";
import { backfillTagKeys } from "./db/backfill-tag-keys";

async function main() {
  const root = process.cwd();
  const url = databaseUrl();
  const provider = databaseProvider(url);
  if (provider === "sqlite") mkdirSync(path.dirname(sqliteFilePath(url)), { recursive: true });
  else await createPostgresDatabaseIfMissing(url);

  const secretFile = path.join(root, "data", "auth-secret");
  if (!process.env.NEXTAUTH_SECRET && !existsSync(secretFile)) {
    mkdirSync(path.dirname(secretFile), { recursive: true });
    writeFileSync(secretFile, randomBytes(32).toString("base64url"), { mode: 0o600 });
    console.log("prepare: generated a local session secret in data/auth-secret (set NEXTAUTH_SECRET in production)");
  }

  const prisma = path.join(root, "node_modules", ".bin", "prisma");
  const env = { ...process.env, DATABASE_URL: url };
  execFileSync(prisma, ["migrate", "deploy"], { stdio: "inherit", env });
  const rekeyed = await backfillTagKeys(url);
  if (rekeyed > 0) console.log(`prepare: keyed ${rekeyed} tag${rekeyed === 1 ? "" : "s"} written before tags compared without case`);
  const folded = await backfillSearchText(url);
  if (folded > 0) console.log(`prepare: folded ${folded} note${folded === 1 ? "" : "s"} written before searches ignored accents`);
  execFileSync(prisma, ["db", "seed"], { stdio: "inherit", env });

  if (provider === "sqlite") {
    // Write-ahead logging lets readers keep reading while a write commits. The mode is stored in
    // the database file, so setting it once here covers every later connection.
    const sqlite = new Database(sqliteFilePath(url));
    sqlite.pragma("journal_mode = WAL");
    // One server serves a SQLite file, and none of its live streams is open before it starts: the
    // places a server killed mid-stream still held (server/live/presence.ts) would count against
    // their readers for 45 s more (6 of a student's 8 tabs were refused for 29 s after a restart).
    const left = sqlite.prepare('DELETE FROM "ReaderPresence"').run().changes;
    if (left > 0) console.log(`prepare: let go of ${left} live-stream place${left === 1 ? "" : "s"} held by the server before`);
    sqlite.close();
  }
}

/** A new PostgreSQL server has no database for us yet: create it (the role needs CREATEDB). */
async function createPostgresDatabaseIfMissing(url: string) {
  const name = postgresDatabaseName(url);
  let admin: pg.Client;
  try {
    admin = await connectMaintenanceDatabase(url);
  } catch {
    return; // No access to the maintenance database: assume the database was made for us.
  }
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      console.log(`prepare: created PostgreSQL database "${name}"`);
    }
  } catch (error) {
    // Another instance created it at the same moment: fine.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
