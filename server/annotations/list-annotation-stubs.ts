import "server-only";
import { encodeStubs, type AnnotationStub, type EncodedStubs } from "@/lib/annotations/annotation-stubs";
import { sortTags } from "@/lib/annotations/tag-key";
import { isHighlightColor } from "@/lib/annotations/colors";
import type { TListAnnotationsQuery } from "@/lib/annotations/schemas";
import type { Visibility } from "@/lib/annotations/schemas";
import { assertCanAnnotate, canReadThreadRow, type Viewer } from "@/server/authz/annotations";
import { loadDocumentFor } from "@/server/authz/documents";
import { db } from "@/server/db/client";
import { keptWhileUnchanged } from "@/server/db/kept-while-unchanged";
import { queryFilters } from "./list-annotations";

export type StubFilters = Omit<TListAnnotationsQuery, "cursor" | "limit" | "version" | "ids" | "status">;

/** What the reading page paints of the latest version's annotations, past INLINE_ANNOTATIONS_LIMIT. */
export type ReadingStubs = {
  stubs: AnnotationStub[];
  /** Readable orphans (no place on this version): listed in full apart, when there are any. */
  hasOrphans: boolean;
};

/**
 * Every top-level annotation on the latest version that the viewer may read and that has a place
 * there (orphans are listed in full apart), in the list's document order, as stubs: what painting
 * and the sidebar's order and filters need, no words (lib/annotations/annotation-stubs.ts), encoded
 * to travel. The same reading rule and filters as listAnnotations, so the ids here are exactly
 * those its pages hold.
 */
export async function listAnnotationStubs(viewer: Viewer, slug: string, filters: StubFilters = {}): Promise<EncodedStubs> {
  // Past -1: a reading with none (or a search that matches none) answers an empty list.
  return encodeStubs((await listStubsPast(viewer, slug, -1, filters))!.stubs);
}

/**
 * The reading page's question: stubs when the viewer may read more than `limit` top-level
 * annotations on the document (orphans counted), null when there are no more than that (the page
 * sends them in full). One pass over the document's threads answers both. The page paints from
 * these stubs itself and does not send them (the browser fetches them from the route), so they stay
 * decoded.
 */
export async function listAnnotationStubsPast(viewer: Viewer, slug: string, limit: number): Promise<ReadingStubs | null> {
  return listStubsPast(viewer, slug, limit, {});
}

async function listStubsPast(viewer: Viewer, slug: string, limit: number, filters: StubFilters): Promise<ReadingStubs | null> {
  assertCanAnnotate(viewer);
  const { access, document } = await loadDocumentFor(viewer, slug, "annotate");
  const filterWhere = queryFilters(viewer.id, filters);
  const [threads, matching] = await Promise.all([
    listReadingThreads(document.id),
    // The sidebar's search and filters (past the inline limit): the ids they match.
    filterWhere.length > 0
      ? db.annotation
          .findMany({ where: { AND: [{ documentId: document.id, parentId: null }, ...filterWhere] }, select: { id: true } })
          .then((found) => new Set(found.map((row) => row.id)))
      : null,
  ]);
  const readable = threads.rows.filter((row) => canReadThreadRow(access, row) && (matching === null || matching.has(row.id)));
  if (readable.length <= limit) return null;
  const stubs: AnnotationStub[] = [];
  for (const row of readable) {
    if (row.anchorStatus === "orphaned" || row.start === null || row.end === null) continue;
    // Offsets count into their own version: one not on the latest (a row a new version has not
    // reached) would paint other words, so it is not painted at all.
    if (row.versionId !== threads.latestVersionId) continue;
    stubs.push({
      id: row.id,
      start: row.start,
      end: row.end,
      color: isHighlightColor(row.color) ? row.color : null,
      // Always found (authors are read after the rows); the fallback only keeps a racing deletion from failing the page.
      author: threads.authorOf.get(row.authorId) ?? { id: row.authorId, name: "" },
      visibility: row.visibility as Visibility,
      groupId: row.groupId,
      tags: threads.tagsOf.get(row.id) ?? NO_TAGS,
      isDeleted: row.deletedAt !== null,
    });
  }
  return { stubs, hasOrphans: readable.some((row) => row.anchorStatus === "orphaned") };
}

/** Shared by every stub without tags; nothing adds to a stub's tags once it is made. */
const NO_TAGS: string[] = [];

type ThreadRow = {
  id: string;
  versionId: string;
  start: number | null;
  end: number | null;
  anchorStatus: string;
  visibility: string;
  color: string | null;
  authorId: string;
  groupId: string | null;
  // What the reading rule reads of the dates (canReadThreadRow): whether they are set, not when.
  deletedAt: Date | null;
  hiddenAt: Date | null;
};

/** A reading's threads as every reader's stubs start from: the rows, their authors and their tags. */
type ReadingThreads = {
  rows: readonly ThreadRow[];
  authorOf: ReadonlyMap<string, { id: string; name: string }>;
  tagsOf: ReadonlyMap<string, string[]>;
  /** The version the stubs' offsets count into. */
  latestVersionId: string | null;
};

/**
 * A reading's threads are the same whoever asks (the reading rule then picks each reader's, in
 * memory): read once while the database is unchanged, for the last few readings asked about. At
 * 10,000 threads reading them is ~40 ms of a ~150 ms page on SQLite, and their authors and tags
 * (two relation filters over the document's annotations) ~10 ms more.
 */
const readingThreadsKept = keptWhileUnchanged<ReadingThreads>({ limit: 16 });

function listReadingThreads(documentId: string): Promise<ReadingThreads> {
  return readingThreadsKept(documentId, () => readReadingThreads(documentId));
}

async function readReadingThreads(documentId: string): Promise<ReadingThreads> {
  const rows = await readThreadRows(documentId);
  // Their authors and tags by the document, not by a list of ids (which grows with the data); read
  // after the rows, so every row's author is among them (a thread written in between brings its own).
  const [authors, tags, latest] = await Promise.all([
    db.user.findMany({ where: { annotations: { some: { documentId, parentId: null } } }, select: { id: true, name: true } }),
    db.annotationTag.findMany({
      where: { annotation: { documentId, parentId: null } },
      select: { annotationId: true, name: true },
      orderBy: { name: "asc" },
    }),
    db.documentVersion.findFirst({ where: { documentId }, orderBy: { number: "desc" }, select: { id: true } }),
  ]);
  const tagsOf = new Map<string, string[]>();
  for (const tag of tags) {
    const names = tagsOf.get(tag.annotationId);
    if (names) names.push(tag.name);
    else tagsOf.set(tag.annotationId, [tag.name]);
  }
  for (const [annotationId, names] of tagsOf) tagsOf.set(annotationId, sortTags(names));
  return { rows, authorOf: new Map(authors.map((author) => [author.id, author])), tagsOf, latestVersionId: latest?.id ?? null };
}

/**
 * Every top-level annotation of a document with the columns the stubs and the reading rule need,
 * in the list's document order. Each row comes back as one text cell ("start|end|flags|status|
 * visibility|colour|author|group|version|id") parsed here: at 10,000 threads, Prisma's findMany for the same
 * ten columns took ~95 ms on SQLite, the same query as one cell per row ~22 ms (the cost is per
 * cell, not per row). Every field but the id is a number, a flag, a fixed word or an id we generate,
 * none holding "|"; the id comes last, so one that did would still be read whole.
 */
async function readThreadRows(documentId: string): Promise<ThreadRow[]> {
  const cells = await db.$queryRaw<{ row: string }[]>`
    SELECT COALESCE(CAST("start" AS TEXT), '') || '|' || COALESCE(CAST("end" AS TEXT), '') || '|'
      || CASE WHEN "deletedAt" IS NULL THEN '0' ELSE '1' END
      || CASE WHEN "hiddenAt" IS NULL THEN '0' ELSE '1' END || '|'
      || "anchorStatus" || '|' || "visibility" || '|' || COALESCE("color", '') || '|'
      || "authorId" || '|' || COALESCE("groupId", '') || '|' || "versionId" || '|' || "id" AS "row"
    FROM "Annotation"
    WHERE "documentId" = ${documentId} AND "parentId" IS NULL
    ORDER BY "start", "createdAt", "id"`;
  // A stand-in date: the rule asks only whether a thread was deleted or hidden.
  const set = new Date(0);
  return cells.map(({ row }) => {
    // Fields by position, read with indexOf: at 10,000 rows, 4–6 ms against 10–14 ms for split("|").
    let at = 0;
    const next = () => {
      const bar = row.indexOf("|", at);
      const field = row.slice(at, bar);
      at = bar + 1;
      return field;
    };
    const start = next();
    const end = next();
    const flags = next();
    const anchorStatus = next();
    const visibility = next();
    const color = next();
    const authorId = next();
    const groupId = next();
    const versionId = next();
    return {
      id: row.slice(at),
      versionId,
      start: start === "" ? null : Number(start),
      end: end === "" ? null : Number(end),
      anchorStatus,
      visibility,
      color: color === "" ? null : color,
      authorId,
      groupId: groupId === "" ? null : groupId,
      deletedAt: flags[0] === "1" ? set : null,
      hiddenAt: flags[1] === "1" ? set : null,
    };
  });
}
