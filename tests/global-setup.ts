// Migrates one template SQLite database with the real committed migrations, once per run.
// Each test file then gets its own copy (tests/use-test-database.ts), so files run in parallel
// against real SQLite without seeing each other's rows. Every run has its own folder, so two
// runs at once (two engineers, or an editor's watcher) never delete each other's databases.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseDir: string;
  }
}

export default function setup(project: TestProject) {
  const dir = path.resolve(__dirname, "..", "data", "test", randomUUID());
  mkdirSync(dir, { recursive: true });
  execFileSync(path.resolve(__dirname, "..", "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.db")}` },
    stdio: "pipe",
  });
  project.provide("testDatabaseDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
