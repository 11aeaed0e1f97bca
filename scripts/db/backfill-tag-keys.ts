// Tags written before AnnotationTag.key existed were keyed by the migration with SQL's lower(),
// which folds only ASCII on SQLite (and on PostgreSQL as far as the database's locale goes). The
// key must be exactly tagKey(name) (lib/annotations/tag-key.ts), or a filter by "été" misses a
// note tagged "Été". This keys those names again, in JavaScript: only names holding a character
// beyond ASCII can differ, so only they are read. Idempotent and cheap; `npm start` runs it after
// migrating (scripts/prepare-database.ts).
import Database from "better-sqlite3";
import pg from "pg";
import { tagKey } from "../../lib/annotations/tag-key";
import { databaseProvider, sqliteFilePath } from "../../prisma/database-url";

type TagRow = { annotationId: string; name: string; key: string };

/** Re-keys the tags whose key is not tagKey(name); returns how many it changed. */
export async function backfillTagKeys(url: string): Promise<number> {
  if (databaseProvider(url) === "sqlite") {
    const sqlite = new Database(sqliteFilePath(url));
    try {
      const rows = sqlite
        .prepare(`SELECT "annotationId", "name", "key" FROM "AnnotationTag" WHERE "name" GLOB '*[^ -~]*'`)
        .all() as TagRow[];
      const stale = rows.filter((row) => row.key !== tagKey(row.name));
      const update = sqlite.prepare(`UPDATE "AnnotationTag" SET "key" = ? WHERE "annotationId" = ? AND "name" = ?`);
      sqlite.transaction(() => {
        for (const row of stale) update.run(tagKey(row.name), row.annotationId, row.name);
      })();
      return stale.length;
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<TagRow>(`SELECT "annotationId", "name", "key" FROM "AnnotationTag" WHERE "name" ~ '[^ -~]'`);
    const stale = rows.filter((row) => row.key !== tagKey(row.name));
    if (stale.length === 0) return 0;
    await client.query("BEGIN");
    for (const row of stale)
      await client.query(`UPDATE "AnnotationTag" SET "key" = $1 WHERE "annotationId" = $2 AND "name" = $3`, [
        tagKey(row.name),
        row.annotationId,
        row.name,
      ]);
    await client.query("COMMIT");
    return stale.length;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
