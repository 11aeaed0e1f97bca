import "server-only";
import { storedSearchText } from "@/lib/text/stored-search-text";
import { Prisma, provider } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";
import { updateRowsById } from "@/server/db/bulk-rows";
import type { Tx } from "./record-annotation-event";

/**
 * Writes Annotation.searchText — the quote, body and tags folded as a search compares them — for
 * these annotations, where it is not that already. Called inside the transaction that changed them:
 * by mutateAnnotations (./mutate-annotations.ts) for every annotation a change recorded an event for (creates, edits, tags,
 * deletes, restores, imports), and by re-anchoring, which rewords quotes without events. Written
 * with SQL (../db/bulk-rows.ts), not the client's update, so updatedAt (what an offline edit is checked against) stays.
 * Rows gone by then (a note deleted outright) are simply not found.
 */
export async function refreshSearchText(tx: Tx, annotationIds: readonly string[]): Promise<void> {
  // One read, tags and all: every change pays it inside its write transaction. Tags are one line
  // each (lib/annotations/schemas.ts), so a line break joins and splits them.
  const tagsOf = provider === "postgresql" ? Prisma.sql`string_agg(t."name", chr(10))` : Prisma.sql`group_concat(t."name", char(10))`;
  const rows = await inChunks(
    [...new Set(annotationIds)],
    (chunk) => tx.$queryRaw<{ id: string; exact: string | null; body: string; searchText: string | null; tags: string | null }[]>`
      SELECT a."id", a."exact", a."body", a."searchText", (SELECT ${tagsOf} FROM "AnnotationTag" t WHERE t."annotationId" = a."id") AS "tags"
      FROM "Annotation" a WHERE a."id" IN (${Prisma.join(chunk)})`,
  );
  const changed = rows.flatMap((row) => {
    const searchText = storedSearchText(row.exact, row.body, row.tags === null ? [] : row.tags.split("\n"));
    // A create writes it with the row (create-annotation.ts, create-reply.ts, the import): nothing to do then.
    return searchText === row.searchText ? [] : [{ id: row.id, searchText }];
  });
  await updateRowsById(tx, "Annotation", ["searchText"], changed);
}
