// Migrates one template database with the real committed migrations, once per run. Each test
// file then gets its own copy (tests/use-test-database.ts), so files run in parallel against the
// real database without seeing each other's rows. Every run has its own names, so two runs at
// once (two engineers, or an editor's watcher) never delete each other's databases.
//
// SQLite (the default): a template file under data/test/<run>/, copied per file.
// PostgreSQL (DATABASE_URL=postgres://…, as in CI's second pass): a template database on that
// server, cloned per file with CREATE DATABASE … TEMPLATE.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { databaseProvider, databaseUrl, withDatabaseName } from "../prisma/database-url";
import { connectMaintenanceDatabase, dropDatabase, quoteIdentifier } from "../prisma/postgres-admin";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { provider: "sqlite"; dir: string } | { provider: "postgresql"; serverUrl: string; template: string };
  }
}

const prismaBin = path.resolve(__dirname, "..", "node_modules", ".bin", "prisma");

function migrate(url: string) {
  execFileSync(prismaBin, ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
}

export default async function setup(project: TestProject) {
  const url = databaseUrl();
  const run = randomUUID().slice(0, 8);

  if (databaseProvider(url) === "postgresql") {
    const template = `marginalia_test_${run}`;
    const admin = await connectMaintenanceDatabase(url);
    await admin.query(`CREATE DATABASE ${quoteIdentifier(template)}`);
    migrate(withDatabaseName(url, template));
    project.provide("testDatabase", { provider: "postgresql", serverUrl: url, template });
    return async () => {
      const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${template}%`]);
      for (const { datname } of rows) await dropDatabase(admin, datname);
      await admin.end();
    };
  }

  const dir = path.resolve(__dirname, "..", "data", "test", run);
  mkdirSync(dir, { recursive: true });
  migrate(`file:${path.join(dir, "template.db")}`);
  project.provide("testDatabase", { provider: "sqlite", dir });
  return () => rmSync(dir, { recursive: true, force: true });
}
