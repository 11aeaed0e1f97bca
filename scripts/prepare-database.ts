// Makes a fresh clone (or an upgraded one) ready to serve: creates data/, generates a local
// session secret if none is configured, applies committed migrations and seeds the bundled
// content. Safe to run on every start: each step is idempotent.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseUrl, sqliteFilePath } from "../prisma/database-url";

const root = process.cwd();
const url = databaseUrl();
mkdirSync(path.dirname(sqliteFilePath(url)), { recursive: true });

const secretFile = path.join(root, "data", "auth-secret");
if (!process.env.NEXTAUTH_SECRET && !existsSync(secretFile)) {
  mkdirSync(path.dirname(secretFile), { recursive: true });
  writeFileSync(secretFile, randomBytes(32).toString("base64url"), { mode: 0o600 });
  console.log("prepare: generated a local session secret in data/auth-secret (set NEXTAUTH_SECRET in production)");
}

const prisma = path.join(root, "node_modules", ".bin", "prisma");
const env = { ...process.env, DATABASE_URL: url };
execFileSync(prisma, ["migrate", "deploy"], { stdio: "inherit", env });
execFileSync(prisma, ["db", "seed"], { stdio: "inherit", env });

// Write-ahead logging lets readers keep reading while a write commits. The mode is stored in the
// database file, so setting it once here covers every later connection.
const sqlite = new Database(sqliteFilePath(url));
sqlite.pragma("journal_mode = WAL");
sqlite.close();
