import "server-only";
import type { TListAnnotationsQuery } from "@/lib/annotations/schemas";
import type { AnnotationPage } from "@/lib/annotations/types";
import { assertCanAnnotate, readableAnnotationsWhere, type Viewer } from "@/server/authz/annotations";
import { loadDocumentFor } from "@/server/authz/documents";
import { containsIgnoringCase, db, type Prisma } from "@/server/db/client";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";

/**
 * The top-level annotations on a document that the viewer may read, in document order, with the
 * sidebar's filters. Cursor pagination: pass the previous page's `nextCursor`.
 */
export async function listAnnotations(viewer: Viewer, slug: string, query: TListAnnotationsQuery): Promise<AnnotationPage> {
  assertCanAnnotate(viewer);
  const { access, document } = await loadDocumentFor(viewer, slug, "annotate");
  const filters: Prisma.AnnotationWhereInput[] = [readableAnnotationsWhere(access), { documentId: document.id, parentId: null }];
  if (query.author) filters.push({ authorId: query.author === "me" ? viewer.id : query.author });
  if (query.color) filters.push({ color: query.color });
  if (query.tag) filters.push({ tags: { some: { name: query.tag } } });
  if (query.q) {
    filters.push({
      OR: [
        { exact: containsIgnoringCase(query.q) },
        { body: containsIgnoringCase(query.q) },
        { tags: { some: { name: containsIgnoringCase(query.q) } } },
      ],
    });
  }

  const rows = await db.annotation.findMany({
    where: { AND: filters },
    // The viewer's own helpful mark rides along as a relation (at most one row per annotation),
    // rather than a second query listing every id on the page: 5,000 ids are 5,000 bind parameters.
    select: { ...ANNOTATION_SELECT, helpfuls: { where: { userId: viewer.id }, select: { userId: true } } },
    orderBy: [{ start: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
    ...(query.cursor && { cursor: { id: query.cursor }, skip: 1 }),
  });
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const items = page.map(({ helpfuls, ...row }) => ({ ...toAnnotationDto(row, access), isHelpfulToMe: helpfuls.length > 0 }));
  return { items, nextCursor: hasMore ? items[items.length - 1].id : null };
}
