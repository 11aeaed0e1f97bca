// Runs before each test file: points DATABASE_URL at a private copy of this run's migrated
// template (tests/global-setup.ts), before server/db/client.ts is first imported.
import { randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";

const dir = inject("testDatabaseDir");
const file = path.join(dir, `${randomUUID()}.db`);
copyFileSync(path.join(dir, "template.db"), file);
process.env.DATABASE_URL = `file:${file}`;
