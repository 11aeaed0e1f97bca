import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import { buildNotesFile } from "@/lib/exports/notes-file";
import { db } from "@/server/db/client";
import { annotate, createDocument, createUser, reply, type TestUser } from "@/tests/factories";
import { deleteAnnotation } from "./delete-annotation";
import { exportAnnotations } from "./export-annotations";
import { streamDocumentJsonLd } from "./stream-document-export";
import { updateAnnotation } from "./update-annotation";

const SLUG = "stream-export";
const ORIGIN = "https://marginalia.example";
const COLLECTION_ID = `${ORIGIN}/api/documents/${SLUG}/export?format=jsonld`;
let author: TestUser;
let reader: TestUser;

beforeAll(async () => {
  await createDocument(SLUG);
  [author, reader] = [await createUser({ name: "Author" }), await createUser({ name: "Reader" })];
  // Out of document order, two on one phrase, replies from both, a deleted thread kept for its reply.
  const later = await annotate(author, SLUG, "everyone", { at: "diplomatic engagement", body: "later", tags: ["a", "b"] });
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
});
afterAll(() => db.$disconnect());

/** The file as built in memory by the non-streaming path: the oracle. */
async function builtFile(viewer: TestUser, onlyMine: boolean): Promise<string> {
  const data = await exportAnnotations(viewer, SLUG, { onlyMine });
  const file = buildNotesFile([data], {
    format: "jsonld",
    origin: ORIGIN,
    viewerId: viewer.id,
    exportedAt: new Date(),
    baseName: `${SLUG}-annotations`,
    isSingleDocument: true,
    collection: { id: COLLECTION_ID, label: `Annotations on “${(await db.document.findUniqueOrThrow({ where: { slug: SLUG } })).title}”` },
  });
  return new TextDecoder().decode(file.body);
}

async function streamedFile(viewer: TestUser, onlyMine: boolean, batchSize: number): Promise<{ text: string; chunks: number }> {
  const stream = await streamDocumentJsonLd(viewer, SLUG, {
    onlyMine,
    origin: ORIGIN,
    collection: { id: COLLECTION_ID, label: (title) => `Annotations on “${title}”` },
    batchSize,
  });
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    text += decoder.decode(chunk.value, { stream: true });
    chunks += 1;
  }
  return { text, chunks };
}

describe("streamDocumentJsonLd", () => {
  it.each([
    ["everything the reader may read", false],
    ["only the author's own", true],
  ])("writes exactly the bytes the in-memory export makes (%s), a batch at a time", async (_label, onlyMine) => {
    for (const viewer of [author, reader]) {
      const expected = await builtFile(viewer, onlyMine);
      const items = (JSON.parse(expected) as { first: { items: unknown[] } }).first.items.length;
      for (const batchSize of [1, 2, 500]) {
        const { text, chunks } = await streamedFile(viewer, onlyMine, batchSize);
        expect(text).toBe(expected);
        // The head, one chunk per batch read, and the tail: never the whole file in one piece.
        if (batchSize === 1 && items > 0) expect(chunks).toBeGreaterThanOrEqual(items + 2);
      }
    }
    expect(JSON.parse(await builtFile(author, onlyMine)).total).toBeGreaterThan(onlyMine ? 3 : 5);
  });

  it("refuses before the first byte: an unknown document is 404, an export over EXPORT_MAX_ANNOTATIONS is 413", async () => {
    const options = { onlyMine: false, origin: ORIGIN, collection: { id: COLLECTION_ID, label: () => "x" } };
    await expect(streamDocumentJsonLd(author, "no-such-document", options)).rejects.toMatchObject({ status: 404 });
    process.env.EXPORT_MAX_ANNOTATIONS = "2";
    try {
      await expect(streamDocumentJsonLd(author, SLUG, options)).rejects.toMatchObject({ status: 413 });
    } finally {
      delete process.env.EXPORT_MAX_ANNOTATIONS;
    }
  });
});
