import "server-only";
import { createHash } from "node:crypto";
import type { QuoteToMatch } from "@/lib/anchoring/match-quote";
import { matchQuoteWithinWork, QUOTE_TOO_REPETITIVE, QuoteSearchBudget } from "@/lib/anchoring/quote-search-work";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { verifyTarget } from "@/lib/anchoring/verify-target";
import { DEFAULT_HIGHLIGHT_COLOR } from "@/lib/annotations/colors";
import { ZCreateAnnotationSchema } from "@/lib/annotations/schemas";
import { AppError } from "@/lib/errors";
import { exportedAnnotationId } from "@/lib/imports/exported-annotation-id";
import { readAnnotationFile } from "@/lib/imports/read-annotation-file";
import type { ImportedAnnotation } from "@/lib/imports/types";
import { ourAccountOf, whoseWordsTest, type WhoseWords } from "@/lib/imports/whose-words";
import { assertCanAnnotate, type Viewer } from "@/server/authz/annotations";
import { db, Prisma } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";
import { eventLoopTurns } from "@/server/http/event-loop-turns";
import {
  IMPORT_COMMENT_CHARACTERS_PER_WRITE,
  IMPORT_NOTES_PER_WRITE,
  importMaxCommentCharacters,
  importMaxItems,
} from "@/server/limits/limits";
import { assertWriteAllowed } from "@/server/limits/write-rate";
import { storedSearchText } from "@/lib/text/stored-search-text";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import type { Tx } from "@/server/outbox/record-annotation-event";
import { loadDocumentFor, noSuchDocument, readableDocumentsWhere } from "@/server/authz/documents";
import { storedBody } from "./stored-body";
import { tagRecord } from "@/lib/annotations/tag-key";

export type ImportOrphan = { sourceId: string; quote: string; reason: string };

export type ImportSummary = {
  /** Annotations created by this import, replies included. */
  imported: number;
  /**
   * Items skipped because an earlier import of the same file already created them, because they
   * are the viewer's own annotations on this document (re-importing one's own export), or because
   * the viewer already has the same note here (`sameNoteKey`: the same notes in another format).
   */
  alreadyImported: number;
  /** How many of `imported` are replies. */
  replies: number;
  /**
   * Items that were not imported, each with why: those that could not be placed in the document,
   * and those someone else wrote. None is dropped silently.
   */
  orphans: ImportOrphan[];
};

/** How many problems a refused file's message lists before "and N more". */
const PROBLEMS_SHOWN = 5;

const ZImportedFields = ZCreateAnnotationSchema.pick({ body: true, tags: true });

type Anchored = {
  item: ImportedAnnotation;
  token: string;
  fields: { exact: string; prefix: string; suffix: string; start: number; end: number };
};
type Reply = { item: ImportedAnnotation; token: string; rootToken: string };

/**
 * Imports a W3C Web Annotation or Hypothesis file into a document as the viewer's private
 * annotations, in the colour the file gives (yellow when it gives none). Each item is anchored in
 * the current version's text — at its position when the quote is really there, otherwise by its
 * quote and context (other tools count offsets over their own page) — and what cannot be placed
 * comes back as an orphan with the reason; an item the file says is on another reading is reported
 * as that. Replies join their thread when it is in the file (or was imported before).
 * Only the importer's own words come in (whose-words.ts): an item the file says someone else wrote
 * — a classmate's thread or reply in an export of everything its maker could read — is an orphan
 * saying so, and so is the importer's reply in such a thread, which has no thread here to join
 * (unless it names words of its own: then it is the importer's note on them).
 * Idempotent: each item's client token is derived from the viewer, the document and the item, so
 * importing a file again creates nothing; an item whose id is one of the viewer's own annotations
 * here (their own export, brought back) is that annotation, not a copy; and an item that is the same
 * note as one the viewer already has here (`sameNoteKey`) is that note, so the same notes in another
 * format (JSON-LD, then Hypothesis) add nothing either. Two items of one file with the same id (or,
 * without ids, the same quote, place and comment) would share one token: the second is an orphan,
 * never silently skipped.
 * All or nothing: a malformed item or one over the limits refuses the whole file, and so does a
 * file with more than IMPORT_MAX_ITEMS annotations (413, before any item is read).
 */
export async function importAnnotations(viewer: Viewer, slug: string, file: unknown): Promise<ImportSummary> {
  assertCanAnnotate(viewer);
  const { document } = await loadDocumentFor(viewer, slug, "annotate", {
    title: true,
    versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, text: true } },
  });
  const version = document.versions[0];
  if (!version) throw noSuchDocument(slug);

  const { items, problems, exporter } = readAnnotationFile(file, { maxItems: importMaxItems() });
  if (problems.length > 0) {
    const more = problems.length > PROBLEMS_SHOWN ? ` …and ${problems.length - PROBLEMS_SHOWN} more.` : "";
    throw new AppError("BAD_REQUEST", `Nothing was imported: ${problems.slice(0, PROBLEMS_SHOWN).join(" ")}${more}`);
  }
  assertCommentsWithinImportLimit(items);

  const tokenOf = (item: ImportedAnnotation) => importToken(viewer.id, slug, item);
  const orphans: ImportOrphan[] = [];
  const distinct: ImportedAnnotation[] = [];
  const seenTokens = new Set<string>();
  for (const item of items) {
    const token = tokenOf(item);
    if (!seenTokens.has(token)) {
      seenTokens.add(token);
      distinct.push(item);
    } else if (item.sourceId) {
      orphans.push(orphan(item, "The file has another annotation with this id."));
    } else {
      orphans.push(orphan(item, "The file has another annotation with the same quote, place and comment (and neither has an id)."));
    }
  }
  const bySourceId = new Map(distinct.filter((item) => item.sourceId).map((item) => [item.sourceId, item]));

  // The viewer's own annotations named by the file (their own export): already here, left as they are.
  const ownIds = await findOwnAnnotationIds(viewer.id, document.id, distinct);
  const isOwn = (item: ImportedAnnotation) => ownIds.has(item.sourceId);
  const ownCount = distinct.filter(isOwn).length;

  const anchored: Anchored[] = [];
  const replies: Reply[] = [];
  const anchoredTokens = new Set<string>();

  // Only the importer's own words are imported: what someone else wrote is reported, never
  // written as the importer's (an export holds every thread its maker could read).
  const accountIds = [...new Set(distinct.map(ourAccountOf).filter((id): id is string => id !== null))];
  const accountsHere = new Set(
    (await inChunks(accountIds, (ids) => db.user.findMany({ where: { id: { in: ids } }, select: { id: true } }))).map((user) => user.id),
  );
  const whoseWords = whoseWordsTest(viewer.id, distinct, exporter, accountsHere);
  const isMine = (item: ImportedAnnotation) => whoseWords(item) === "mine";
  const replyCandidates = distinct.filter((candidate) => candidate.replyToSourceId && !isOwn(candidate));
  const rootOf = new Map(replyCandidates.map((item) => [item, threadRoot(item, bySourceId)]));
  // The importer's reply in someone else's thread has no thread here to answer (that thread is not
  // imported). When it names words of its own (a Hypothesis reply may keep its selectors) it is
  // the importer's note on those words; otherwise it is reported (below). It is never put on its
  // thread's words instead: those are words someone else chose, and the reply, read alone there,
  // would seem to say something it only said in answer to them.
  const isMyReplyInOthersThread = (item: ImportedAnnotation) => {
    const root = rootOf.get(item);
    return isMine(item) && !!root && !isOwn(root) && !isMine(root);
  };
  const repliesAsNotes = new Map(
    replyCandidates
      .filter((item) => item.quote && isMyReplyInOthersThread(item))
      .map((item): [ImportedAnnotation, ImportedAnnotation] => [item, { ...item, replyToSourceId: undefined }]),
  );
  const threads = distinct.flatMap((candidate) => {
    if (isOwn(candidate)) return [];
    if (!candidate.replyToSourceId) return [candidate];
    const asNote = repliesAsNotes.get(candidate);
    return asNote ? [asNote] : [];
  });
  // Quotes without positions are looked for within one budget for the whole file, and the server's
  // other requests get a turn between them.
  const quoteSearch = new QuoteSearchBudget(IMPORT_QUOTE_SEARCH_WORK);
  const whitespaceBlind = whitespaceBlindSearch(version.text, quoteSearch);
  const places = new Map<ImportedAnnotation, { start: number; end: number } | string>();
  const nextPlaceTurn = eventLoopTurns();
  for (const item of threads.filter(isMine)) {
    places.set(item, placeInText(version.text, item, quoteSearch, whitespaceBlind));
    await nextPlaceTurn();
  }
  const isOnAnotherReading = otherReadingTest(document, [...places.keys()], (item) => typeof places.get(item) !== "string");
  const readingName = await readingNamer(viewer, [...places.keys()].filter(isOnAnotherReading));
  // Limits as the API applies them, checked before anything is written. An item over them is not
  // imported and says why (a 100,000-character note from another tool must not cost the other
  // notes of its file); its replies then have no thread to go in.
  const validated = new Map<ImportedAnnotation, { body: string; tags: string[] }>();
  const isWithinLimits = (item: ImportedAnnotation) => {
    const parsed = ZImportedFields.safeParse({ body: item.body, tags: item.tags });
    if (parsed.success) validated.set(item, parsed.data);
    else orphans.push(orphan(item, limitsReason(parsed.error.issues)));
    return parsed.success;
  };
  for (const item of threads) {
    const whose = whoseWords(item);
    if (whose !== "mine") {
      orphans.push(orphan(item, othersWordsReason("An annotation", whose)));
      continue;
    }
    const place = places.get(item)!;
    if (typeof place === "string") {
      orphans.push(orphan(item, isOnAnotherReading(item) ? `It belongs to another reading (${readingName(item.source!)}).` : place));
      continue;
    }
    if (!isWithinLimits(item)) continue;
    const { quote, position } = describeTextRange(version.text, place.start, place.end);
    anchored.push({
      item,
      token: tokenOf(item),
      fields: { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: position.start, end: position.end },
    });
    anchoredTokens.add(tokenOf(item));
  }
  for (const item of replyCandidates.filter((candidate) => !repliesAsNotes.has(candidate))) {
    const root = rootOf.get(item);
    const whose = whoseWords(item);
    // A classmate's reply, or an instructor's feedback, whatever thread it is in: imported, it
    // would read as the importer's own words (and feedback as an ordinary reply).
    if (whose !== "mine") orphans.push(orphan(item, othersWordsReason("A reply", whose)));
    else if (!root) orphans.push(orphan(item, "A reply to an annotation not in this file."));
    else if (isOwn(root)) orphans.push(orphan(item, "A reply in a thread of yours that is already here: the thread was left as it is."));
    else if (isMyReplyInOthersThread(item)) {
      orphans.push(
        orphan(item, "Your reply in a thread someone else wrote: their thread is not imported, and the reply names no words of its own."),
      );
    } else if (!anchoredTokens.has(tokenOf(root))) orphans.push(orphan(item, "A reply to an annotation that was not imported."));
    else if (item.body.trim() === "") orphans.push(orphan(item, "An empty reply."));
    else if (isWithinLimits(item)) replies.push({ item, token: tokenOf(item), rootToken: tokenOf(root) });
  }

  // A file's writes hold the database's write lock for a time that grows with its size, and its
  // comments are rendered on the server's one thread: it counts one write per IMPORT_NOTES_PER_WRITE
  // notes it would write, or per IMPORT_COMMENT_CHARACTERS_PER_WRITE characters of their comments.
  // Those imported already (the same file again) write nothing and are not rendered: read here to
  // leave them out, and again inside the transaction. Counted before any comment is rendered, so a
  // file refused for the rate costs the server nothing more.
  const importedBefore = new Set(
    (
      await inChunks(
        [...anchored, ...replies].map(({ token }) => token),
        (chunk) => db.annotation.findMany({ where: { clientToken: { in: chunk } }, select: { clientToken: true } }),
      )
    ).map((row) => row.clientToken),
  );
  const toWrite = [...anchored, ...replies].filter(({ token }) => !importedBefore.has(token));
  const commentCharacters = toWrite.reduce((sum, { item }) => sum + validated.get(item)!.body.length, 0);
  await assertWriteAllowed(
    viewer.id,
    Math.max(Math.ceil(toWrite.length / IMPORT_NOTES_PER_WRITE), Math.ceil(commentCharacters / IMPORT_COMMENT_CHARACTERS_PER_WRITE)),
  );
  // What is stored for each comment (stored-body.ts: rendered, to know whether it shows anything),
  // a turn for the server's other requests every few milliseconds.
  const rendered = new Set<ImportedAnnotation>();
  const storedFields = (item: ImportedAnnotation) => {
    const fields = validated.get(item)!;
    if (!rendered.has(item)) fields.body = storedBody(fields.body);
    rendered.add(item);
    return fields;
  };
  const nextTurn = eventLoopTurns();
  for (const { item } of toWrite) {
    storedFields(item);
    await nextTurn();
  }
  // A reply that shows nothing once rendered (only "&nbsp;", an empty link) is no reply, as in the API.
  const visibleReplies = replies.filter(({ item }) => {
    if (importedBefore.has(tokenOf(item)) || storedFields(item).body !== "") return true;
    orphans.push(orphan(item, "An empty reply."));
    return false;
  });
  try {
    return await mutateAnnotations(
      // A large file may need longer than the 5-second default on a busy server; its writes were counted above.
      { actorId: viewer.id, transaction: { timeout: 120_000, maxWait: 10_000 }, isOutsideWriteRate: true },
      async (tx, record) => {
        // A 10 MB file holds tens of thousands of items: their tokens go to the database in chunks.
        const existing = await inChunks(
          [...anchored, ...visibleReplies].map(({ token }) => token),
          (tokens) =>
            tx.annotation.findMany({
              where: { clientToken: { in: tokens } },
              select: { id: true, clientToken: true, authorId: true, deletedAt: true },
            }),
        );
        // Tokens are ours to derive, but the create API lets clients choose one: never count
        // someone else's row as this viewer's earlier import.
        if (existing.some((row) => row.authorId !== viewer.id)) {
          throw new AppError("CONFLICT", "Another account already holds an import token from this file. Nothing was imported.");
        }
        const idByToken = new Map(existing.map((row) => [row.clientToken!, row.id]));
        const deletedTokens = new Set(existing.filter((row) => row.deletedAt).map((row) => row.clientToken!));
        const notesHere = await loadNotesHere(tx, viewer.id, document.id, version.id);
        let alreadyImported = ownCount;
        // Threads first, written together (a statement per ~100 rows, not one per annotation, so a
        // file of 2,000 holds the database's write lock a fraction of a second rather than seconds);
        // a thread the file names twice (the same place, words and tags) is written once.
        const newThreads: Prisma.AnnotationCreateManyInput[] = [];
        const newThreadTags: { token: string; tags: string[] }[] = [];
        // The file's own threads by sameNoteKey, with their colour: the same note twice in one file (a
        // zip's JSON-LD and Hypothesis copies) is written once, but two highlights of one passage in
        // two colours are two, as the reader made them.
        const inFileByKey = new Map<string, { token: string; color: string | null }[]>();
        for (const { item, token, fields } of anchored) {
          if (idByToken.has(token)) {
            alreadyImported += 1;
            continue;
          }
          // (storedFields: one found imported before but gone since is rendered here, rarely.)
          const { body, tags } = storedFields(item);
          const key = sameNoteKey({ start: fields.start, end: fields.end, body, tags });
          const color = item.color ?? null;
          const inFile = inFileByKey.get(key) ?? [];
          const sameInFile = inFile.find((seen) => seen.color === null || color === null || seen.color === color);
          const sameNote = notesHere.threadIdByKey.get(key) ?? sameInFile?.token;
          if (sameNote) {
            // Its replies in the file join that note's thread (where the same reply counts as already there).
            idByToken.set(token, sameNote);
            alreadyImported += 1;
            continue;
          }
          newThreads.push({
            documentId: document.id,
            versionId: version.id,
            authorId: viewer.id,
            ...fields,
            body,
            searchText: storedSearchText(fields.exact, body, tags),
            color: item.color ?? DEFAULT_HIGHLIGHT_COLOR,
            visibility: "private",
            clientToken: token,
            ...createdAt(item),
          });
          if (tags.length > 0) newThreadTags.push({ token, tags });
          inFileByKey.set(key, [...inFile, { token, color }]);
        }
        const createdThreads = await createAll(tx, newThreads);
        // Until written, a new thread was known by its token: now by its id, which its replies need.
        for (const [token, id] of idByToken) if (createdThreads.has(id)) idByToken.set(token, createdThreads.get(id)!);
        for (const [token, id] of createdThreads) idByToken.set(token, id);
        await tx.annotationTag.createMany({
          data: newThreadTags.flatMap(({ token, tags }) =>
            tags.map((tag) => ({ annotationId: createdThreads.get(token)!, ...tagRecord(tag) })),
          ),
        });

        const newReplies: Prisma.AnnotationCreateManyInput[] = [];
        for (const { item, token, rootToken } of visibleReplies) {
          if (idByToken.has(token)) {
            alreadyImported += 1;
            continue;
          }
          if (deletedTokens.has(rootToken)) {
            orphans.push(orphan(item, "A reply to an annotation you have since deleted."));
            continue;
          }
          const parentId = idByToken.get(rootToken)!;
          const { body } = storedFields(item);
          const repliesThere = notesHere.replyBodiesByThreadId.get(parentId) ?? new Set<string>();
          if (repliesThere.has(body)) {
            alreadyImported += 1;
            continue;
          }
          newReplies.push({
            documentId: document.id,
            versionId: version.id,
            authorId: viewer.id,
            parentId,
            body,
            searchText: storedSearchText(null, body, []),
            visibility: "private",
            clientToken: token,
            ...createdAt(item),
          });
          idByToken.set(token, "created");
          notesHere.replyBodiesByThreadId.set(parentId, repliesThere.add(body));
        }
        const createdReplies = await createAll(tx, newReplies);
        const created = [...newThreads, ...newReplies].map((row) => ({
          token: row.clientToken!,
          id: createdThreads.get(row.clientToken!) ?? createdReplies.get(row.clientToken!)!,
        }));
        // One live event per imported annotation (written last, under the document's event lock).
        record(
          ...created.map(({ id, token }) => ({
            documentId: document.id,
            annotationId: id,
            change: "created" as const,
            clientToken: token,
          })),
        );
        const imported = created.length;
        const replyCount = newReplies.length;
        return { imported, alreadyImported, replies: replyCount, orphans };
      },
    );
  } catch (error) {
    // Two imports of the same file at once: the second meets the first's tokens.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "This file is being imported already. Try again in a moment.");
    }
    throw error;
  }
}

/** Writes the rows in one go and answers each one's id by its client token (every row has one). */
async function createAll(tx: Tx, rows: Prisma.AnnotationCreateManyInput[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const created = await tx.annotation.createManyAndReturn({ data: rows, select: { id: true, clientToken: true } });
  return new Map(created.map((row) => [row.clientToken!, row.id]));
}

/**
 * The idempotency key of an imported item: the same viewer importing the same item into the same
 * document always gets the same token. Items without an id are known by their content.
 */
export function importToken(viewerId: string, slug: string, item: ImportedAnnotation): string {
  const identity = item.sourceId || JSON.stringify({ quote: item.quote, position: item.position ?? null, body: item.body });
  return `import:${createHash("sha256").update(`${viewerId}:${slug}:${identity}`).digest("hex")}`;
}

/**
 * When an imported item is the same note as one the viewer already has on this reading, it adds
 * nothing. The same note: on the same words (the same place in the current version's text, which
 * fixes the quote too), saying the same (the comment as stored, character for character) and with
 * the same tags (as a set, ignoring case, as tags are stored). Colour, visibility, dates and ids do
 * not count: the formats differ in what they carry (Hypothesis has no colour, JSON-LD and
 * Hypothesis ids differ for the same annotation, another tool has its own), and a note recoloured
 * since is still that note. A different comment or tag is something the reader wrote: that item is
 * imported, never dropped as a duplicate. Hypothesis's own importer uses the same rule (same text,
 * tags and quote). A reply is the same as one in the same thread with the same text.
 */
function sameNoteKey(note: { start: number; end: number; body: string; tags: string[] }): string {
  const tags = [...new Set(note.tags.map((tag) => tag.toLowerCase()))].sort();
  return JSON.stringify([note.start, note.end, note.body, tags]);
}

/** 413 for a file whose comments are more than one import renders (limits.ts importMaxCommentCharacters). */
function assertCommentsWithinImportLimit(items: readonly ImportedAnnotation[]): void {
  const characters = items.reduce((sum, item) => sum + item.body.length, 0);
  const most = importMaxCommentCharacters();
  if (characters <= most) return;
  throw new AppError(
    "PAYLOAD_TOO_LARGE",
    `This file's comments run to ${characters.toLocaleString("en")} characters; one import takes at most ${most.toLocaleString("en")}. ` +
      "Nothing was imported: split the file into parts and import each.",
  );
}

type NotesHere = {
  /** The viewer's live threads on the current version, by `sameNoteKey`. */
  threadIdByKey: Map<string, string>;
  /** The live replies' texts in each of the viewer's threads here (anyone's replies: the file may hold them). */
  replyBodiesByThreadId: Map<string, Set<string>>;
};

/** What the viewer already has on this document, for telling an imported item that is the same note. */
async function loadNotesHere(tx: Prisma.TransactionClient, viewerId: string, documentId: string, versionId: string): Promise<NotesHere> {
  const threads = await tx.annotation.findMany({
    where: { authorId: viewerId, documentId, parentId: null, deletedAt: null },
    select: {
      id: true,
      versionId: true,
      start: true,
      end: true,
      body: true,
      tags: { select: { name: true } },
      replies: { where: { deletedAt: null }, select: { body: true } },
    },
  });
  const threadIdByKey = new Map<string, string>();
  const replyBodiesByThreadId = new Map<string, Set<string>>();
  for (const thread of threads) {
    replyBodiesByThreadId.set(thread.id, new Set(thread.replies.map((reply) => reply.body)));
    // A thread still placed on an older version (one that needs a new place) is on no words of this one.
    if (thread.versionId !== versionId || thread.start === null || thread.end === null) continue;
    const key = sameNoteKey({ start: thread.start, end: thread.end, body: thread.body, tags: thread.tags.map((tag) => tag.name) });
    threadIdByKey.set(key, thread.id);
  }
  return { threadIdByKey, replyBodiesByThreadId };
}

/**
 * Whether an item that could not be placed is, by the file's own word, on another reading — so the
 * reader is told that, not that its quote is missing (an "All documents" export brought into one
 * reading). Our readings' addresses differ between accounts and servers, so the address alone says
 * nothing; it does once other items of the file were placed here: an item whose source is not one of
 * theirs is on another reading. The title the file names (Hypothesis's `document.title`) tells too:
 * this reading's title means this reading; another, when nothing was placed, another reading. So
 * does a reading page's address (`/read/<slug>`, what our own exports name, with no title) with
 * another slug than this one's. Without any of these, the quote is blamed.
 */
function otherReadingTest(
  document: { slug: string; title: string },
  threads: ImportedAnnotation[],
  isPlaced: (item: ImportedAnnotation) => boolean,
): (item: ImportedAnnotation) => boolean {
  const sourcesHere = new Set(threads.filter(isPlaced).flatMap((item) => (item.source ? [item.source.uri] : [])));
  const sameTitle = (other: string) => normalizeTitle(other) === normalizeTitle(document.title);
  return (item) => {
    if (!item.source) return false;
    // Named like this reading: the same reading at another address (a tool's page with a query string).
    if (item.source.title !== undefined && sameTitle(item.source.title)) return false;
    if (sourcesHere.size > 0) return !sourcesHere.has(item.source.uri);
    const readingSlug = readingPageSlug(item.source.uri);
    if (readingSlug !== null) return readingSlug !== document.slug;
    return item.source.title !== undefined;
  };
}

/** The slug of a reading page's address ("https://…/read/<slug>"), else null. */
function readingPageSlug(uri: string): string | null {
  try {
    const match = /^\/read\/([^/]+)\/?$/.exec(new URL(uri).pathname);
    return match ? decodeURIComponent(match[1]) : null;
  } catch {
    return null;
  }
}

function normalizeTitle(title: string): string {
  return title.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * The reading an item is on: its title as the file names it; else, when its address is a reading
 * page of ours the viewer may read ("https://…/read/<slug>", as our JSON-LD names the source, with no
 * title), that reading's title; else its address.
 */
async function readingNamer(
  viewer: { id: string },
  items: ImportedAnnotation[],
): Promise<(source: NonNullable<ImportedAnnotation["source"]>) => string> {
  const slugs = [
    ...new Set(items.flatMap((item) => (item.source && item.source.title === undefined ? [readingPageSlug(item.source.uri)] : []))),
  ];
  const readable = await inChunks(
    slugs.filter((slug): slug is string => slug !== null),
    (chunk) =>
      db.document.findMany({
        where: { AND: [readableDocumentsWhere(viewer), { slug: { in: chunk } }] },
        select: { slug: true, title: true },
      }),
  );
  const titleOf = new Map(readable.map((document) => [document.slug, document.title]));
  return (source) => source.title ?? titleOf.get(readingPageSlug(source.uri) ?? "") ?? source.uri;
}

/**
 * Why an item's comment or tags were refused. A limit (a comment or tag too long, too many tags) is
 * "Over the limits"; what a comment or tag may not be at any length (a tag is one line) says so alone.
 */
function limitsReason(issues: readonly { code: string; message: string }[]): string {
  const limits = issues.filter((issue) => issue.code === "too_big").map((issue) => issue.message);
  const others = issues.filter((issue) => issue.code !== "too_big").map((issue) => issue.message);
  return [...others, ...(limits.length > 0 ? [`Over the limits: ${limits.join(" ")}`] : [])].join(" ");
}

/**
 * Where an item's quote is in the text, or why it is not there. Words are only half of where a note
 * is: when the file also gives the words around them, those must agree at the place taken (at least
 * CONTEXT_TO_AGREE characters of one side, or the whole side when it is shorter), or "the" with
 * "Dogs bark at " before it would go on the first "the" of any text (an independent check found
 * notes from another reading placed on unrelated words, without a word of warning). A quote whose
 * paragraphs another tool joined differently ("\n", a space, nothing, where the text has a blank
 * line) is found with the whitespace set aside, when it is long enough to be told apart and occurs once.
 */
function placeInText(
  text: string,
  item: ImportedAnnotation,
  quoteSearch: QuoteSearchBudget,
  findIgnoringWhitespace: WhitespaceBlindSearch,
): { start: number; end: number } | string {
  const { quote } = item;
  if (!quote) return "The file does not say which words it annotates (no TextQuoteSelector).";
  if (quote.exact === "") return "Its quote is empty.";
  const checked = item.position ? verifyTarget(text, { quote, position: item.position }) : null;
  const found = checked?.ok ? checked : matchQuoteWithinWork(text, quote, item.position?.start, quoteSearch);
  if (found === "too-many") return quoteSearch.left > 0 ? QUOTE_TOO_REPETITIVE : SEARCH_SPENT;
  const place = found ?? findIgnoringWhitespace(quote.exact);
  if (place === "spent") return SEARCH_SPENT;
  if (!place) return "Its quote was not found in the document.";
  if (!contextAgrees(text, place, quote)) {
    return "Its words are in the document, but not with the words the file has around them: it was not placed, so as not to mark another passage.";
  }
  return { start: place.start, end: place.end };
}

/** Characters of the file's context, on one side, that must agree where a quote is placed. */
const CONTEXT_TO_AGREE = 8;

function contextAgrees(text: string, { start, end }: { start: number; end: number }, quote: QuoteToMatch): boolean {
  const prefix = quote.prefix ?? "";
  const suffix = quote.suffix ?? "";
  if (prefix === "" && suffix === "") return true;
  // Compared with whitespace runs as one space: the quote may have been found that way (a tool's paragraph joins differ).
  const squeezed = (words: string) => words.replace(/\s+/g, " ").trim();
  const before = squeezed(text.slice(Math.max(0, start - prefix.length * 2), start));
  const after = squeezed(text.slice(end, end + suffix.length * 2));
  return (
    (prefix !== "" && before.endsWith(squeezed(prefix).slice(-CONTEXT_TO_AGREE))) ||
    (suffix !== "" && after.startsWith(squeezed(suffix).slice(0, CONTEXT_TO_AGREE)))
  );
}

/** Quotes this short, with their whitespace set aside, could be anywhere: not looked for that way. */
const MIN_LOOSE_QUOTE = 16;

/** The place of `exact` in the text with all whitespace set aside on both sides; null unless it is long enough and occurs once. */
type WhitespaceBlindSearch = (exact: string) => { start: number; end: number } | null | "spent";

/**
 * What one import may spend looking for quotes without positions, in characters compared (~1 s in
 * all, with turns for other requests between quotes): each quote's occurrences times its length
 * (at most MAX_QUOTE_SEARCH_WORK each), and a pass over the text for each looked for with its
 * whitespace set aside. 2,000 quotes of another tool on a 400,000-character article, every one
 * needing that pass, are 800 million; a file of quotes built to repeat would otherwise cost tens
 * of seconds.
 */
const IMPORT_QUOTE_SEARCH_WORK = 1_000_000_000;
const SEARCH_SPENT =
  "This file's quotes without positions took all the looking-for one import may do: send their positions (TextPositionSelector) as well, or import the file in parts.";

/**
 * Finds a quote in `text` with whitespace set aside on both sides, when it occurs exactly once:
 * the text without its whitespace is made once per import (on the first quote that needs it) and
 * searched with indexOf. A pattern of each character with "\s*" between, run over the text, had
 * cost a quote's length at every position of a text that repeats itself (a long "aaa…b" in a reading
 * of "a a a …": minutes).
 */
function whitespaceBlindSearch(text: string, budget: QuoteSearchBudget): WhitespaceBlindSearch {
  let squeezed: { text: string; runs: { at: number; removedBefore: number }[] } | null = null;
  return (exact) => {
    const wanted = exact.replace(/\s+/g, "");
    if ([...wanted].length < MIN_LOOSE_QUOTE) return null;
    if (!budget.spend(text.length + wanted.length)) return "spent";
    squeezed ??= withoutWhitespace(text);
    const first = squeezed.text.indexOf(wanted);
    if (first === -1 || squeezed.text.indexOf(wanted, first + 1) !== -1) return null;
    const original = (index: number) => index + removedBefore(squeezed!.runs, index);
    return { start: original(first), end: original(first + wanted.length - 1) + 1 };
  };
}

/** The text without whitespace; `runs`: from each squeezed index `at` on, how many characters were removed before it. */
function withoutWhitespace(text: string): { text: string; runs: { at: number; removedBefore: number }[] } {
  const runs: { at: number; removedBefore: number }[] = [];
  let removed = 0;
  for (const run of text.matchAll(/\s+/g)) {
    removed += run[0].length;
    runs.push({ at: run.index + run[0].length - removed, removedBefore: removed });
  }
  return { text: text.replace(/\s+/g, ""), runs };
}

/** How many characters were removed before squeezed index `index` (the last run at or before it; binary search). */
function removedBefore(runs: readonly { at: number; removedBefore: number }[], index: number): number {
  let low = 0;
  let high = runs.length - 1;
  let found = 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (runs[middle].at <= index) {
      found = runs[middle].removedBefore;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** The top of a reply's thread in the file (threads are flat here), or null when it is not there. */
function threadRoot(item: ImportedAnnotation, bySourceId: Map<string, ImportedAnnotation>): ImportedAnnotation | null {
  const seen = new Set<ImportedAnnotation>([item]);
  let current = bySourceId.get(item.replyToSourceId!);
  while (current?.replyToSourceId) {
    if (seen.has(current)) return null; // a cycle of replies: no thread to join
    seen.add(current);
    current = bySourceId.get(current.replyToSourceId);
  }
  return current ?? null;
}

/** Why an item that is not the importer's own words ("An annotation", "A reply") was not imported. */
function othersWordsReason(what: string, whose: Exclude<WhoseWords, "mine">): string {
  const who = whose === "unknown" ? "The file holds several people's words and does not say which are yours" : `${what} someone else wrote`;
  return `${who}: only your own words are imported as yours.`;
}

function orphan(item: ImportedAnnotation, reason: string): ImportOrphan {
  return { sourceId: item.sourceId, quote: item.quote?.exact ?? "", reason };
}

/**
 * Keeps the other tool's creation time when it gives a real one that the databases can hold:
 * years 1 to 9999 (SQLite stores ISO text with a four-digit year, PostgreSQL has no year 0). A
 * date outside them ("+200000-01-01", "-000001-01-01") is treated like an unparsable one.
 */
function createdAt(item: ImportedAnnotation): { createdAt?: Date } {
  if (!item.created) return {};
  const date = new Date(item.created);
  if (Number.isNaN(date.getTime())) return {};
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999 ? { createdAt: date } : {};
}

/**
 * The source ids of the items that are the viewer's own annotations on this document, still there:
 * ids as our exports write them (exportedAnnotationId), checked against the database, so an id
 * from another tool, someone else's annotation or one on another document is never taken for one.
 */
async function findOwnAnnotationIds(viewerId: string, documentId: string, items: ImportedAnnotation[]): Promise<Set<string>> {
  const sourceIdsById = new Map<string, string[]>();
  for (const { sourceId } of items) {
    if (!sourceId) continue;
    const id = exportedAnnotationId(sourceId);
    sourceIdsById.set(id, [...(sourceIdsById.get(id) ?? []), sourceId]);
  }
  const rows = await inChunks([...sourceIdsById.keys()], (ids) =>
    db.annotation.findMany({
      where: { id: { in: ids }, authorId: viewerId, documentId, deletedAt: null },
      select: { id: true },
    }),
  );
  return new Set(rows.flatMap((row) => sourceIdsById.get(row.id) ?? []));
}
