import "server-only";
import type { TListAnnotationsQuery } from "@/lib/annotations/schemas";
import type { AnnotationPage } from "@/lib/annotations/types";
import { assertCanAnnotate, can, readableAnnotationsWhere, type Viewer } from "@/server/authz/annotations";
import { loadDocumentFor } from "@/server/authz/documents";
import { db, Prisma } from "@/server/db/client";
import { searchTextPattern } from "@/lib/text/stored-search-text";
import { inChunks } from "@/server/db/in-chunks";
import { ANCHOR_PLACE_COLUMNS, anchorStatusOf, ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";
import { loadAnnotationRowsInOrder } from "./load-annotation-rows";
import { afterPosition, compareListPositions, decodeListCursor, encodeListCursor, LIST_ORDER, type ListPosition } from "./list-cursor";
import { AppError } from "@/lib/errors";
import type { ViewerAccess } from "@/server/authz/viewer-access";
import { tagKey } from "@/lib/annotations/tag-key";

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

  // The page's ids by the reading rule and the filters, then its rows by the raw loader, judged again
  // by `can` as they come (a row made unreadable in between is left out), with the viewer's own
  // helpful marks among them. Prisma selecting ANNOTATION_SELECT's nine relations compiled them anew
  // for every page: a window of 100 cards on a large reading cost the server ~3× as much.
  if (query.cursor) filters.push(afterPosition(decodeListCursor(query.cursor)));
  const places = await db.annotation.findMany({
    where: { AND: filters },
    select: { id: true, start: true, createdAt: true },
    orderBy: LIST_ORDER,
    take: query.limit + 1,
  });
  const hasMore = places.length > query.limit;
  const pageIds = places.slice(0, query.limit).map((place) => place.id);
  const [rows, helpful] = await Promise.all([loadAnnotationRowsInOrder(pageIds), helpfulTo(viewer.id, pageIds)]);
  const items = rows
    .filter((row) => can(access, "read", row))
    .map((row) => ({ ...toAnnotationDto(row, access), isHelpfulToMe: helpful.has(row.id) }));
  return { items, nextCursor: hasMore ? encodeListCursor(places[query.limit - 1]) : null };
}

/** Which of these annotations the viewer marked helpful: one page's ids (bounded by the page's limit), in chunks. */
async function helpfulTo(userId: string, annotationIds: readonly string[]): Promise<Set<string>> {
  const marks = await inChunks(
    annotationIds,
    (chunk) =>
      db.$queryRaw<{ annotationId: string }[]>`
        SELECT h."annotationId" FROM "Helpful" h WHERE h."userId" = ${userId} AND h."annotationId" IN (${Prisma.join(chunk)})`,
  );
  return new Set(marks.map((mark) => mark.annotationId));
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
  // Tags compare without case (lib/annotations/tag-key.ts), as the page's own filter and counts do.
  if (query.tag) filters.push({ tags: { some: { key: tagKey(query.tag) } } });
  if (query.q) {
    // Without case, accents or Unicode form, as the page's search, on both databases: against the
    // note's words folded and stored beside it (Annotation.searchText, server/outbox/search-text.ts).
    filters.push({ searchText: { contains: searchTextPattern(query.q) } });
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
        select: { ...ANCHOR_PLACE_COLUMNS, version: { select: { number: true } } },
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
  const placeOf = (item: (typeof items)[number]): ListPosition => ({
    start: item.target?.selector[1].start ?? null,
    createdAt: new Date(item.createdAt),
    id: item.id,
  });
  items.sort((a, b) => compareListPositions(placeOf(a), placeOf(b)));
  const after = query.cursor ? decodeListCursor(query.cursor) : null;
  const from = after ? items.findIndex((item) => compareListPositions(placeOf(item), after) > 0) : 0;
  const rest = from === -1 ? [] : items.slice(from);
  const page = rest.slice(0, query.limit);
  return { items: page, nextCursor: rest.length > query.limit ? encodeListCursor(placeOf(page[page.length - 1])) : null };
}
