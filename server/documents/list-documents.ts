import "server-only";
import type { LibraryFilter } from "@/lib/documents/reading-visibility";
import { isReadingVisibility, type ReadingVisibility } from "@/lib/documents/reading-visibility";
import { readableAnnotationsWhere } from "@/server/authz/annotations";
import { libraryWhere } from "@/server/authz/documents";
import { loadViewerAccess, type Viewer } from "@/server/authz/viewer-access";
import { db } from "@/server/db/client";

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

/**
 * The library: the readings the viewer may read (theirs, their groups', public ones), newest first,
 * narrowed by `filter`, each with the number of annotations on it the viewer may read.
 */
export async function listDocuments(viewer: Viewer, filter: LibraryFilter = "all"): Promise<DocumentSummary[]> {
  const rows = await db.document.findMany({
    where: libraryWhere(viewer, filter),
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
    orderBy: [{ createdAt: "desc" }, { title: "asc" }],
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
