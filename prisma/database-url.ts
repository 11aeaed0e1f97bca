import path from "node:path";

/**
 * Where the database lives, and which kind it is. One module so the app, the Prisma CLI
 * (prisma.config.ts), the setup scripts and the tests agree.
 *
 * Default: an embedded SQLite file under the git-ignored `data/` folder. A `postgres://` (or
 * `postgresql://`) URL switches the whole app to PostgreSQL.
 */
export const DEFAULT_DATABASE_URL = "file:./data/marginalia.db";

export type DatabaseProvider = "sqlite" | "postgresql";
export const DATABASE_PROVIDERS: readonly DatabaseProvider[] = ["sqlite", "postgresql"];

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export function databaseProvider(url: string = databaseUrl()): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with "file:" (SQLite) or "postgres://" (PostgreSQL), got "${redactPassword(url)}"`);
}

/** Each provider's schema and migrations tree (generated from prisma/models.prisma). */
export function providerSchemaPath(provider: DatabaseProvider): string {
  return `prisma/${provider}/schema.prisma`;
}
export function providerMigrationsPath(provider: DatabaseProvider): string {
  return `prisma/${provider}/migrations`;
}

/** Absolute file path of a `file:` SQLite URL, resolved against the project root (cwd). */
export function sqliteFilePath(url: string, cwd: string = process.cwd()): string {
  if (!url.startsWith("file:")) {
    throw new Error(`Expected a SQLite "file:" DATABASE_URL, got "${redactPassword(url)}"`);
  }
  const withoutScheme = url.slice("file:".length).split("?")[0];
  return path.resolve(cwd, withoutScheme);
}

/** The same PostgreSQL URL pointing at another database on the same server (for tests and resets). */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** The database name a PostgreSQL URL points at. */
export function postgresDatabaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new Error(`The PostgreSQL DATABASE_URL names no database: "${redactPassword(url)}"`);
  return name;
}

/** For error messages and logs: never print a password. */
export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}
