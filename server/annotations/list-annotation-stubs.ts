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
  // Three statements, none with a list of ids: the rows' own columns under the reading rule, and
  // their authors and tags by the document. Selecting the author and tags as relations made
  // Prisma's engine join 10,000 rows to them in JavaScript: measured, twice the time of this.
  const [rows, authors, tags] = await Promise.all([
    db.annotation.findMany({
      where: {
        AND: [
          readableAnnotationsWhere(access),
          { documentId: document.id, parentId: null, start: { not: null }, end: { not: null } },
          { NOT: { anchorStatus: "orphaned" } },
          ...queryFilters(viewer.id, filters),
        ],
      },
      select: { id: true, start: true, end: true, color: true, visibility: true, groupId: true, deletedAt: true, authorId: true },
      orderBy: [{ start: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    }),
    db.user.findMany({ where: { annotations: { some: { documentId: document.id, parentId: null } } }, select: { id: true, name: true } }),
    db.annotationTag.findMany({
      where: { annotation: { documentId: document.id, parentId: null } },
      select: { annotationId: true, name: true },
      orderBy: { name: "asc" },
    }),
  ]);
  const authorOf = new Map(authors.map((author) => [author.id, author]));
  const tagsOf = new Map<string, string[]>();
  for (const tag of tags) {
    const names = tagsOf.get(tag.annotationId);
    if (names) names.push(tag.name);
    else tagsOf.set(tag.annotationId, [tag.name]);
  }
  return encodeStubs(
    rows.map((row) => ({
      id: row.id,
      start: row.start!,
      end: row.end!,
      color: isHighlightColor(row.color) ? row.color : null,
      author: authorOf.get(row.authorId)!,
      visibility: row.visibility as Visibility,
      groupId: row.groupId,
      tags: tagsOf.get(row.id) ?? [],
      isDeleted: row.deletedAt !== null,
    })),
  );
}

/**
 * Whether the viewer may read more than `limit` top-level annotations on the document: the reading
 * page sends them inline up to a limit. Stops at the one past the limit rather than counting them
 * all (a count of 10,000 under the reading rule cost the page 30–90 ms on every load).
 */
export async function hasMoreReadableAnnotationsThan(viewer: Viewer, slug: string, limit: number): Promise<boolean> {
  const { access, document } = await loadDocumentFor(viewer, slug, "annotate");
  const past = await db.annotation.findFirst({
    where: { AND: [readableAnnotationsWhere(access), { documentId: document.id, parentId: null }] },
    select: { id: true },
    orderBy: { id: "asc" },
    skip: limit,
  });
  return past !== null;
}
