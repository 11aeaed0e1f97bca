// Every streamed notes export against the in-memory implementation it replaced (exportAnnotations /
// listMyNotes / listGroupNotes + buildNotesFile), byte for byte, on thousands of annotations and
// replies, in every format, read a batch at a time with batch sizes that split ties and threads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filterAnnotations, type AnnotationFilter, matchesFilter, NO_FILTER } from "@/lib/annotations/annotation-filter";
import { ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import type { DocumentNotes } from "@/lib/exports/document-notes";
import { buildNotesFile, datedBaseName, NOTES_EXPORT_FORMATS, type NotesExportFormat } from "@/lib/exports/notes-file";
import type { NotesFileStream } from "@/lib/exports/notes-file-stream";
import { db } from "@/server/db/client";
import { updateReaderPreferences } from "@/server/preferences/reader-preferences";
import { listGroupNotes, streamGroupNotes } from "@/server/review/list-group-notes";
import { annotate, createDocument, createGroup, createUser, insertAnnotation, insertReply, reply, type TestUser } from "@/tests/factories";
import { insertBulkNotes } from "@/tests/factories/bulk-annotations";
import { deleteAnnotation } from "./delete-annotation";
import { exportAnnotations } from "./export-annotations";
import { listMyNotes } from "./list-my-notes";
import { streamDocumentExport, streamThreadsExport, type ExportFileOptions } from "./stream-notes-export";
import { ownThreadsWhere } from "@/server/authz/annotations";
import { updateAnnotation } from "./update-annotation";

const SLUG = "stream-export";
const OTHER = "stream-export-other";
const ORIGIN = "https://marginalia.example";
const EXPORTED_AT = new Date("2026-11-30T01:02:03.000Z");
const BULK_THREADS = 1_500;
let author: TestUser;
let reader: TestUser;
let teacher: TestUser;
let group: { id: string };

beforeAll(async () => {
  const document = await createDocument(SLUG);
  await createDocument(OTHER);
  [author, reader, teacher] = [
    await createUser({ name: "Author" }),
    await createUser({ name: "Reader" }),
    await createUser({ name: "Teacher" }),
  ];
  group = await createGroup(teacher, { name: "Seminar", members: { member: [author, reader] } });
  // Made through the app: out of document order, two on one phrase, replies from both, a deleted
  // thread kept for its reply, an edit.
  const later = await annotate(author, SLUG, "everyone", { at: "diplomatic engagement", body: "later", tags: ["a", "b"], color: "pink" });
  const first = await annotate(author, SLUG, "everyone", { at: "Deobandi school of Sunni Islam", body: "" });
  await annotate(author, SLUG, "everyone", { at: "Deobandi school of Sunni Islam", body: "same place" });
  await annotate(author, SLUG, "private", { at: "This distinction matters", body: "mine only" });
  const gone = await annotate(author, SLUG, "everyone", { at: "UN Analytical Support", body: "to delete" });
  await reply(reader, gone.id, "a reply that keeps it");
  await deleteAnnotation(author, gone.id);
  await reply(reader, later.id, "first reply");
  await reply(author, later.id, "second reply");
  await updateAnnotation(author, first.id, ZUpdateAnnotationSchema.parse({ body: "edited" }));
  await annotate(reader, SLUG, "everyone", { at: "selective application of force", body: "the reader's" });
  await annotate(author, OTHER, "everyone", { body: "on the other reading", color: "pink" });
  await annotate(reader, OTHER, { group: group.id }, { body: "the reader's, to the group" });
  await insertBulkNotes({
    document,
    threads: BULK_THREADS,
    authors: [author, reader],
    group: { id: group.id, instructor: teacher },
    prefix: "bulk",
  });
  // What some readers may not see: a thread the instructor hid, and threads in a seminar that hides
  // peers' threads from a member until they have posted twice there (the reader has not).
  const hidden = await insertAnnotation(author, document, {
    visibility: { group: group.id },
    hiddenBy: teacher,
    body: "hidden by the teacher",
  });
  await insertReply(reader, hidden, { body: "a reply under the hidden thread" });
  const quiet = await createGroup(teacher, { name: "Quiet seminar", hideUntilPostCount: 2, members: { member: [author, reader] } });
  for (const body of ["quiet one", "quiet two"]) {
    const thread = await annotate(author, SLUG, { group: quiet.id }, { body });
    await reply(author, thread.id, `${body}, answered`);
  }
}, 120_000);
afterAll(() => db.$disconnect());

function options(format: NotesExportFormat, batchSize?: number): ExportFileOptions {
  return {
    format,
    origin: ORIGIN,
    exportedAt: EXPORTED_AT,
    baseName: "notes",
    collection: { id: `${ORIGIN}/collection`, label: (documentTitle) => `Notes on ${documentTitle ?? "everything"}` },
    batchSize,
  };
}

/** The previous implementation's file for the same data: the oracle. */
function built(documents: DocumentNotes[], format: NotesExportFormat, viewerId: string, isSingleDocument: boolean, baseName = "notes") {
  return buildNotesFile(documents, {
    format,
    origin: ORIGIN,
    viewerId,
    exportedAt: EXPORTED_AT,
    baseName,
    isSingleDocument,
    collection: {
      id: `${ORIGIN}/collection`,
      label: `Notes on ${isSingleDocument ? (documents[0]?.document.title ?? "everything") : "everything"}`,
    },
  });
}

async function read(file: NotesFileStream): Promise<{ bytes: Buffer; chunks: number }> {
  const parts: Uint8Array[] = [];
  const reader = file.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parts.push(chunk.value);
  return { bytes: Buffer.concat(parts), chunks: parts.length };
}

async function expectSameFile(streamed: NotesFileStream, expected: ReturnType<typeof buildNotesFile>) {
  const { bytes, chunks } = await read(streamed);
  expect(streamed.filename).toBe(expected.filename);
  expect(streamed.contentType).toBe(expected.contentType);
  if (expected.contentType === "application/zip") expect(Buffer.compare(bytes, Buffer.from(expected.body))).toBe(0);
  // Buffer keeps a byte order mark, which TextDecoder would drop.
  else expect(bytes.toString("utf8")).toBe(Buffer.from(expected.body).toString("utf8"));
  return chunks;
}

describe("streamDocumentExport", () => {
  it.each(NOTES_EXPORT_FORMATS)(
    "%s: the same bytes as the in-memory export, for each viewer, all or only theirs, at any batch size",
    { timeout: 300_000 },
    async (format) => {
      // A batch size that splits ties and threads, and the default; two viewers, all or only theirs.
      const runs = [
        { viewer: author, onlyMine: false, batchSizes: [97, 500] },
        { viewer: teacher, onlyMine: false, batchSizes: [500] },
        { viewer: reader, onlyMine: false, batchSizes: [97] },
        { viewer: author, onlyMine: true, batchSizes: [500] },
      ];
      for (const { viewer, onlyMine, batchSizes } of runs) {
        const data = await exportAnnotations(viewer, SLUG, { onlyMine });
        const expected = built([data], format, viewer.id, true);
        for (const batchSize of batchSizes) {
          const chunks = await expectSameFile(
            await streamDocumentExport(viewer, SLUG, { ...options(format, batchSize), onlyMine }),
            expected,
          );
          // Written as it is read: never the whole file in one piece.
          if (batchSize === 97 && data.annotations.length > 500) expect(chunks).toBeGreaterThan(data.annotations.length / 97);
        }
      }
      // The data is what it claims: thousands of threads and replies reach the author's export.
      const everything = await exportAnnotations(author, SLUG, { onlyMine: false });
      expect(everything.annotations.length).toBeGreaterThan(1_000);
      expect(everything.replies.length).toBeGreaterThan(300);
    },
  );

  const FILTERS: [string, Partial<AnnotationFilter>][] = [
    ["mine, pink", { scope: "mine", color: "pink" }],
    ["the group's, tagged term", { scope: "groups", show: `group:GROUP`, tag: "term" }],
    ["everyone's, searching", { scope: "everyone", query: "QUOTED" }],
    ["an author's private notes", { scope: "everyone", show: "private", authorId: "AUTHOR" }],
  ];
  it.each(FILTERS)(
    "what is shown (%s): the in-memory export narrowed by the sidebar's own filter, in every format",
    { timeout: 120_000 },
    async (_label, partial) => {
      const filter: AnnotationFilter = {
        ...NO_FILTER,
        ...partial,
        show: (partial.show ?? "all").replace("GROUP", group.id),
        authorId: partial.authorId ? author.id : "",
      };
      const data = await exportAnnotations(author, SLUG, { onlyMine: false });
      const threads = filterAnnotations(data.annotations, filter, author.id);
      const shown = new Set(threads.map((thread) => thread.id));
      const narrowed = { ...data, annotations: threads, replies: data.replies.filter((item) => shown.has(item.parentId!)) };
      expect(threads.length).toBeGreaterThan(10);
      expect(threads.length).toBeLessThan(data.annotations.length / 2);
      for (const format of NOTES_EXPORT_FORMATS) {
        const streamed = await streamDocumentExport(author, SLUG, {
          ...options(format, 100),
          onlyMine: false,
          isShown: (annotation) => matchesFilter(annotation, filter, author.id),
        });
        await expectSameFile(streamed, built([narrowed], format, author.id, true));
      }
    },
  );

  it("holds what the reading rule hides from a reader: another's thread an instructor hid, a seminar's threads before they post", async () => {
    const text = async (viewer: TestUser) =>
      (await read(await streamDocumentExport(viewer, SLUG, { ...options("markdown", 97), onlyMine: false }))).bytes.toString("utf8");
    const [forReader, forTeacher] = [await text(reader), await text(teacher)];
    for (const words of ["hidden by the teacher", "a reply under the hidden thread", "quiet one", "quiet two, answered"])
      expect(forReader).not.toContain(words);
    for (const words of ["hidden by the teacher", "a reply under the hidden thread", "quiet one", "quiet two, answered"])
      expect(forTeacher).toContain(words);
  });

  it("judges each batch's rows again as they are read: a thread made private and edited meanwhile is left out", async () => {
    const { id: documentId } = await db.document.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true } });
    // The author's shared thread last in reading order: in the last batch of 97.
    const last = await db.annotation.findFirstOrThrow({
      where: { documentId, authorId: author.id, parentId: null, visibility: "everyone", deletedAt: null },
      orderBy: [{ start: "desc" }, { createdAt: "desc" }, { id: "desc" }],
      select: { id: true, body: true },
    });
    const exportAsCsv = () => streamDocumentExport(reader, SLUG, { ...options("csv", 97), onlyMine: false });
    const body = (await exportAsCsv()).body.getReader();
    const decoder = new TextDecoder();
    // Read until the first batch's rows have come (every thread's id was read before them).
    let text = "";
    while (text.split("\r\n").length < 3) text += decoder.decode((await body.read()).value, { stream: true });
    await db.annotation.update({ where: { id: last.id }, data: { visibility: "private", body: "made private meanwhile" } });
    try {
      for (let chunk = await body.read(); !chunk.done; chunk = await body.read()) text += decoder.decode(chunk.value, { stream: true });
    } finally {
      await db.annotation.update({ where: { id: last.id }, data: { visibility: "everyone", body: last.body } });
    }
    expect(text).not.toContain("made private meanwhile");
    // The same export read whole after the change was undone holds that thread: one row more.
    const after = (await read(await exportAsCsv())).bytes.toString("utf8");
    expect(after.split("\r\n").length).toBe(text.split("\r\n").length + 1);
  });

  it("refuses before the first byte: an unknown document is 404, an export over EXPORT_MAX_ANNOTATIONS is 413", async () => {
    await expect(streamDocumentExport(author, "no-such-document", { ...options("markdown"), onlyMine: false })).rejects.toMatchObject({
      status: 404,
    });
    await expect(streamDocumentExport(null, SLUG, { ...options("markdown"), onlyMine: false })).rejects.toMatchObject({ status: 401 });
    process.env.EXPORT_MAX_ANNOTATIONS = "2";
    try {
      for (const format of NOTES_EXPORT_FORMATS) {
        await expect(streamDocumentExport(author, SLUG, { ...options(format), onlyMine: false })).rejects.toMatchObject({ status: 413 });
      }
    } finally {
      delete process.env.EXPORT_MAX_ANNOTATIONS;
    }
  });
});

describe("streamThreadsExport (my notes) and streamGroupNotes", () => {
  it.each(NOTES_EXPORT_FORMATS)(
    "%s: my notes across documents and on one, the same bytes as before",
    { timeout: 300_000 },
    async (format) => {
      for (const viewer of [author, reader]) {
        const all = await listMyNotes(viewer);
        expect(all).toHaveLength(2);
        await expectSameFile(
          await streamThreadsExport(viewer, ownThreadsWhere, undefined, options(format, 97)),
          built(all, format, viewer.id, false),
        );
        const one = await listMyNotes(viewer, { documentSlug: SLUG });
        await expectSameFile(
          await streamThreadsExport(viewer, ownThreadsWhere, SLUG, options(format, 500)),
          built(one, format, viewer.id, true),
        );
      }
    },
  );

  it.each(NOTES_EXPORT_FORMATS)(
    "%s: a group's notes for its instructor, the same bytes as before",
    { timeout: 120_000 },
    async (format) => {
      const all = await listGroupNotes(teacher, group.id);
      expect(all.flatMap((notes) => notes.annotations).length).toBeGreaterThan(500);
      // Named after the group ("seminar-2025-…"), as its review CSVs are.
      await expectSameFile(
        await streamGroupNotes(teacher, group.id, undefined, options(format, 250)),
        built(all, format, teacher.id, false, datedBaseName("seminar", EXPORTED_AT)),
      );
      const one = await listGroupNotes(teacher, group.id, OTHER);
      await expectSameFile(
        await streamGroupNotes(teacher, group.id, OTHER, options(format)),
        built(one, format, teacher.id, true, datedBaseName(`seminar-${OTHER}`, EXPORTED_AT)),
      );
    },
  );

  it("a group's notes are its staff's: a member is refused (403), an outsider told nothing (404), before the first byte", async () => {
    const outsider = await createUser({ name: "Outsider" });
    await expect(streamGroupNotes(reader, group.id, undefined, options("csv"))).rejects.toMatchObject({ status: 403 });
    await expect(streamGroupNotes(outsider, group.id, undefined, options("csv"))).rejects.toMatchObject({ status: 404 });
  });

  it("notes on one document only are a plain .md, not a .zip, even when exported across documents", async () => {
    const solo = await createUser({ name: "Solo" });
    await annotate(solo, OTHER, "private", { body: "the only one" });
    const file = await streamThreadsExport(solo, ownThreadsWhere, undefined, options("markdown"));
    // Named like the export's other formats (`notes.csv`, `notes.jsonld`), not after the document.
    expect(file.filename).toBe("notes.md");
    expect(file.contentType).toMatch(/^text\/markdown/);
    // The same text as exporting that one document.
    await expectSameFile(file, built(await listMyNotes(solo, { documentSlug: OTHER }), "markdown", solo.id, true));
  });
});

describe("a deleted thread's replies", () => {
  it("are in Markdown under “(deleted)”, and in neither JSON format: there they would answer an annotation that is gone", async () => {
    const text = async (file: Promise<NotesFileStream>) => (await read(await file)).bytes.toString("utf8");
    const files = {
      reading: (format: NotesExportFormat) => text(streamDocumentExport(author, SLUG, { ...options(format, 97), onlyMine: false })),
      "my notes": (format: NotesExportFormat) => text(streamThreadsExport(author, ownThreadsWhere, SLUG, options(format, 97))),
    };
    for (const file of Object.values(files)) {
      expect(await file("markdown")).toContain("*(deleted)*\n\nAuthor, ");
      expect(await file("markdown")).toContain("a reply that keeps it");

      const jsonLd = JSON.parse(await file("jsonld"));
      const items = jsonLd.first.items as { id: string; target: unknown; body?: { value: string } }[];
      const ids = new Set(items.map((item) => item.id));
      const replyTargets = items.flatMap((item) => (typeof item.target === "string" ? [item.target] : []));
      expect(replyTargets.length).toBeGreaterThan(0);
      expect(replyTargets.filter((target) => !ids.has(target))).toEqual([]);
      expect(jsonLd.total).toBe(items.length);

      const hypothesis = JSON.parse(await file("hypothesis"));
      const hypothesisIds = new Set(hypothesis.annotations.map((item: { id: string }) => item.id));
      const references = hypothesis.annotations.flatMap((item: { references?: string[] }) => item.references ?? []);
      expect(references.length).toBeGreaterThan(0);
      expect(references.filter((id: string) => !hypothesisIds.has(id))).toEqual([]);
      expect(JSON.stringify(hypothesis)).not.toContain("a reply that keeps it");
    }
  });
});

describe("colour meanings", () => {
  it("Markdown and CSV name the exporter's own highlights by their meaning, and others' by the colour", async () => {
    await updateReaderPreferences(reader.id, {
      colorLabels: { pink: "Evidence" },
      shortcuts: { enabled: true, highlight: "h", annotate: "a" },
      liveUpdates: "immediate",
    });
    await annotate(reader, OTHER, "everyone", { body: "my evidence", color: "pink" });
    const markdown = (await read(await streamDocumentExport(reader, OTHER, { ...options("markdown"), onlyMine: false }))).bytes.toString(
      "utf8",
    );
    const mine = markdown.split("---\n").find((part) => part.includes("my evidence"))!;
    const theirs = markdown.split("---\n").find((part) => part.includes("on the other reading"))!;
    expect(mine).toContain("· Evidence (Pink) ·");
    expect(mine).not.toContain("Colour: Pink");
    expect(theirs).toContain("· Colour: Pink ·");
    const csv = (await read(await streamDocumentExport(reader, OTHER, { ...options("csv"), onlyMine: false }))).bytes.toString("utf8");
    expect(csv.split("\r\n").find((row) => row.includes("my evidence"))).toContain(",Pink — Evidence,");
    expect(csv.split("\r\n").find((row) => row.includes("on the other reading"))).toContain(",Pink,");
  });
});
