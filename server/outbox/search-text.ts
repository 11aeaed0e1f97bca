import "server-only";
import { storedSearchText } from "@/lib/text/stored-search-text";
import { inChunks } from "@/server/db/in-chunks";
import type { Tx } from "./record-annotation-event";

/**
 * Writes Annotation.searchText — the quote, body and tags folded as a search compares them — for
 * these annotations, where it is not that already. Called inside the transaction that changed them:
 * by mutateAnnotations (./mutate-annotations.ts) for every annotation a change recorded an event for (creates, edits, tags,
 * deletes, restores, imports), and by re-anchoring, which rewords quotes without events. Written
 * with SQL, not the client's update, so updatedAt (what an offline edit is checked against) stays.
 * Rows gone by then (a note deleted outright) are simply not found.
 */
export async function refreshSearchText(tx: Tx, annotationIds: readonly string[]): Promise<void> {
  const rows = await inChunks([...new Set(annotationIds)], (chunk) =>
    tx.annotation.findMany({
      where: { id: { in: chunk } },
      select: { id: true, exact: true, body: true, searchText: true, tags: { select: { name: true } } },
    }),
  );
  for (const row of rows) {
    const text = storedSearchText(
      row.exact,
      row.body,
      row.tags.map((tag) => tag.name),
    );
    if (text !== row.searchText) await tx.$executeRaw`UPDATE "Annotation" SET "searchText" = ${text} WHERE "id" = ${row.id}`;
  }
}
