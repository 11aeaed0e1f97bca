import "server-only";
import type { LibraryFilter, LibrarySort } from "@/lib/documents/reading-visibility";
import { isReadingVisibility, type ReadingVisibility } from "@/lib/documents/reading-visibility";
import { readableAnnotationsWhere } from "@/server/authz/annotations";
import { libraryWhere } from "@/server/authz/documents";
import { loadViewerAccessByDocument, type Viewer, type ViewerAccess } from "@/server/authz/viewer-access";
import { db } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";
import { searchReadingIds, searchWords } from "./search-readings";

export type DocumentSummary = {
  slug: string;
  title: string;
  author: string | null;
  readingMinutes: number;
  visibility: ReadingVisibility;
  group: { id: string; name: string } | null;
  isMine: boolean;
  /** When it was added (ISO 8601): tells apart readings of the same title (lib/documents/reading-labels.ts). */
  createdAt: string;
  /**
   * The annotations on it the viewer may read, as its page counts them: threads, not their replies,
   * and not deleted ones; those that need a new place on its latest version included (the page
   * lists them apart, under "Needs a new place"). 0 for anonymous readers.
   */
  annotationCount: number;
};

export type LibraryQuery = {
  /** Words that must each begin a word of the title, the author(s) or the latest text (any case; full-text index). */
  search?: string;
  /** Only the readings shared with this group (nothing when the viewer may not read its readings). */
  groupId?: string;
  sort?: LibrarySort;
};

/**
 * The library: the readings the viewer may read (theirs, their groups', public ones), newest first,
 * by title or (searching) best match first, narrowed by `filter`, a group and a search, each with
 * the number of annotations on it the viewer may read.
 */
export async function listDocuments(viewer: Viewer, filter: LibraryFilter = "all", query: LibraryQuery = {}): Promise<DocumentSummary[]> {
  const words = searchWords(query.search);
  // Matches come from the full-text index; which of them the viewer may read, the query below decides.
  const matches = words.length > 0 ? await searchReadingIds(words) : null;
  const where = (ids: string[] | null) => ({
    AND: [
      libraryWhere(viewer, filter),
      query.groupId ? { visibility: "group", groupId: query.groupId } : {},
      ids ? { id: { in: ids } } : {},
    ],
  });
  const select = {
    id: true,
    slug: true,
    title: true,
    author: true,
    readingMinutes: true,
    visibility: true,
    ownerId: true,
    createdAt: true,
    group: { select: { id: true, name: true } },
  } as const;
  const orderBy =
    query.sort === "title"
      ? [{ title: "asc" as const }, { createdAt: "desc" as const }]
      : [{ createdAt: "desc" as const }, { title: "asc" as const }];
  // A search can match any number of readings: their ids go in bounded chunks (server/db/in-chunks.ts),
  // so the merged rows are put back in order here.
  const found = matches
    ? (await inChunks(matches, (ids) => db.document.findMany({ where: where(ids), select }))).sort((a, b) =>
        query.sort === "title"
          ? a.title.localeCompare(b.title) || b.createdAt.getTime() - a.createdAt.getTime()
          : b.createdAt.getTime() - a.createdAt.getTime() || a.title.localeCompare(b.title),
      )
    : await db.document.findMany({ where: where(null), select, orderBy });
  // Best match first, unless another order was asked for ("relevance" is the default of a search).
  const rank = new Map(matches?.map((id, index) => [id, index]));
  const rows = matches && (query.sort ?? "relevance") === "relevance" ? found.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!) : found;
  const counts = await countReadableAnnotations(
    viewer,
    rows.map((row) => row.id),
  );
  return rows.map((row, index) => ({
    slug: row.slug,
    title: row.title,
    author: row.author,
    readingMinutes: row.readingMinutes,
    visibility: isReadingVisibility(row.visibility) ? row.visibility : "private",
    group: row.group,
    isMine: viewer !== null && row.ownerId === viewer.id,
    createdAt: row.createdAt.toISOString(),
    annotationCount: counts[index],
  }));
}

/**
 * The number of annotations on each document that the viewer may read, as each reading's page
 * shows it: top-level and not deleted (a reply is part of its thread, not an annotation of its own). "Hide until you post" is judged per document, so documents are put in classes by which
 * of the viewer's groups still hide there (a few classes, however many documents), and each class
 * is one grouped count. Anyone in no group that hides has one class: one grouped count answers all.
 * (Asking document by document cost two queries each: a gated member's library of 1,200 readings
 * took 18 s.)
 */
async function countReadableAnnotations(viewer: Viewer, documentIds: string[]): Promise<number[]> {
  if (!viewer || documentIds.length === 0) return documentIds.map(() => 0);
  const accessOf = await loadViewerAccessByDocument(viewer, documentIds);
  const classes = new Map<string, { access: ViewerAccess; documentIds: string[] }>();
  for (const documentId of documentIds) {
    const access = accessOf.get(documentId)!;
    const key = [...access.hiddenGroups.keys()].sort().join(" ");
    if (!classes.has(key)) classes.set(key, { access, documentIds: [] });
    classes.get(key)!.documentIds.push(documentId);
  }
  const countOf = new Map<string, number>();
  for (const { access, documentIds: ids } of classes.values()) {
    const grouped = await inChunks(ids, (chunk) =>
      db.annotation.groupBy({
        by: ["documentId"],
        where: { AND: [readableAnnotationsWhere(access), { documentId: { in: chunk }, parentId: null, deletedAt: null }] },
        _count: { _all: true },
      }),
    );
    for (const row of grouped) countOf.set(row.documentId, row._count._all);
  }
  return documentIds.map((id) => countOf.get(id) ?? 0);
}
