import "server-only";
import { db, Prisma } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";
import type { AnnotationRow } from "./annotation-dto";

/**
 * The annotations with these ids, in exactly the shape `findMany({ select: ANNOTATION_SELECT })`
 * gives (server/annotations/annotation-dto.ts), read by three raw statements instead.
 *
 * Why: Prisma 6's client engine compiles a query's plan in WebAssembly on every call, and
 * ANNOTATION_SELECT's nine relations make that plan costly (~5 ms of CPU on a quiet machine, far
 * more under load) and send a round trip per relation. The live hub loads the rows of every change
 * before it can tell anyone (server/live/hub.ts), on every instance: at lecture scale this was the
 * largest part of the time from commit to arrival. Three statements whatever the relations: the row
 * with its to-one relations and counts, its tags, its replies' authors.
 *
 * `tests` hold it equal to Prisma's own answer for rows with every relation filled and empty, on
 * SQLite and PostgreSQL (load-annotation-rows.test.ts): a field added to ANNOTATION_SELECT fails
 * the type below and that test until it is added here.
 */
export async function loadAnnotationRows(ids: readonly string[]): Promise<AnnotationRow[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const [rows, tags, replies] = await Promise.all([
    inChunks(unique, (chunk) => db.$queryRaw<FlatRow[]>`${ROW_SELECT} WHERE a."id" IN (${Prisma.join(chunk)})`),
    inChunks(
      unique,
      (chunk) => db.$queryRaw<{ annotationId: string; name: string }[]>`
        SELECT t."annotationId", t."name" FROM "AnnotationTag" t
        WHERE t."annotationId" IN (${Prisma.join(chunk)})
        ORDER BY t."name" ASC`,
    ),
    inChunks(
      unique,
      (chunk) => db.$queryRaw<ReplyRow[]>`
        SELECT r."parentId", r."authorId", r."isFeedback", r."hiddenAt", f."authorId" AS "feedbackOnAuthorId"
        FROM "Annotation" r LEFT JOIN "Annotation" f ON f."id" = r."feedbackOnId"
        WHERE r."parentId" IN (${Prisma.join(chunk)}) AND r."deletedAt" IS NULL
        ORDER BY r."id" ASC`,
    ),
  ]);
  const tagsOf = groupBy(tags, (tag) => tag.annotationId);
  const repliesOf = groupBy(replies, (reply) => reply.parentId);
  return rows.map((row) => toRow(row, tagsOf.get(row.id) ?? [], repliesOf.get(row.id) ?? []));
}

/**
 * The same, in the order of `ids` (ids with no row, deleted meanwhile, are left out): for lists read
 * in an order first, as exports do, a chunk at a time. Exporting 13,000 annotations this way instead
 * of by `findMany({ select: ANNOTATION_SELECT })` took an export's SQLite time from ~2.3 s to ~1.5 s
 * and Prisma's (client and query compiler) from ~2.4 s to ~1.9 s on this machine (CPU profiles).
 */
export async function loadAnnotationRowsInOrder(ids: readonly string[]): Promise<AnnotationRow[]> {
  const byId = new Map((await loadAnnotationRows(ids)).map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One row of ROW_SELECT: the annotation's columns, then its to-one relations flattened. */
type FlatRow = {
  id: string;
  documentId: string;
  versionId: string;
  parentId: string | null;
  authorId: string;
  visibility: string;
  groupId: string | null;
  exact: string | null;
  prefix: string | null;
  suffix: string | null;
  start: number | bigint | null;
  end: number | bigint | null;
  body: string;
  color: string | null;
  resolvedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
  anchorStatus: string;
  anchorScore: number;
  quoteWas: string | null;
  createdAt: Date;
  updatedAt: Date;
  isFeedback: boolean | number | bigint;
  authorName: string;
  documentSlug: string;
  groupName: string | null;
  groupScoreRelease: string | null;
  scorePoints: number | bigint | null;
  scoreReleasedAt: Date | null;
  feedbackOnId: string | null;
  feedbackOnAuthorId: string | null;
  feedbackOnParentId: string | null;
  feedbackOnAuthorName: string | null;
  parentAuthorId: string | null;
  parentVisibility: string | null;
  parentGroupId: string | null;
  parentDeletedAt: Date | null;
  parentHiddenAt: Date | null;
  helpfulCount: number | bigint;
};

/** Who wrote one undeleted reply, whether it is feedback (and on whose writing), whether it was hidden. */
type ReplyRow = {
  parentId: string;
  authorId: string;
  isFeedback: boolean | number | bigint;
  hiddenAt: Date | null;
  feedbackOnAuthorId: string | null;
};

// Counts come back as bigint on PostgreSQL and number on SQLite; booleans as 0/1 on SQLite.
const ROW_SELECT = Prisma.sql`
  SELECT a."id", a."documentId", a."versionId", a."parentId", a."authorId", a."visibility", a."groupId",
    a."exact", a."prefix", a."suffix", a."start", a."end", a."body", a."color", a."resolvedAt",
    a."deletedAt", a."hiddenAt", a."anchorStatus", a."anchorScore", a."quoteWas", a."createdAt", a."updatedAt",
    a."isFeedback",
    u."name" AS "authorName",
    d."slug" AS "documentSlug",
    g."name" AS "groupName", g."scoreRelease" AS "groupScoreRelease",
    s."points" AS "scorePoints", s."releasedAt" AS "scoreReleasedAt",
    f."id" AS "feedbackOnId", f."authorId" AS "feedbackOnAuthorId", f."parentId" AS "feedbackOnParentId",
    fu."name" AS "feedbackOnAuthorName",
    p."authorId" AS "parentAuthorId", p."visibility" AS "parentVisibility", p."groupId" AS "parentGroupId",
    p."deletedAt" AS "parentDeletedAt", p."hiddenAt" AS "parentHiddenAt",
    (SELECT COUNT(*) FROM "Helpful" h WHERE h."annotationId" = a."id") AS "helpfulCount"
  FROM "Annotation" a
    JOIN "User" u ON u."id" = a."authorId"
    JOIN "Document" d ON d."id" = a."documentId"
    LEFT JOIN "Group" g ON g."id" = a."groupId"
    LEFT JOIN "Score" s ON s."annotationId" = a."id"
    LEFT JOIN "Annotation" f ON f."id" = a."feedbackOnId"
    LEFT JOIN "User" fu ON fu."id" = f."authorId"
    LEFT JOIN "Annotation" p ON p."id" = a."parentId"`;

function toRow(row: FlatRow, tags: { name: string }[], replies: ReplyRow[]): AnnotationRow {
  return {
    id: row.id,
    documentId: row.documentId,
    versionId: row.versionId,
    parentId: row.parentId,
    authorId: row.authorId,
    visibility: row.visibility,
    groupId: row.groupId,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    start: row.start === null ? null : Number(row.start),
    end: row.end === null ? null : Number(row.end),
    body: row.body,
    color: row.color,
    resolvedAt: row.resolvedAt,
    deletedAt: row.deletedAt,
    hiddenAt: row.hiddenAt,
    anchorStatus: row.anchorStatus,
    anchorScore: Number(row.anchorScore),
    quoteWas: row.quoteWas,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    isFeedback: Boolean(Number(row.isFeedback)),
    feedbackOn:
      row.feedbackOnId === null
        ? null
        : {
            id: row.feedbackOnId,
            authorId: row.feedbackOnAuthorId!,
            parentId: row.feedbackOnParentId,
            author: { name: row.feedbackOnAuthorName! },
          },
    parent:
      row.parentId === null || row.parentAuthorId === null
        ? null
        : {
            authorId: row.parentAuthorId,
            visibility: row.parentVisibility!,
            groupId: row.parentGroupId,
            deletedAt: row.parentDeletedAt,
            hiddenAt: row.parentHiddenAt,
          },
    group: row.groupName === null ? null : { name: row.groupName, scoreRelease: row.groupScoreRelease! },
    score: row.scorePoints === null ? null : { points: Number(row.scorePoints), releasedAt: row.scoreReleasedAt },
    author: { id: row.authorId, name: row.authorName },
    document: { slug: row.documentSlug },
    tags: tags.map((tag) => ({ name: tag.name })),
    _count: { helpfuls: Number(row.helpfulCount) },
    replies: replies.map((reply) => ({
      authorId: reply.authorId,
      isFeedback: Boolean(Number(reply.isFeedback)),
      hiddenAt: reply.hiddenAt,
      feedbackOn: reply.feedbackOnAuthorId === null ? null : { authorId: reply.feedbackOnAuthorId },
    })),
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
