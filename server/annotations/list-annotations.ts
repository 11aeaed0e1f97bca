import "server-only";
import type { TListAnnotationsQuery } from "@/lib/annotations/schemas";
import type { AnnotationPage } from "@/lib/annotations/types";
import { assertCanAnnotate, readableAnnotationsWhere, type Viewer } from "@/server/authz/annotations";
import { loadDocumentFor } from "@/server/authz/documents";
import { containsIgnoringCase, db, type Prisma } from "@/server/db/client";
import { anchorStatusOf, ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";
import { AppError } from "@/lib/errors";
import type { ViewerAccess } from "@/server/authz/viewer-access";

/**
 * The top-level annotations on a document that the viewer may read, in document order, with the
 * sidebar's filters. Cursor pagination: pass the previous page's `nextCursor`.
 */
export async function listAnnotations(viewer: Viewer, slug: string, query: TListAnnotationsQuery): Promise<AnnotationPage> {
  assertCanAnnotate(viewer);
  const { access, document } = await loadDocumentFor(viewer, slug, "annotate", {
    versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true } },
  });
  const filters: Prisma.AnnotationWhereInput[] = [readableAnnotationsWhere(access), { documentId: document.id, parentId: null }];
  const latest = document.versions[0];
  if (query.version !== undefined && query.version !== latest?.number) {
    return listOnOlderVersion(viewer.id, access, document.id, query, filters);
  }
  filters.push(...queryFilters(viewer.id, query));

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

/** The list's filters on the latest version, past what the viewer may read (the caller's first filter). */
export function queryFilters(
  viewerId: string,
  query: Omit<TListAnnotationsQuery, "cursor" | "limit" | "version">,
): Prisma.AnnotationWhereInput[] {
  const filters: Prisma.AnnotationWhereInput[] = [];
  // A window of the reading page's sidebar: bounded by the query's schema (at most 100 ids).
  if (query.ids) filters.push({ id: { in: query.ids.split(",") } });
  if (query.status) filters.push({ anchorStatus: query.status });
  if (query.author) filters.push({ authorId: query.author === "me" ? viewerId : query.author });
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
  return filters;
}

/**
 * The annotations as they stood on an older version: those with an anchoring record there, their
 * selectors from that record (an orphan there keeps those of the last version it had a place on).
 * In document order of that version; the list of one version is small enough to order in memory.
 */
async function listOnOlderVersion(
  viewerId: string,
  access: ViewerAccess | null,
  documentId: string,
  query: TListAnnotationsQuery,
  filters: Prisma.AnnotationWhereInput[],
): Promise<AnnotationPage> {
  const version = await db.documentVersion.findUnique({
    where: { documentId_number: { documentId, number: query.version! } },
    select: { id: true, number: true },
  });
  if (!version) throw new AppError("NOT_FOUND", `This reading has no version ${query.version}.`);
  filters.push({ anchors: { some: { versionId: version.id, ...(query.status && { status: query.status }) } } });
  const rows = await db.annotation.findMany({
    where: { AND: filters },
    select: {
      ...ANNOTATION_SELECT,
      helpfuls: { where: { userId: viewerId }, select: { userId: true } },
      anchors: {
        where: { version: { number: { lte: version.number } } },
        select: {
          versionId: true,
          status: true,
          score: true,
          exact: true,
          prefix: true,
          suffix: true,
          start: true,
          end: true,
          version: { select: { number: true } },
        },
        orderBy: { version: { number: "desc" } },
      },
    },
  });
  const items = rows.map(({ helpfuls, anchors, ...row }) => {
    const here = anchors[0];
    // Where the selectors come from: this version's record, or for an orphan the last one with a place.
    const placed = here.status === "orphaned" ? anchors.find((anchor) => anchor.status !== "orphaned" && anchor.start !== null) : here;
    const dto = toAnnotationDto(
      placed && placed.start !== null
        ? {
            ...row,
            versionId: placed.versionId,
            exact: placed.exact,
            prefix: placed.prefix,
            suffix: placed.suffix,
            start: placed.start,
            end: placed.end,
          }
        : row,
      access,
    );
    const anchoring = dto.anchoring && {
      status: anchorStatusOf(here.status),
      versionId: placed?.versionId ?? dto.anchoring.versionId,
      score: here.score,
    };
    return { ...dto, anchoring, isHelpfulToMe: helpfuls.length > 0 };
  });
  items.sort((a, b) => (a.target?.selector[1].start ?? 0) - (b.target?.selector[1].start ?? 0) || a.createdAt.localeCompare(b.createdAt));
  const from = query.cursor ? items.findIndex((item) => item.id === query.cursor) + 1 : 0;
  const page = items.slice(from, from + query.limit);
  return { items: page, nextCursor: from + query.limit < items.length ? page[page.length - 1].id : null };
}
