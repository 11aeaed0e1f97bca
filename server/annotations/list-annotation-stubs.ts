import "server-only";
import { encodeStubs, type EncodedStubs } from "@/lib/annotations/annotation-stubs";
import { isHighlightColor } from "@/lib/annotations/colors";
import type { TListAnnotationsQuery } from "@/lib/annotations/schemas";
import type { Visibility } from "@/lib/annotations/schemas";
import { assertCanAnnotate, readableAnnotationsWhere, type Viewer } from "@/server/authz/annotations";
import { loadDocumentFor } from "@/server/authz/documents";
import { db } from "@/server/db/client";
import { queryFilters } from "./list-annotations";

export type StubFilters = Omit<TListAnnotationsQuery, "cursor" | "limit" | "version" | "ids" | "status">;

/**
 * Every top-level annotation on the latest version that the viewer may read and that has a place
 * there (orphans are listed in full apart), in the list's document order, as stubs: what painting
 * and the sidebar's order and filters need, no words (lib/annotations/annotation-stubs.ts). The
 * same reading rule and filters as listAnnotations, so the ids here are exactly those its pages hold.
 */
export async function listAnnotationStubs(viewer: Viewer, slug: string, filters: StubFilters = {}): Promise<EncodedStubs> {
  assertCanAnnotate(viewer);
  const { access, document } = await loadDocumentFor(viewer, slug, "annotate");
  const rows = await db.annotation.findMany({
    where: {
      AND: [
        readableAnnotationsWhere(access),
        { documentId: document.id, parentId: null, start: { not: null }, end: { not: null } },
        { NOT: { anchorStatus: "orphaned" } },
        ...queryFilters(viewer.id, filters),
      ],
    },
    select: {
      id: true,
      start: true,
      end: true,
      color: true,
      visibility: true,
      groupId: true,
      deletedAt: true,
      author: { select: { id: true, name: true } },
      tags: { select: { name: true }, orderBy: { name: "asc" } },
    },
    orderBy: [{ start: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  return encodeStubs(
    rows.map((row) => ({
      id: row.id,
      start: row.start!,
      end: row.end!,
      color: isHighlightColor(row.color) ? row.color : null,
      author: row.author,
      visibility: row.visibility as Visibility,
      groupId: row.groupId,
      tags: row.tags.map((tag) => tag.name),
      isDeleted: row.deletedAt !== null,
    })),
  );
}

/** How many top-level annotations on the document the viewer may read: the reading page sends them inline up to a limit. */
export async function countReadableAnnotations(viewer: Viewer, slug: string): Promise<number> {
  const { access, document } = await loadDocumentFor(viewer, slug, "annotate");
  return db.annotation.count({ where: { AND: [readableAnnotationsWhere(access), { documentId: document.id, parentId: null }] } });
}
