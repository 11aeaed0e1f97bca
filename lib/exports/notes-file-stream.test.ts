import { describe, expect, it } from "vitest";
import { annotation, notes, ORIGIN } from "@/tests/factories/annotation-dtos";
import { buildNotesFile, NOTES_EXPORT_FORMATS } from "./notes-file";
import { streamNotesFile, type DocumentNotesSource } from "./notes-file-stream";

const EXPORTED_AT = new Date("2026-11-30T00:00:00Z");
const THREADS = [annotation({ id: "a1", body: "first" }), annotation({ id: "a2", body: "second" })];

/** A document whose second batch fails, as a database that goes away mid-export would. */
function failingSource(): DocumentNotesSource {
  const batches = async function* () {
    yield { threads: [THREADS[0]], replies: [] };
    throw new Error("the database went away");
  };
  return {
    document: notes().document,
    batches,
    items: async function* () {
      yield [THREADS[0]];
      throw new Error("the database went away");
    },
  };
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<{ text: string; error: unknown }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    return { text, error: null };
  } catch (error) {
    return { text, error };
  }
}

describe("streamNotesFile", () => {
  it.each(NOTES_EXPORT_FORMATS)(
    "%s: a failure mid-stream errors the stream; it never ends as if the file were complete",
    async (format) => {
      const options = {
        format,
        origin: ORIGIN,
        viewerId: "viewer",
        exportedAt: EXPORTED_AT,
        baseName: "notes",
        collection: { id: `${ORIGIN}/c`, label: "Notes", total: 2 },
        colorLabels: {},
      };
      const { text, error } = await readAll(streamNotesFile([failingSource(), failingSource()], options, false).body);
      expect(error).toMatchObject({ message: "the database went away" });
      // What did arrive is not the whole file: the complete one (from the same two threads) is longer.
      const complete = buildNotesFile([notes({ annotations: THREADS })], {
        ...options,
        isSingleDocument: false,
        collection: { id: `${ORIGIN}/c`, label: "Notes" },
      });
      expect(text.length).toBeLessThan(new TextDecoder().decode(complete.body).length);
      if (format === "jsonld" || format === "hypothesis") expect(() => JSON.parse(text)).toThrow();
    },
  );
});
