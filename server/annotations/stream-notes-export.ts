import "server-only";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { NotesExportFormat } from "@/lib/exports/notes-file";
import { streamNotesFile, type DocumentNotesSource, type NotesBatch, type NotesFileStream } from "@/lib/exports/notes-file-stream";
import {
  assertCanAnnotate,
  can,
  loadViewerAccess,
  readableAnnotationsWhere,
  type Viewer,
  type ViewerAccess,
} from "@/server/authz/annotations";
import { canReadDocument, DOCUMENT_ACCESS_FIELDS, loadDocumentFor } from "@/server/authz/documents";
import { toVersionStamps, VERSION_STAMPS_SELECT } from "@/server/documents/version-stamps";
import { db, type Prisma } from "@/server/db/client";
import { assertExportSize } from "@/server/limits/export-size";
import { getReaderPreferences } from "@/server/preferences/reader-preferences";
import { toAnnotationDto, type AnnotationRow } from "./annotation-dto";
import { loadAnnotationRowsInOrder } from "./load-annotation-rows";

/**
 * Every notes export (a document's, my notes, a group's), streamed: the counterparts of
 * `exportAnnotations` / `collectNotes` + `buildNotesFile`, byte for byte, reading a batch of
 * EXPORT_BATCH_SIZE threads (and their replies) at a time, in order (`keysetBatches`).
 *
 * Everything that can refuse — who may export (server/authz), which document, the 413 size limit —
 * is decided, and every count the file states is taken, before the stream exists: a refusal is an
 * ordinary error response, and once the first byte is sent only a failing database can stop the
 * file, which then errors the stream (the download is cut off, not closed as if complete).
 */
export const EXPORT_BATCH_SIZE = 500;

export type ExportFileOptions = {
  format: NotesExportFormat;
  origin: string;
  exportedAt: Date;
  baseName: string;
  /** JSON-LD: the collection's IRI and its label, given the document's title (or none, across documents). */
  collection: { id: string; label: (title: string | undefined) => string };
  batchSize?: number;
};

/** Reading order; the id breaks ties, so it is also the keyset cursor. */
const READING_ORDER = [{ start: "asc" }, { createdAt: "asc" }, { id: "asc" }] satisfies Prisma.AnnotationOrderByWithRelationInput[];
const REPLY_ORDER = [{ createdAt: "asc" }, { id: "asc" }] satisfies Prisma.AnnotationOrderByWithRelationInput[];

/**
 * One document's export: everything on it the viewer may read (or only their own with `onlyMine`),
 * narrowed by `isShown` — the reading page's filters, "what is shown" — when given. Deleted threads
 * are listed (Markdown says "(deleted)"), replies only while not deleted.
 */
export async function streamDocumentExport(
  viewer: Viewer,
  slug: string,
  options: ExportFileOptions & { onlyMine: boolean; isShown?: (annotation: AnnotationDto) => boolean },
): Promise<NotesFileStream> {
  assertCanAnnotate(viewer);
  // A reading the viewer may not read answers exactly like a missing one (server/authz/documents.ts).
  const { access, document } = await loadDocumentFor(viewer, slug, "annotate", { title: true, author: true, ...VERSION_STAMPS_SELECT });
  const where: Prisma.AnnotationWhereInput = {
    AND: [readableAnnotationsWhere(access), { documentId: document.id }, options.onlyMine ? { authorId: viewer.id } : {}],
  };
  // The filters narrow what is read, so a filtered export is never larger than this count.
  const narrower = options.onlyMine ? "Ask the operator to raise EXPORT_MAX_ANNOTATIONS." : "Export only your own annotations (mine=1).";
  assertExportSize(await db.annotation.count({ where }), narrower);

  const batchSize = options.batchSize ?? EXPORT_BATCH_SIZE;
  const threadWhere: Prisma.AnnotationWhereInput = { AND: [where, { parentId: null }] };
  const replyWhere: Prisma.AnnotationWhereInput = { AND: [where, { parentId: { not: null }, deletedAt: null }] };
  // JSON-LD leaves a deleted thread out, and the replies in it: they would target an annotation that is gone.
  const liveThreadReplyWhere: Prisma.AnnotationWhereInput = { AND: [replyWhere, { parent: { deletedAt: null } }] };
  // What a row changed since its id was read must still be: readable (and a reply, not deleted).
  const isReadable = (row: AnnotationRow) => can(access, "read", row);
  const isLiveReadableReply = (row: AnnotationRow) => row.deletedAt === null && isReadable(row);
  const replies = once(() => indexReplies(replyWhere));
  const isShown = options.isShown ?? (() => true);
  const header = { slug: document.slug, title: document.title, author: document.author, versions: toVersionStamps(document.versions) };

  const threadBatches = async function* (): AsyncGenerator<AnnotationDto[]> {
    for await (const rows of keysetBatches(threadWhere, READING_ORDER, batchSize, isReadable))
      yield rows.map((row) => toAnnotationDto(row, access)).filter(isShown);
  };
  // JSON-LD lists the threads that are not deleted, then the replies in them — in the shown ones only, when filtered.
  const shownLiveThreadIds = async (): Promise<Set<string>> => {
    const ids = new Set<string>();
    for await (const threads of threadBatches()) for (const thread of threads) if (!thread.isDeleted) ids.add(thread.id);
    return ids;
  };
  let total = 0;
  let shownIds: Set<string> | null = null;
  if (options.format === "jsonld" && options.isShown) {
    shownIds = await shownLiveThreadIds();
    total = shownIds.size + (await replies()).of(shownIds).length;
  } else if (options.format === "jsonld") {
    const [threadCount, replyCount] = await Promise.all([
      db.annotation.count({ where: { AND: [threadWhere, { deletedAt: null }] } }),
      db.annotation.count({ where: liveThreadReplyWhere }),
    ]);
    total = threadCount + replyCount;
  }

  const source: DocumentNotesSource = {
    document: header,
    batches: async function* () {
      for await (const threads of threadBatches())
        yield { threads, replies: await repliesTo(threads, await replies(), isLiveReadableReply, access) };
    },
    items: async function* () {
      for await (const threads of threadBatches()) yield threads.filter((thread) => !thread.isDeleted);
      for await (const rows of keysetBatches(liveThreadReplyWhere, READING_ORDER, batchSize, isLiveReadableReply)) {
        yield rows.filter((row) => shownIds === null || shownIds.has(row.parentId!)).map((row) => toAnnotationDto(row, access));
      }
    },
  };
  const { colorLabels } = await getReaderPreferences(viewer.id);
  return streamNotesFile(
    [source],
    {
      ...options,
      viewerId: viewer.id,
      colorLabels,
      collection: { id: options.collection.id, label: options.collection.label(document.title), total },
    },
    true,
  );
}

/**
 * Threads across documents (or on one) that `threadsWhere` lets the viewer see, with the replies
 * in them the viewer may read: "my notes" (ownThreadsWhere) and a group's notes. Documents by
 * title; a thread deleted without replies left out, as on the page.
 */
export async function streamThreadsExport(
  viewer: { id: string },
  threadsWhere: (access: ViewerAccess) => Prisma.AnnotationWhereInput,
  documentSlug: string | undefined,
  options: ExportFileOptions,
): Promise<NotesFileStream> {
  let documentId: string | undefined;
  if (documentSlug !== undefined) {
    // A reading the viewer may not read answers exactly like a missing one.
    documentId = (await loadDocumentFor(viewer, documentSlug, "read")).document.id;
  }
  // Across documents no one document scopes hide-until-post (without one it fails closed): the
  // viewer's own threads are never hidden from them, staff see their groups', and a reply is
  // readable when its thread is (the same decisions as collectNotes).
  const access = (await loadViewerAccess(viewer, { documentId: null }))!;
  const readable = readableAnnotationsWhere(access);
  const threadWhere: Prisma.AnnotationWhereInput = { AND: [threadsWhere(access), { parentId: null }, documentId ? { documentId } : {}] };
  const liveReply: Prisma.AnnotationWhereInput = { AND: [readable, { deletedAt: null }] };
  const replyWhere: Prisma.AnnotationWhereInput = { AND: [liveReply, { parent: threadWhere }] };
  const [threadCount, replyCount] = await Promise.all([
    db.annotation.count({ where: threadWhere }),
    db.annotation.count({ where: replyWhere }),
  ]);
  assertExportSize(
    threadCount + replyCount,
    documentSlug === undefined ? "Export one document at a time." : "Ask the operator to raise EXPORT_MAX_ANNOTATIONS.",
  );
  // A deleted thread stays while a reply in it does.
  const keptWhere: Prisma.AnnotationWhereInput = { AND: [threadWhere, { OR: [{ deletedAt: null }, { replies: { some: liveReply } }] }] };
  const documents = await db.document.findMany({
    where: { annotations: { some: keptWhere } },
    select: { ...DOCUMENT_ACCESS_FIELDS, slug: true, title: true, author: true, ...VERSION_STAMPS_SELECT },
    orderBy: [{ title: "asc" }, { slug: "asc" }],
  });
  // JSON-LD leaves a deleted thread out, and the replies in it: they would target an annotation that is gone.
  const liveThreadReplyWhere: Prisma.AnnotationWhereInput = { AND: [replyWhere, { parent: { deletedAt: null } }] };
  const total =
    options.format === "jsonld"
      ? (await db.annotation.count({ where: { AND: [threadWhere, { deletedAt: null }] } })) +
        (await db.annotation.count({ where: liveThreadReplyWhere }))
      : 0;
  const batchSize = options.batchSize ?? EXPORT_BATCH_SIZE;

  // What a row changed since its id was read must still be: readable; a thread deleted meanwhile,
  // kept only while it has a reply left; a reply, not deleted.
  const isKeptThread = (row: AnnotationRow) => (row.deletedAt === null || row.replies.length > 0) && can(access, "read", row);
  const isLiveReadableReply = (row: AnnotationRow) => row.deletedAt === null && can(access, "read", row);
  const sources = documents.map((document): DocumentNotesSource => {
    // One's own notes on a reading no longer open to one: only the words they chose (toAnnotationDto).
    const isReadingOpen = canReadDocument(access, document);
    const threadsHere: Prisma.AnnotationWhereInput = { AND: [keptWhere, { documentId: document.id }] };
    const repliesHere: Prisma.AnnotationWhereInput = { AND: [replyWhere, { documentId: document.id }] };
    const liveThreadRepliesHere: Prisma.AnnotationWhereInput = { AND: [liveThreadReplyWhere, { documentId: document.id }] };
    const replies = once(() => indexReplies(repliesHere));
    const threadBatches = async function* (): AsyncGenerator<AnnotationDto[]> {
      for await (const rows of keysetBatches(threadsHere, READING_ORDER, batchSize, isKeptThread))
        yield rows.map((row) => toAnnotationDto(row, access, { isReadingOpen }));
    };
    return {
      document: { slug: document.slug, title: document.title, author: document.author, versions: toVersionStamps(document.versions) },
      batches: async function* (): AsyncGenerator<NotesBatch> {
        for await (const threads of threadBatches())
          yield { threads, replies: await repliesTo(threads, await replies(), isLiveReadableReply, access) };
      },
      items: async function* () {
        for await (const threads of threadBatches()) yield threads.filter((thread) => !thread.isDeleted);
        for await (const rows of keysetBatches(liveThreadRepliesHere, REPLY_ORDER, batchSize, isLiveReadableReply))
          yield rows.map((row) => toAnnotationDto(row, access));
      },
    };
  });
  const { colorLabels } = await getReaderPreferences(viewer.id);
  return streamNotesFile(
    sources,
    {
      ...options,
      viewerId: viewer.id,
      colorLabels,
      collection: {
        id: options.collection.id,
        label: options.collection.label(documentSlug === undefined ? undefined : documents[0]?.title),
        total,
      },
    },
    documentSlug !== undefined,
  );
}

/**
 * Rows matching `where` in `orderBy`, a batch at a time: first their ids in order (one query, a few
 * dozen bytes per row, bounded by EXPORT_MAX_ANNOTATIONS), then each batch's rows by id (the raw
 * loader). A row changed since its id was read is judged again as loaded, by `isStillIncluded`
 * (server/authz's `can`, in memory), and left out rather than shown to the wrong reader.
 *
 * Why not the query again per batch (`where` and `id IN (batch)`): SQLite re-judged the reading
 * rule for each batch at ~25 ms per 250 ids, a third of a 13,000-item export's time; and a keyset
 * cursor (`cursor`/`skip`) had it re-judge every row for every page, 16 times slower still at
 * 20,000 annotations (npm run bench:export).
 */
async function* keysetBatches(
  where: Prisma.AnnotationWhereInput,
  orderBy: Prisma.AnnotationOrderByWithRelationInput[],
  batchSize: number,
  isStillIncluded: (row: AnnotationRow) => boolean,
): AsyncGenerator<AnnotationRow[]> {
  const ids = (await db.annotation.findMany({ where, select: { id: true }, orderBy })).map((row) => row.id);
  for (let start = 0; start < ids.length; start += batchSize) {
    const rows = (await loadAnnotationRowsInOrder(ids.slice(start, start + batchSize))).filter(isStillIncluded);
    if (rows.length > 0) yield rows;
  }
}

/** The replies an export holds, by thread: read once as ids, like the threads'; a batch of threads takes its own from here. */
type ReplyIndex = {
  /** The ids of these threads' replies, in REPLY_ORDER across them all. */
  of: (threadIds: Iterable<string>) => string[];
};

/**
 * Every reply `where` admits, as ids by thread in REPLY_ORDER: one query for the whole export instead
 * of one per batch of threads (`parentId IN (batch)` under the reading rule, which cost SQLite
 * ~20 ms a batch).
 */
async function indexReplies(where: Prisma.AnnotationWhereInput): Promise<ReplyIndex> {
  const rows = await db.annotation.findMany({ where, select: { id: true, parentId: true }, orderBy: REPLY_ORDER });
  const order = new Map<string, number>();
  const byThread = new Map<string, string[]>();
  rows.forEach((row, position) => {
    order.set(row.id, position);
    const ids = byThread.get(row.parentId!);
    if (ids) ids.push(row.id);
    else byThread.set(row.parentId!, [row.id]);
  });
  return {
    of: (threadIds) => [...threadIds].flatMap((id) => byThread.get(id) ?? []).sort((a, b) => order.get(a)! - order.get(b)!),
  };
}

/** The replies in these threads, from `index`, loaded and judged again as they are now. */
async function repliesTo(
  threads: AnnotationDto[],
  index: ReplyIndex,
  isStillIncluded: (row: AnnotationRow) => boolean,
  access: ViewerAccess | null,
): Promise<AnnotationDto[]> {
  const rows = await loadAnnotationRowsInOrder(index.of(threads.map((thread) => thread.id)));
  return rows.filter(isStillIncluded).map((row) => toAnnotationDto(row, access));
}

/** `load`, called at most once, when first needed (a format that lists no replies by thread never reads them). */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | null = null;
  return () => (loaded ??= load());
}
