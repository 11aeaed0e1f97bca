// The production server (`next build` output, served by scripts/serve.ts) on a fresh database of
// its own, for the fault campaigns (scripts/fault-crash.ts, scripts/fuzz-api.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { databaseProvider, databaseUrl, withDatabaseName } from "@/prisma/database-url";
import { dropDatabase, withMaintenanceDatabase } from "@/prisma/postgres-admin";

const root = process.cwd();

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh database for the run, its URL: SQLite data/<sqliteName>.db, or <postgresName> on DATABASE_URL's PostgreSQL server. */
export async function freshDatabase(sqliteName: string, postgresName: string): Promise<string> {
  const url = databaseUrl();
  if (databaseProvider(url) === "sqlite") {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(path.join(root, `data/${sqliteName}.db${suffix}`), { force: true });
    return `file:./data/${sqliteName}.db`;
  }
  await withMaintenanceDatabase(url, (admin) => dropDatabase(admin, postgresName));
  return withDatabaseName(url, postgresName);
}

export function serverEnv(url: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: url,
    NODE_ENV: "production",
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "fault-campaign-only-secret",
  };
}

/** The production server in a process group of its own, so SIGKILL reaches all of it. */
export async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<{ child: ChildProcess; startedInMs: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let attempt = 0; attempt < 240; attempt += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/auth/csrf`)).ok) return { child, startedInMs: Date.now() - started };
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    await sleep(250);
  }
  throw new Error("the server did not start");
}

export function killServer(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    process.kill(-child.pid!, signal);
  });
}
