// The end-to-end suite's own database, emptied: prints its URL for scripts/e2e-server.sh.
// SQLite: data/e2e.db, deleted. PostgreSQL (DATABASE_URL=postgres://…): the database
// "marginalia_e2e" on the same server, dropped (prepare-database.ts creates it again).
// With --keep, only prints the URL: a second instance joins the database the first one made.
import { rmSync } from "node:fs";
import { databaseProvider, databaseUrl, withDatabaseName } from "../prisma/database-url";
import { dropDatabase, withMaintenanceDatabase } from "../prisma/postgres-admin";

async function main() {
  const keep = process.argv.includes("--keep");
  const url = databaseUrl();
  if (databaseProvider(url) === "sqlite") {
    if (!keep) for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`data/e2e.db${suffix}`, { force: true });
    console.log("file:./data/e2e.db");
    return;
  }
  // E2E_DATABASE_NAME lets two suites share one server (e.g. two checkouts testing at once).
  const name = process.env.E2E_DATABASE_NAME ?? "marginalia_e2e";
  const e2eUrl = withDatabaseName(url, name);
  if (!keep) {
    await withMaintenanceDatabase(url, (admin) => dropDatabase(admin, name));
  }
  console.log(e2eUrl);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
