// A file of its own: the worker's heap is read when the worker starts, and this module's worker starts here.
import { afterEach, describe, expect, it, vi } from "vitest";
import { readConversionLimits } from "@/lib/documents/reading-limits";
import { AppError } from "@/lib/errors";
import { convertIsolated } from "./isolated-worker";
import type { ConversionJob } from "./convert-source";

const markdown = (source: string): ConversionJob => ({
  kind: "pasted",
  format: "markdown",
  text: source,
  metadata: {},
  limits: readConversionLimits(),
});
/**
 * A GitHub table of `columns` × `rows` cells: a few bytes a cell, hundreds of bytes each in the
 * parser. In emphasis: a table of plain words that large is refused (413) by its lines before it is
 * parsed (lib/documents/markdown-table-cells.ts), and this one must be parsed to run the worker out.
 */
const table = (columns: number, rows: number) =>
  `|${"a|".repeat(columns)}\n|${"-|".repeat(columns)}\n${`|${"*x*|".repeat(columns)}\n`.repeat(rows)}`;

afterEach(() => vi.unstubAllEnvs());

describe("a reading that needs more memory than the conversion worker has", () => {
  it("is refused (422) and the worker replaced, while this process, the server's, goes on", async () => {
    // A small heap, so a table of 0.2 MB runs it out as a 1.8 MB one runs out the default 512 MB;
    // as a worker thread, 2 times in 6 that ended the whole process (QA round 6), here the test run.
    vi.stubEnv("READING_CONVERSION_MEMORY_MB", "40");
    const refused = await convertIsolated(markdown(table(400, 250)), "mallory").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("UNPROCESSABLE");
    expect((refused as AppError).message).toBe(
      "This Markdown is too complex to read here (it needs too much memory): add it as plain text, or flatten its nesting.",
    );
    // The next reading is made by a new worker.
    const made = await convertIsolated(markdown("# After\n\nA short reading of a few words."), "bob");
    expect(made.title).toBe("After");
    expect(made.paragraphs).toEqual(["A short reading of a few words."]);
  }, 60_000);
});
