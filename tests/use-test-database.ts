// Runs before each test file: points DATABASE_URL at a private copy of this run's migrated
// template (tests/global-setup.ts), before server/db/client.ts is first imported.
import { randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { withDatabaseName } from "../prisma/database-url";
import { quoteIdentifier, withMaintenanceDatabase } from "../prisma/postgres-admin";

const testDatabase = inject("testDatabase");

if (testDatabase.provider === "sqlite") {
  const file = path.join(testDatabase.dir, `${randomUUID()}.db`);
  copyFileSync(path.join(testDatabase.dir, "template.db"), file);
  process.env.DATABASE_URL = `file:${file}`;
} else {
  const name = `${testDatabase.template}_${randomUUID().slice(0, 8)}`;
  await withMaintenanceDatabase(testDatabase.serverUrl, async (admin) => {
    // Two files cloning the template at the same instant can collide ("source database is being
    // accessed by other users"): wait and try again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(testDatabase.template)}`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== "55006" || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  process.env.DATABASE_URL = withDatabaseName(testDatabase.serverUrl, name);
}
