import path from "node:path";

/**
 * Where the database lives. One function so the app, the Prisma CLI (prisma.config.ts),
 * the setup script and the tests agree.
 *
 * Default: an embedded SQLite file under the git-ignored `data/` folder.
 */
export const DEFAULT_DATABASE_URL = "file:./data/marginalia.db";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

/** Absolute file path of a `file:` SQLite URL, resolved against the project root (cwd). */
export function sqliteFilePath(url: string, cwd: string = process.cwd()): string {
  if (!url.startsWith("file:")) {
    throw new Error(`Expected a SQLite "file:" DATABASE_URL, got "${url}"`);
  }
  const withoutScheme = url.slice("file:".length).split("?")[0];
  return path.resolve(cwd, withoutScheme);
}
