import "server-only";
import type { LibraryFilter, LibrarySort } from "@/lib/documents/reading-visibility";
import { isReadingVisibility, type ReadingVisibility } from "@/lib/documents/reading-visibility";
import { readableAnnotationsWhere } from "@/server/authz/annotations";
import { libraryWhere } from "@/server/authz/documents";
import { loadViewerAccess, type Viewer } from "@/server/authz/viewer-access";
import { containsIgnoringCase, db, type Prisma } from "@/server/db/client";

export type DocumentSummary = {
  slug: string;
  title: string;
  author: string | null;
  readingMinutes: number;
  visibility: ReadingVisibility;
  group: { id: string; name: string } | null;
  isMine: boolean;
  /** Annotations (threads and replies) on it that the viewer may read; 0 for anonymous readers. */
  annotationCount: number;
};

export type LibraryQuery = {
  /** Words that must each appear in the title, the author or the text (any case). */
  search?: string;
  /** Only the readings shared with this group (nothing when the viewer may not read its readings). */
  groupId?: string;
  sort?: LibrarySort;
};

/** At most this many words of a search are used: each is one more scan of the texts. */
const MAX_SEARCH_WORDS = 8;

/**
 * The library: the readings the viewer may read (theirs, their groups', public ones), newest first
 * or by title, narrowed by `filter`, a group and a search, each with the number of annotations on it
 * the viewer may read.
 */
export async function listDocuments(viewer: Viewer, filter: LibraryFilter = "all", query: LibraryQuery = {}): Promise<DocumentSummary[]> {
  const rows = await db.document.findMany({
    where: {
      AND: [libraryWhere(viewer, filter), query.groupId ? { visibility: "group", groupId: query.groupId } : {}, searchWhere(query.search)],
    },
    select: {
      id: true,
      slug: true,
      title: true,
      author: true,
      readingMinutes: true,
      visibility: true,
      ownerId: true,
      group: { select: { id: true, name: true } },
    },
    orderBy: query.sort === "title" ? [{ title: "asc" }, { createdAt: "desc" }] : [{ createdAt: "desc" }, { title: "asc" }],
  });
  // Per document: "hide until you post" is judged per document, so the count is the one its page shows.
  const counts = await Promise.all(
    rows.map(async (row) => {
      if (!viewer) return 0;
      const access = await loadViewerAccess(viewer, { documentId: row.id });
      return db.annotation.count({ where: { AND: [readableAnnotationsWhere(access), { documentId: row.id, deletedAt: null }] } });
    }),
  );
  return rows.map((row, index) => ({
    slug: row.slug,
    title: row.title,
    author: row.author,
    readingMinutes: row.readingMinutes,
    visibility: isReadingVisibility(row.visibility) ? row.visibility : "private",
    group: row.group,
    isMine: viewer !== null && row.ownerId === viewer.id,
    annotationCount: counts[index],
  }));
}

/**
 * Each word of the search in the title, the author or a version's text. A scan (LIKE / ILIKE), not
 * a full-text index: the texts of a class's library are small enough, and an index of the
 * providers' own (FTS5, tsvector) needs raw SQL that the schema check (`npm run db:check`) would see
 * as drift.
 */
function searchWhere(search: string | undefined): Prisma.DocumentWhereInput {
  const words = (search ?? "").split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
  return {
    AND: words.map((word) => ({
      OR: [
        { title: containsIgnoringCase(word) },
        { author: containsIgnoringCase(word) },
        { versions: { some: { text: containsIgnoringCase(word) } } },
      ],
    })),
  };
}
