// Annotation.searchText (the quote, body and tags folded as a search compares them) is written by
// the app with every change since it existed; rows written before are null, and SQL cannot fold
// them (neither database removes accents without an extension). This fills them in, in JavaScript,
// a thousand rows at a time. Idempotent and cheap once done: `npm start` runs it after migrating
// (scripts/prepare-database.ts), and a test that writes rows straight to the database runs it too.
import Database from "better-sqlite3";
import pg from "pg";
import { storedSearchText } from "../../lib/text/stored-search-text";
import { databaseProvider, sqliteFilePath } from "../../prisma/database-url";

type Row = { id: string; exact: string | null; body: string; tags: string | null };

const BATCH = 1000;
// Tags are one line each (lib/annotations/schemas.ts), so a line break can join and split them.
const unfilled = (tagsOfRow: string) => `
  SELECT a."id", a."exact", a."body", (${tagsOfRow}) AS "tags"
  FROM "Annotation" a WHERE a."searchText" IS NULL LIMIT ${BATCH}`;

const searchTextOf = (row: Row) => storedSearchText(row.exact, row.body, row.tags === null ? [] : row.tags.split("\n"));

/** Writes searchText for every annotation without one; returns how many it wrote. */
export async function backfillSearchText(url: string): Promise<number> {
  let written = 0;
  if (databaseProvider(url) === "sqlite") {
    const sqlite = new Database(sqliteFilePath(url));
    try {
      const select = sqlite.prepare(
        unfilled(`SELECT group_concat(t."name", char(10)) FROM "AnnotationTag" t WHERE t."annotationId" = a."id"`),
      );
      const update = sqlite.prepare(`UPDATE "Annotation" SET "searchText" = ? WHERE "id" = ?`);
      const fillBatch = sqlite.transaction((rows: Row[]) => rows.forEach((row) => update.run(searchTextOf(row), row.id)));
      for (let rows = select.all() as Row[]; rows.length > 0; rows = select.all() as Row[]) {
        fillBatch(rows);
        written += rows.length;
      }
      return written;
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const select = unfilled(`SELECT string_agg(t."name", chr(10)) FROM "AnnotationTag" t WHERE t."annotationId" = a."id"`);
    for (let { rows } = await client.query<Row>(select); rows.length > 0; { rows } = await client.query<Row>(select)) {
      // One statement per batch: the ids and their texts side by side, as two arrays.
      await client.query(
        `UPDATE "Annotation" a SET "searchText" = filled.text
         FROM unnest($1::text[], $2::text[]) AS filled(id, text) WHERE a."id" = filled.id`,
        [rows.map((row) => row.id), rows.map(searchTextOf)],
      );
      written += rows.length;
    }
    return written;
  } finally {
    await client.end();
  }
}
