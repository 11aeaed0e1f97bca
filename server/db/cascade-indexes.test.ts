import { describe, expect, it } from "vitest";
import { databaseProvider } from "@/prisma/database-url";
import { db } from "@/server/db/client";

/**
 * Rows deleted by the thousand (a reading's notes and versions, a group's, an account's) cascade
 * through every foreign key that points at them, and the database finds the rows that point at each
 * one deleted by that key. Without an index on it, that is a scan of the whole table per row:
 * deleting a reading of 1,500 notes among 30,000 held SQLite's write lock ~20 s (every writer
 * waiting), through `Annotation.feedbackOnId`; with the index, 22 ms. So every foreign key pointing
 * at a table deleted in bulk leads some index (or the primary key) of its own table.
 */
const DELETED_IN_BULK = ["Annotation", "DocumentVersion", "Document"];

type ForeignKey = { table: string; column: string; parent: string };

async function foreignKeysWithoutIndex(): Promise<ForeignKey[]> {
  if (databaseProvider(process.env.DATABASE_URL!) === "postgresql") {
    return db.$queryRaw<ForeignKey[]>`
      SELECT child.relname::text AS "table", attribute.attname::text AS "column", parent.relname::text AS "parent"
      FROM pg_constraint AS fk
      JOIN pg_class AS child ON child.oid = fk.conrelid
      JOIN pg_class AS parent ON parent.oid = fk.confrelid
      JOIN pg_attribute AS attribute ON attribute.attrelid = fk.conrelid AND attribute.attnum = fk.conkey[1]
      WHERE fk.contype = 'f'
        AND NOT EXISTS (SELECT 1 FROM pg_index AS ix WHERE ix.indrelid = fk.conrelid AND ix.indkey[0] = fk.conkey[1])`;
  }
  const missing: ForeignKey[] = [];
  const tables = await db.$queryRaw<{ name: string }[]>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`;
  for (const { name: table } of tables) {
    const keys = await db.$queryRawUnsafe<{ from: string; table: string }[]>(`PRAGMA foreign_key_list("${table}")`);
    const indexes = await db.$queryRawUnsafe<{ name: string }[]>(`PRAGMA index_list("${table}")`);
    const leading = new Set<string>();
    for (const { name } of indexes) {
      const [first] = await db.$queryRawUnsafe<{ name: string }[]>(`PRAGMA index_info("${name}")`);
      if (first) leading.add(first.name);
    }
    for (const key of keys) if (!leading.has(key.from)) missing.push({ table, column: key.from, parent: key.table });
  }
  return missing;
}

describe("foreign keys that bulk deletes cascade through", () => {
  it("each leads an index of its table, on this database", async () => {
    const missing = (await foreignKeysWithoutIndex()).filter((key) => DELETED_IN_BULK.includes(key.parent));
    expect(missing).toEqual([]);
  });
});
