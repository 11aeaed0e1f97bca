import { WEB_ANNOTATION_CONTEXT, WEB_ANNOTATION_MEDIA_TYPE } from "@/lib/annotations/web-annotation";
import type { AnnotationDto } from "@/lib/annotations/types";
import { notesCsvHead, notesCsvRow } from "./csv";
import { groupRepliesByThread, type ColorLabels, type DocumentNotes } from "./document-notes";
import { hypothesisEnvelope, toHypothesisThread } from "./hypothesis-json";
import type { NotesExportFormat } from "./notes-file";
import { documentTags, obsidianFileName, obsidianHeader, obsidianThread } from "./obsidian-markdown";
import { toStyledWebAnnotation } from "./web-annotation-style";
import { ZipWriter } from "./zip";

/**
 * The streamed counterpart of `buildNotesFile`: the same bytes, written while the notes are read a
 * batch at a time, so memory holds one batch (one document's Markdown inside a .zip) whatever the
 * export's size. Everything that can refuse is decided before the stream is made; an error while it
 * runs errors the stream (the response is cut off, never ended as if complete).
 */
export type NotesBatch = {
  /** Threads in reading order. */
  threads: AnnotationDto[];
  /** The replies in those threads (any order: they are sorted per thread, oldest first). */
  replies: AnnotationDto[];
};

export type DocumentNotesSource = {
  document: DocumentNotes["document"];
  /** The document's threads with their replies, a batch at a time. Markdown calls it twice (tags first). */
  batches: () => AsyncIterable<NotesBatch>;
  /** JSON-LD's items: the threads that are not deleted, then the replies in them, a batch at a time. */
  items: () => AsyncIterable<AnnotationDto[]>;
};

export type NotesStreamOptions = {
  format: NotesExportFormat;
  origin: string;
  viewerId: string;
  exportedAt: Date;
  /** The download's name without extension, for every format (the files in a Markdown `.zip` are named by slug). */
  baseName: string;
  /** JSON-LD: the AnnotationCollection's IRI and label, and how many items it holds (counted beforehand). */
  collection: { id: string; label: string; total: number };
  /** The exporter's colour meanings, for their own annotations in Markdown and CSV. */
  colorLabels: ColorLabels;
};

export type NotesFileStream = { filename: string; contentType: string; body: ReadableStream<Uint8Array> };

/** One document's notes are a plain `.md`; several (or none, across documents) are a `.zip` of them. */
export function streamNotesFile(documents: DocumentNotesSource[], options: NotesStreamOptions, isSingleDocument: boolean): NotesFileStream {
  const { format, baseName } = options;
  switch (format) {
    case "markdown":
      if (isSingleDocument || documents.length === 1) {
        const [notes] = documents;
        return {
          filename: `${baseName}.md`,
          contentType: "text/markdown; charset=utf-8",
          body: toByteStream(notes ? markdownChunks(notes, options) : empty()),
        };
      }
      return { filename: `${baseName}.zip`, contentType: "application/zip", body: toByteStream(zipChunks(documents, options)) };
    case "csv":
      return {
        filename: `${baseName}.csv`,
        contentType: "text/csv; charset=utf-8; header=present",
        body: toByteStream(csvChunks(documents, options)),
      };
    case "hypothesis":
      return {
        filename: `${baseName}.hypothesis.json`,
        contentType: "application/json; charset=utf-8",
        body: toByteStream(hypothesisChunks(documents, options)),
      };
    case "jsonld":
      return {
        filename: `${baseName}.jsonld`,
        contentType: WEB_ANNOTATION_MEDIA_TYPE,
        body: toByteStream(jsonLdChunks(documents, options)),
      };
  }
}

/** `toObsidianMarkdown`, a batch at a time: a first pass gathers the front matter's tags. */
export async function* markdownChunks(notes: DocumentNotesSource, options: NotesStreamOptions): AsyncGenerator<string> {
  const tags: string[] = [];
  const seenTags = new Set<string>();
  let threadCount = 0;
  for await (const { threads } of notes.batches()) {
    threadCount += threads.length;
    tags.push(...documentTags(threads, seenTags));
  }
  // The file is its lines joined by "\n": each piece after the first starts with the separator.
  yield obsidianHeader(notes.document, tags, threadCount === 0, options).join("\n");
  for await (const { threads, replies } of notes.batches()) {
    const repliesByThread = groupRepliesByThread(replies);
    const lines = threads.flatMap((thread) => obsidianThread(notes.document, thread, repliesByThread.get(thread.id) ?? [], options));
    if (lines.length > 0) yield `\n${lines.join("\n")}`;
  }
}

async function* zipChunks(documents: DocumentNotesSource[], options: NotesStreamOptions): AsyncGenerator<Uint8Array> {
  const zip = new ZipWriter();
  for (const notes of documents) {
    // A stored ZIP entry's header carries its CRC and size, so one document's file is whole in memory.
    let data = "";
    for await (const chunk of markdownChunks(notes, options)) data += chunk;
    yield zip.add({ name: obsidianFileName(notes.document.slug), data, modifiedAt: options.exportedAt });
  }
  yield zip.finish();
}

async function* csvChunks(documents: DocumentNotesSource[], options: NotesStreamOptions): AsyncGenerator<string> {
  yield notesCsvHead({ origin: options.origin });
  for (const notes of documents) {
    for await (const { threads, replies } of notes.batches()) {
      const repliesByThread = groupRepliesByThread(replies);
      yield threads.map((thread) => notesCsvRow(notes.document, thread, repliesByThread.get(thread.id) ?? [], options)).join("");
    }
  }
}

async function* hypothesisChunks(documents: DocumentNotesSource[], options: NotesStreamOptions): AsyncGenerator<string> {
  const items = (async function* () {
    for (const notes of documents) {
      for await (const { threads, replies } of notes.batches()) {
        const repliesByThread = groupRepliesByThread(replies);
        yield threads.flatMap((thread) => toHypothesisThread(notes.document, thread, repliesByThread.get(thread.id) ?? [], options));
      }
    }
  })();
  yield* jsonArrayChunks({ ...hypothesisEnvelope(options), annotations: [] }, "annotations", 2, items);
}

async function* jsonLdChunks(documents: DocumentNotesSource[], options: NotesStreamOptions): AsyncGenerator<string> {
  const { id, label, total } = options.collection;
  const envelope = {
    "@context": WEB_ANNOTATION_CONTEXT,
    id,
    type: "AnnotationCollection",
    label,
    total,
    first: { id: `${id}#page1`, type: "AnnotationPage", startIndex: 0, items: [] },
  };
  const items = (async function* () {
    for (const notes of documents) {
      for await (const batch of notes.items())
        yield batch.map((annotation) => toStyledWebAnnotation(annotation, options.origin, notes.document.versions));
    }
  })();
  yield* jsonArrayChunks(envelope, "items", 3, items);
}

/**
 * `JSON.stringify(envelope, null, 2)` with the (empty) array under `key` filled from `batches` as
 * they come: `depth` is how deeply the array is nested, so the items are indented as the whole
 * would have been.
 */
export async function* jsonArrayChunks(
  envelope: object,
  key: string,
  depth: number,
  batches: AsyncIterable<unknown[]>,
): AsyncGenerator<string> {
  const [head, tail] = JSON.stringify(envelope, null, 2).split(`"${key}": []`);
  const indent = "  ".repeat(depth);
  yield `${head}"${key}": [`;
  let written = 0;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    yield batch
      .map((item) => `${written++ > 0 ? "," : ""}\n${indent}${JSON.stringify(item, null, 2).replace(/\n/g, `\n${indent}`)}`)
      .join("");
  }
  yield `${written > 0 ? `\n${"  ".repeat(depth - 1)}` : ""}]${tail}`;
}

async function* empty(): AsyncGenerator<string> {}

/**
 * Chunks as a byte stream, read only as fast as the client takes them (pull). A chunk that fails
 * errors the stream, so the download fails rather than ending early as if it were complete.
 */
export function toByteStream(chunks: AsyncIterable<string | Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : next.value);
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}
