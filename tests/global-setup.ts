// Migrates one template SQLite database with the real committed migrations, once per run.
// Each test file then gets its own copy (tests/use-test-database.ts), so files run in parallel
// against real SQLite without seeing each other's rows.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

export const TEST_DB_DIR = path.resolve(__dirname, "..", "data", "test");
export const TEMPLATE_DB = path.join(TEST_DB_DIR, "template.db");

export default function setup() {
  rmSync(TEST_DB_DIR, { recursive: true, force: true });
  mkdirSync(TEST_DB_DIR, { recursive: true });
  execFileSync(path.resolve(__dirname, "..", "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    stdio: "pipe",
  });
  return () => rmSync(TEST_DB_DIR, { recursive: true, force: true });
}
