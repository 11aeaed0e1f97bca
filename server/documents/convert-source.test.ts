import { readFileSync } from "node:fs";
import path from "node:path";
import { Document as DocxDocument, Packer, Paragraph, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { readConversionLimits } from "@/lib/documents/reading-limits";
import { epubWithChapter } from "@/tests/epub";
import { draftReading, type ConversionJob } from "./convert-source";

const limits = readConversionLimits({});
const pasted = (format: "text" | "markdown", text: string): ConversionJob => ({ kind: "pasted", format, text, metadata: {}, limits });
const file = (format: "text" | "markdown" | "html" | "epub" | "docx", name: string, content: string | Uint8Array): ConversionJob => ({
  kind: "bytes",
  format,
  bytes: typeof content === "string" ? new TextEncoder().encode(content) : content,
  name,
  metadata: {},
  charset: null,
  sourceUrl: null,
  limits,
});

describe("a reading's control characters (QA round 6: BEL, ESC and backspace were kept in the text and the title made from it)", () => {
  it("are left out of pasted text, and of the title made from its first line", async () => {
    const draft = await draftReading(pasted("text", "Bell\u0007 and escape\u001b[31m red \u0008 backspace"));
    expect(draft.text).toBe("Bell and escape[31m red  backspace");
    expect(draft.title).toBe("Bell and escape[31m red backspace");
  });

  it("are left out of Markdown before it is read, so the marks over the text still fall on their words", async () => {
    const draft = await draftReading(
      pasted("markdown", "# Ti\u001btle\n\nA \u0007**bold**\u0008 word.\n\n```\ncode\u0007\n\u0007\nmore\n```"),
    );
    expect(draft.title).toBe("Title");
    expect(draft.paragraphs).toEqual(["A bold word.", "code\nmore"]);
    const bold = draft.structure!.marks.find((mark) => mark.kind === "strong")!;
    expect(draft.text.slice(bold.start, bold.end)).toBe("bold");
  });

  it("are left out of text, Markdown and HTML files; a form feed ends the line", async () => {
    expect((await draftReading(file("text", "a.txt", "Title\n\nOne\u001b line.\u000cNext page."))).paragraphs).toEqual([
      "One line. Next page.",
    ]);
    expect((await draftReading(file("markdown", "a.md", "Some\u0007 *words*\u007f here."))).text).toBe("Some words here.");
    const page =
      "<html><head><title>A\u0007 page</title></head><body><article><p>Escape\u001b[0m sequence, one of many words in this paragraph of an article.</p></article></body></html>";
    const html = await draftReading(file("html", "a.html", page));
    expect(html.text).toBe("Escape[0m sequence, one of many words in this paragraph of an article.");
    expect(html.title).toBe("A page");
  });

  it("are left out of HTML, EPUB and DOCX text written as character references too, and the marks still fall on their words", async () => {
    const words = "one of many words in this paragraph of an article";
    const emphasised = (draft: Awaited<ReturnType<typeof draftReading>>) => {
      const mark = draft.structure!.marks.find((found) => found.kind === "emphasis")!;
      return draft.text.slice(mark.start, mark.end);
    };
    const page = `<html><head><title>T</title></head><body><article><p>Bell&#7; and escape&#x1B;[0m, <em>${words}</em>.</p></article></body></html>`;
    const html = await draftReading(file("html", "a.html", page));
    expect(html.paragraphs).toEqual([`Bell and escape[0m, ${words}.`]);
    expect(emphasised(html)).toBe(words);

    const chapter = `<h1>Chapter</h1><p>Bell\u0007 and escape&#27;[0m, <em>${words}</em>.</p>`;
    const epub = await draftReading(file("epub", "a.epub", epubWithChapter(chapter)));
    expect(epub.paragraphs).toContain(`Bell and escape[0m, ${words}.`);
    expect(emphasised(epub)).toBe(words);

    const runs = [new TextRun("Bell\u0007 and escape\u001b[0m, "), new TextRun({ text: words, italics: true }), new TextRun(".")];
    const document = new DocxDocument({ sections: [{ children: [new Paragraph({ children: runs })] }] });
    const docx = await draftReading(file("docx", "a.docx", new Uint8Array(await Packer.toBuffer(document))));
    expect(docx.paragraphs).toEqual([`Bell and escape[0m, ${words}.`]);
    expect(emphasised(docx)).toBe(words);
  });
});

describe("a reading's size in paragraphs and table cells", () => {
  const table = (columns: number, rows: number, cell = "x") =>
    `|${"a|".repeat(columns)}\n|${"-|".repeat(columns)}\n${`|${`${cell}|`.repeat(columns)}\n`.repeat(rows)}`;

  it("is refused (413) past READING_MAX_TABLE_CELLS, counting a cell of several paragraphs once", async () => {
    const small = { ...limits, maxTableCells: 12 };
    // Emphasis in the cells: not counted before parsing (lib/documents/markdown-table-cells.ts), so parsed and counted after.
    const fits = await draftReading({ ...pasted("markdown", table(3, 3, "*x*")), limits: small });
    expect(fits.paragraphs).toHaveLength(12);
    const refused = await draftReading({ ...pasted("markdown", table(3, 4, "*x*")), limits: small }).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      status: 413,
      message: expect.stringMatching(/^This reading's tables have 15 cells; a reading may have at most 12\./),
    });
  });

  it("is refused (413) before the Markdown is parsed when its lines already show too many cells (a 1,000 × 100 table)", async () => {
    for (const job of [pasted("markdown", table(100, 1_000)), file("markdown", "big.md", table(100, 1_000))]) {
      const refused = await draftReading(job).catch((error: unknown) => error);
      expect(refused).toMatchObject({
        status: 413,
        message: expect.stringMatching(/^This reading's tables have at least 100,100 cells; a reading may have at most 20,000\./),
      });
    }
    // At the limit, the same kind of table is read whole.
    const atLimit = await draftReading({ ...pasted("markdown", table(4, 2)), limits: { ...limits, maxTableCells: 12 } });
    expect(atLimit.paragraphs).toHaveLength(12);
  });

  it("reads a PDF's tables past READING_MAX_TABLE_CELLS as lines, not refused for tables it does not state", async () => {
    const pdf = (maxTableCells: number) => ({
      kind: "bytes" as const,
      format: "pdf" as const,
      bytes: new Uint8Array(readFileSync(path.join(__dirname, "..", "..", "tests", "fixtures", "readings", "table-word.pdf"))),
      name: "table-word.pdf",
      metadata: {},
      charset: null,
      sourceUrl: null,
      limits: { ...limits, maxTableCells },
    });
    const cellsOf = (draft: Awaited<ReturnType<typeof draftReading>>) =>
      (draft.structure?.blocks ?? []).filter((block) => block?.kind === "table-cell").length;
    const whole = await draftReading(pdf(20_000));
    expect(cellsOf(whole)).toBeGreaterThan(12);
    const asLines = await draftReading(pdf(12));
    expect(cellsOf(asLines)).toBe(0);
    // The same words, in the same order.
    expect(asLines.text.split(/\s+/).join(" ")).toBe(whole.text.split(/\s+/).join(" "));
  });

  it("is refused (413) past READING_MAX_PARAGRAPHS, before the draft leaves the worker", async () => {
    const refused = await draftReading({
      ...pasted("text", "Title\n\nOne.\n\nTwo.\n\nThree."),
      limits: { ...limits, maxParagraphs: 2 },
    }).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      status: 413,
      message: expect.stringMatching(/^This reading has 3 paragraphs; a reading may have at most 2\./),
    });
  });
});

describe("raw HTML in Markdown (a GitHub README's centred title, its <details>, H<sub>2</sub>O)", () => {
  it("is read for its text and marks as a page's HTML is, never rendered; its scripts and styles are left out", async () => {
    // Before: every word inside an HTML block was dropped, and inline tags' words lost their marks.
    const draft = await draftReading(
      pasted(
        "markdown",
        [
          '<h1 align="center">Tide Tables</h1>',
          '<p align="center">\n  <img src="logo.png" alt="A wave over a rock" width="200">\n</p>',
          'Water is H<sub>2</sub>O, <b>always</b>; see <a href="https://example.org/tides">the tables</a> or <a href="javascript:alert(1)">this</a>.',
          '<div align="center">\n\nCentred *Markdown* inside.\n\n</div>',
          "<details><summary>How they are made</summary>\n\nFrom a century of gauges.\n\n</details>",
          "> <p>A quoted paragraph.</p>",
          '<script>alert("never")</script>',
          "<style>p { color: red }</style>",
          "<!-- a note to self -->",
        ].join("\n\n"),
      ),
    );
    expect(draft.title).toBe("Tide Tables");
    expect(draft.paragraphs).toEqual([
      "A wave over a rock",
      "Water is H2O, always; see the tables or this.",
      "Centred Markdown inside.",
      "How they are made",
      "From a century of gauges.",
      "A quoted paragraph.",
    ]);
    const marks = draft.structure!.marks.map((mark) => [mark.kind, draft.text.slice(mark.start, mark.end), mark.href ?? null]);
    expect(marks).toEqual(
      expect.arrayContaining([
        ["subscript", "2", null],
        ["strong", "always", null],
        ["link", "the tables", "https://example.org/tides"],
        ["emphasis", "Markdown", null],
      ]),
    );
    expect(marks.some(([, text]) => text === "this")).toBe(false); // a javascript: link is no link
    expect(draft.structure!.blocks[draft.paragraphs.indexOf("A quoted paragraph.")]).toMatchObject({ kind: "quote" });
    expect(draft.text).not.toMatch(/alert|color|note to self/);
  });
});
