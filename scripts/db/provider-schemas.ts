// One source of truth, one schema and migrations tree per database provider.
//
// prisma/models.prisma holds the models. Prisma needs exactly one provider per schema and per
// migration history, so this script writes prisma/<provider>/schema.prisma for SQLite and
// PostgreSQL and keeps both migration trees in step:
//
//   npm run db:schemas                 regenerate both schema files from prisma/models.prisma
//   npm run db:migration -- <name>     after editing models.prisma: a migration for each provider,
//                                      diffed from the last generated schema, with the same name
//   npm run db:check                   fail if anything disagrees (run by `npm test`):
//                                      generated files match the source, both trees hold the same
//                                      migrations, and replaying each tree yields its schema
//                                      (SQLite always; PostgreSQL when CHECK_POSTGRES_URL is set)
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  DATABASE_PROVIDERS,
  type DatabaseProvider,
  providerMigrationsPath,
  providerSchemaPath,
  sqliteFilePath,
  withDatabaseName,
} from "../../prisma/database-url";
import pg from "pg";
import { dropDatabase, quoteIdentifier, withMaintenanceDatabase } from "../../prisma/postgres-admin";

const root = path.resolve(__dirname, "..", "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
const SOURCE = "prisma/models.prisma";

export function renderSchema(provider: DatabaseProvider, models: string): string {
  return `// GENERATED from prisma/models.prisma by scripts/db/provider-schemas.ts. Do not edit:
// change the source and run \`npm run db:schemas\` (or \`npm run db:migration -- <name>\`).

generator client {
  provider   = "prisma-client"
  output     = "../../server/db/generated/${provider}"
  engineType = "client"
}

datasource db {
  provider = "${provider}"
  // Only the Prisma CLI reads this; the app and migrations connect through driver adapters
  // (server/db/client.ts, prisma.config.ts), both using prisma/database-url.ts.
  url      = env("DATABASE_URL")
}

${models.replace(/^[\s\S]*?(?=\/\/ -{10,})/, "")}`;
}

function readSource(): string {
  return readFileSync(path.join(root, SOURCE), "utf8");
}

function migrationNames(provider: DatabaseProvider): string[] {
  const dir = path.join(root, providerMigrationsPath(provider));
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function prisma(args: string[], env: Record<string, string> = {}): string {
  return execFileSync(prismaBin, args, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function generate(): void {
  const models = readSource();
  for (const provider of DATABASE_PROVIDERS) {
    const file = path.join(root, providerSchemaPath(provider));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, renderSchema(provider, models));
  }
}

function createMigration(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("A migration name is lower_snake_case, e.g. live_events.");
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const directory = `${stamp}_${name}`;
  const scratch = mkdtempSync(path.join(tmpdir(), "marginalia-schema-"));
  try {
    const models = readSource();
    for (const provider of DATABASE_PROVIDERS) {
      const schemaFile = path.join(root, providerSchemaPath(provider));
      const previous = path.join(scratch, `${provider}-previous.prisma`);
      const hasPrevious = existsSync(schemaFile);
      if (hasPrevious) writeFileSync(previous, readFileSync(schemaFile, "utf8"));
      writeFileSync(schemaFile, renderSchema(provider, models));
      const sql = prisma(
        [
          "migrate",
          "diff",
          ...(hasPrevious ? ["--from-schema-datamodel", previous] : ["--from-empty"]),
          "--to-schema-datamodel",
          schemaFile,
          "--script",
          // Diffing two schema files needs no database, but the CLI wants an adapter: a scratch SQLite file.
        ],
        { DATABASE_URL: `file:${path.join(scratch, "diff.db")}` },
      );
      if (!/^\s*(CREATE|ALTER|DROP|PRAGMA|INSERT|UPDATE|DELETE)/m.test(sql)) {
        console.log(`${provider}: no change to migrate`);
        continue;
      }
      const dir = path.join(root, providerMigrationsPath(provider), directory);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "migration.sql"), sql);
      const lock = path.join(root, providerMigrationsPath(provider), "migration_lock.toml");
      if (!existsSync(lock))
        writeFileSync(
          lock,
          `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
        );
      console.log(`${provider}: wrote ${path.relative(root, dir)}/migration.sql`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Applies a provider's migrations to an empty database, then asks `db push` whether that database
 * already matches the provider's schema. (`migrate diff --from-url` and `--from-migrations` are
 * refused when migrations run through a driver adapter, as they must here.)
 */
async function replayDiffers(provider: DatabaseProvider, url: string): Promise<string | null> {
  prisma(["migrate", "deploy"], { DATABASE_URL: url });
  await dropRawObjects(provider, url);
  const output = prisma(["db", "push", "--skip-generate"], { DATABASE_URL: url });
  return output.includes("already in sync") ? null : output;
}

/**
 * What migrations make in raw SQL, outside the models, because Prisma has no words for it (the
 * library's full-text search: an FTS5 table with its shadow tables and triggers on SQLite; a
 * tsvector table with a GIN index, functions and triggers on PostgreSQL). The replay check drops
 * them (each DROP fails if its object is missing, so a migration that forgot one fails the check)
 * before asking Prisma whether the rest is exactly the provider's schema.
 */
const RAW_OBJECTS: Record<DatabaseProvider, string> = {
  sqlite: `
    DROP TRIGGER "DocumentSearch_document_insert";
    DROP TRIGGER "DocumentSearch_document_update";
    DROP TRIGGER "DocumentSearch_document_delete";
    DROP TRIGGER "DocumentSearch_version_insert";
    DROP TRIGGER "DocumentSearch_version_update";
    DROP TABLE "DocumentSearch";`,
  postgresql: `
    DROP TRIGGER "DocumentSearch_document_changed" ON "Document";
    DROP TRIGGER "DocumentSearch_version_added" ON "DocumentVersion";
    DROP FUNCTION "DocumentSearch_document_changed"();
    DROP FUNCTION "DocumentSearch_version_added"();
    DROP FUNCTION "DocumentSearch_refresh"(TEXT);
    DROP FUNCTION "DocumentSearch_words"(TEXT);
    DROP INDEX "DocumentSearch_document_idx";
    DROP TABLE "DocumentSearch";`,
};

async function dropRawObjects(provider: DatabaseProvider, url: string): Promise<void> {
  if (provider === "sqlite") {
    const database = new Database(sqliteFilePath(url));
    try {
      database.exec(RAW_OBJECTS.sqlite);
    } finally {
      database.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(RAW_OBJECTS.postgresql);
  } finally {
    await client.end();
  }
}

async function check(): Promise<void> {
  const problems: string[] = [];
  const models = readSource();
  for (const provider of DATABASE_PROVIDERS) {
    const file = path.join(root, providerSchemaPath(provider));
    if (!existsSync(file) || readFileSync(file, "utf8") !== renderSchema(provider, models)) {
      problems.push(`${providerSchemaPath(provider)} is not what ${SOURCE} generates: run \`npm run db:schemas\`.`);
    }
  }
  const [first, ...others] = DATABASE_PROVIDERS;
  for (const provider of others) {
    if (migrationNames(provider).join() !== migrationNames(first).join()) {
      problems.push(`${providerMigrationsPath(first)} and ${providerMigrationsPath(provider)} hold different migrations.`);
    }
  }

  const scratch = mkdtempSync(path.join(tmpdir(), "marginalia-check-"));
  try {
    const sqliteDiff = await replayDiffers("sqlite", `file:${path.join(scratch, "replay.db")}`);
    if (sqliteDiff) problems.push(`Replaying the SQLite migrations does not give its schema:\n${sqliteDiff}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const postgresUrl = process.env.CHECK_POSTGRES_URL;
  if (postgresUrl) {
    const name = `marginalia_check_${process.pid}_${Date.now()}`;
    await withMaintenanceDatabase(postgresUrl, async (admin) => {
      await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      try {
        const postgresDiff = await replayDiffers("postgresql", withDatabaseName(postgresUrl, name));
        if (postgresDiff) problems.push(`Replaying the PostgreSQL migrations does not give its schema:\n${postgresDiff}`);
      } finally {
        await dropDatabase(admin, name);
      }
    });
  } else {
    console.log("db:check: PostgreSQL replay skipped (set CHECK_POSTGRES_URL to a server to include it)");
  }

  if (problems.length > 0) {
    console.error(problems.map((problem) => `db:check: ${problem}`).join("\n"));
    process.exit(1);
  }
  console.log(
    `db:check: ${DATABASE_PROVIDERS.join(" and ")} schemas match ${SOURCE}; ${migrationNames(first).length} migrations each, replayed to the same schema`,
  );
}

const [command, argument] = process.argv.slice(2);
if (command === "generate") generate();
else if (command === "migration" && argument) createMigration(argument);
else if (command === "check")
  void check().catch((error) => {
    console.error(error);
    process.exit(1);
  });
else {
  console.error("usage: provider-schemas.ts generate | migration <name> | check");
  process.exit(2);
}
