import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { finishReading } from "@/lib/documents/convert-reading";
import { DEFAULT_READING_MAX_PAGES, readConversionLimits } from "@/lib/documents/reading-limits";
import { AppError } from "@/lib/errors";
import { Document as DocxDocument, FootnoteReferenceRun, Packer, Paragraph, TextRun } from "docx";
import { convertDocx } from "./convert-docx";
import { convertEpub } from "./convert-epub";
import { epubWithChapters } from "@/tests/epub";
import { beginText, endText, moveText, PDFDocument, PDFHexString, PDFName, setFontAndSize, showText, StandardFonts } from "pdf-lib";
import { convertPdf, groupIntoLines, isRealTitle } from "./convert-pdf";

/**
 * The converters on real files (tests/fixtures/readings/, made by `npm run fixtures:readings` with
 * pdf-lib, groff, qpdf and the docx package). The oracle is paragraphs.json: the paragraphs the
 * files were made from, written before any converter saw them.
 */
const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve(__dirname, "../../../tests/fixtures/readings", name)));
const {
  walden: WALDEN,
  hyphenatedInPdf,
  houseCosts: HOUSE_COSTS,
  wordHeadings: WORD_HEADINGS,
  poem: POEM,
  waldenEpigraph: WALDEN_EPIGRAPH,
  waldenNote: WALDEN_NOTE,
} = JSON.parse(readFileSync(path.resolve(__dirname, "../../../tests/fixtures/readings/paragraphs.json"), "utf8")) as {
  walden: string[];
  hyphenatedInPdf: string[];
  houseCosts: string[][];
  wordHeadings: string[];
  poem: string[][];
  waldenEpigraph: string;
  waldenNote: string;
};
const limits = readConversionLimits({});

/** As make-reading-fixtures sets them (paragraphs.json): Thoreau's house costs, the heading row in bold, an empty remark an empty cell. */
const HOUSE_COSTS_CELLS = HOUSE_COSTS.flatMap((row, rowIndex) =>
  row.flatMap((text, column) =>
    text ? [{ text, style: { kind: "table-cell", row: rowIndex, column, ...(rowIndex === 0 ? { header: true } : {}) } }] : [],
  ),
);

/** A converted table fixture's blocks with their styles, LaTeX's curly apostrophes made straight as the oracle has them. */
const styledBlocks = (converted: Awaited<ReturnType<typeof convertPdf>>) =>
  converted.blocks.map((text, index) => ({ text: text.replace(/[\u2018\u2019]/g, "'"), style: converted.styles?.[index] ?? null }));

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("convertPdf", () => {
  it("rebuilds every paragraph across line and page breaks, joins hyphenated words, drops the running head, foot and page numbers", async () => {
    const converted = await convertPdf(fixture("walden.pdf"), limits);
    expect(hyphenatedInPdf.length).toBeGreaterThan(0); // the fixture really does hyphenate words at line ends
    expect(converted.blocks).toEqual(WALDEN);
    expect(converted).toMatchObject({
      title: "Walden",
      author: "Henry David Thoreau",
      language: "en",
      publishedAt: "2026-11-30T00:00:00.000Z",
    });
    const reading = finishReading(converted);
    for (const furniture of ["WALDEN · ECONOMY", "Marginalia test edition"]) expect(reading.text).not.toContain(furniture);
    for (const word of hyphenatedInPdf) expect(reading.text).toContain(word);
  });

  it("keeps where each page begins, as an offset into the canonical text", async () => {
    const reading = finishReading(await convertPdf(fixture("walden.pdf"), limits));
    expect(reading.pages.map((page) => page.number)).toEqual([1, 2, 3]);
    expect(reading.pages[0].start).toBe(0);
    // Page 2 of the fixture begins mid-paragraph with "a simple and sincere account" (see docs: the fixture's own layout).
    expect(reading.text.slice(reading.pages[1].start)).toMatch(/^a simple and sincere account/);
    expect(reading.pages[1].start).toBeLessThan(reading.pages[2].start);
  });

  it("reads a PDF typeset by groff (justified, its own hyphenation, '- 2 -' page numbers in the running head)", async () => {
    const converted = await convertPdf(fixture("walden-groff.pdf"), limits);
    // groff sets typographic apostrophes and ligatures; the words and paragraphs are the same.
    const plain = (text: string) => text.replace(/[\u2018\u2019]/g, "'");
    expect(converted.blocks.map(plain)).toEqual(["Henry David Thoreau", ...WALDEN]);
    expect(converted.title).toBe("Walden");
  });

  it("reads a paper typeset by groff in two columns, paragraphs running on from one column's foot to the next column's top", async () => {
    const converted = await convertPdf(fixture("walden-groff-columns.pdf"), limits);
    const plain = (text: string) => text.replace(/[\u2018\u2019]/g, "'");
    // Before each column was measured by its own edges: 103 blocks, a line each.
    expect(converted.blocks.map(plain)).toEqual(["Henry David Thoreau", ...WALDEN, ...WALDEN]);
  });

  it("reads a book's pages with footnotes: a note's raised number stays in its line, and the notes follow the paragraph they interrupt", async () => {
    // As make-reading-fixtures sets them: every other paragraph carries a note after its middle word.
    const footnote = (index: number) =>
      `A footnote to paragraph ${index + 1}, which says where the quotation comes from and runs on for a line or two so that it wraps in the smaller type.`;
    let number = 0;
    const paragraphs = [...WALDEN, ...WALDEN].map((paragraph, index) => {
      if (index % 2 === 1) return { text: paragraph, note: null };
      const words = paragraph.split(" ");
      const middle = Math.floor(words.length / 2);
      number += 1;
      return {
        text: `${words.slice(0, middle).join(" ")}${number} ${words.slice(middle).join(" ")}`,
        note: `${number} ${footnote(index)}`,
      };
    });
    const converted = await convertPdf(fixture("walden-groff-notes.pdf"), limits);
    const blocks = converted.blocks.map((text) => text.replace(/[\u2018\u2019]/g, "'"));
    const notes = paragraphs.flatMap(({ note }) => (note ? [note] : []));
    // Each paragraph whole (before: cut at its note's number, and again where a page's notes stood between its halves).
    expect(blocks.filter((block) => !notes.includes(block))).toEqual(paragraphs.map(({ text }) => text));
    // Each note once, as a paragraph of its own, after the paragraph that refers to it.
    for (const [index, { note }] of paragraphs.entries()) {
      if (!note) continue;
      expect(blocks.filter((block) => block === note)).toHaveLength(1);
      expect(blocks.indexOf(note)).toBeGreaterThan(blocks.indexOf(paragraphs[index].text));
    }
    // A page's notes come after the paragraph running on over its foot, not between its halves.
    const runOn = blocks.findIndex((block) => block.startsWith("I have travelled a good deal in Concord"));
    expect(blocks[runOn]).toContain("with their heads4 downward, over flames");
    expect(blocks[runOn]).toMatch(/conscious penance are hardly more incredible/);
    expect(blocks[runOn + 1]).toMatch(/^1 A footnote to paragraph 1,/);
  });

  it("reads a journal article as LaTeX sets it: two columns, numbered sections, footnotes at the columns' feet", async () => {
    // As make-reading-fixtures sets it (pdflatex): a note after the middle word of every third paragraph.
    const footnote = (index: number) =>
      `A footnote to paragraph ${index + 1}, which says where the quotation comes from and runs on for a line or two.`;
    let number = 0;
    const paragraphs = [...WALDEN, ...WALDEN].map((paragraph, index) => {
      if (index % 3 !== 0) return { text: paragraph, note: null };
      const words = paragraph.split(" ");
      const middle = Math.floor(words.length / 2);
      number += 1;
      return { text: `${words.slice(0, middle).join(" ")}${number} ${words.slice(middle).join(" ")}`, note: `${number}${footnote(index)}` };
    });
    const converted = await convertPdf(fixture("walden-latex-paper.pdf"), limits);
    const blocks = converted.blocks.map((text) => text.replace(/[\u2018\u2019]/g, "'"));
    const headings = blocks.filter((_, index) => converted.styles?.[index]?.kind === "heading");
    const notes = paragraphs.flatMap(({ note }) => (note ? [note] : []));
    expect(converted.title).toBe("Walden");
    // The author's line is set larger than the text, as a heading is.
    expect(headings).toEqual(["Henry David Thoreau", "1 Economy 2", "2 Economy 11"]);
    // Before: 109 blocks, 4 of the 18 paragraphs whole.
    expect(blocks.filter((block) => !notes.includes(block) && !headings.includes(block))).toEqual(paragraphs.map(({ text }) => text));
    for (const [index, { note }] of paragraphs.entries()) {
      if (!note) continue;
      expect(blocks.filter((block) => block === note)).toHaveLength(1);
      expect(blocks.indexOf(note)).toBeGreaterThan(blocks.indexOf(paragraphs[index].text));
    }
  });

  // Before tables were found, the rows ran into one paragraph ("Item Cost ($) Remark Boards 8.03 (mostly shanty boards) …");
  // before wrapped cells were, "Refuse shingles for roof and sides" and "4.00" read as text, and the rows after them a second table.
  it.each([
    ["table-latex.pdf", ["Table 1: What the house cost."]],
    ["table-word.pdf", []],
    ["table-wrap-latex.pdf", ["Table 1: What the house cost."]],
    ["table-wrap-word.pdf", []],
  ])(
    "reads a table as its cells, by row and column, a cell's text wrapped onto lines of its own joined to it: %s",
    async (name, caption) => {
      const blocks = styledBlocks(await convertPdf(fixture(name), limits));
      expect(blocks.filter(({ style }) => style?.kind === "table-cell")).toEqual(HOUSE_COSTS_CELLS);
      expect(blocks.filter(({ style }) => style === null).map(({ text }) => text)).toEqual([
        expect.stringMatching(/^I have thus a tight shingled .* what their houses cost\.$/),
        ...caption,
        expect.stringMatching(/^These are all the materials .* after building the house\.$/),
      ]);
    },
  );

  it("reads a table cut by a page break as one table, its heading row set again on the next page dropped", async () => {
    for (const name of ["table-pages-latex.pdf", "table-pages-word.pdf"]) {
      const converted = await convertPdf(fixture(name), limits);
      const blocks = styledBlocks(converted);
      // Before: a second table on the second page, from row 0, its heading row again.
      expect(blocks.filter(({ style }) => style?.kind === "table-cell")).toEqual(HOUSE_COSTS_CELLS);
      // The running heads and page numbers between the two halves are dropped; the second page begins at its first row.
      const secondPage = converted.pages?.find(({ page }) => page === 2);
      const firstOnSecondPage = blocks[secondPage?.block ?? -1];
      expect(firstOnSecondPage.style).toMatchObject({ kind: "table-cell", column: 0 });
      expect(firstOnSecondPage.text).toBe(HOUSE_COSTS[(firstOnSecondPage.style as { row: number }).row][0]);
      expect(blocks.filter(({ style }) => style === null).map(({ text }) => text)).toEqual([
        ...WALDEN.slice(0, name === "table-pages-latex.pdf" ? 5 : 6),
        expect.stringMatching(/^I have thus a tight shingled .* what their houses cost\.$/),
        expect.stringMatching(/^These are all the materials .* after building the house\.$/),
      ]);
    }
  });

  it("reads a bold heading at the body's size wrapped onto two lines as one heading", async () => {
    const converted = await convertPdf(fixture("headings-word.pdf"), limits);
    // Before: the second heading's two lines were a paragraph of text.
    expect(converted.blocks.map((text, index) => [text, converted.styles?.[index]?.kind ?? null])).toEqual([
      [WORD_HEADINGS[0], "heading"],
      [WALDEN[0], null],
      [WALDEN[1], null],
      [WORD_HEADINGS[1], "heading"],
      [expect.stringMatching(/^I have thus a tight shingled .* what their houses cost\.$/), null],
    ]);
  });

  it("reads a poem printed from a web page, each stanza a paragraph of lines broken by <br>, line by line", async () => {
    const converted = await convertPdf(fixture("poem-web.pdf"), limits);
    // Before: "Because I could not stop for Death – He kindly stopped for me –", two lines run together as prose.
    expect(converted.blocks).toEqual([WALDEN[0], ...POEM.flat(), WALDEN[1]]);
  });

  it("finds no table in prose: one column, two columns (the gutter a wide gap), footnotes, running heads", async () => {
    for (const name of ["walden.pdf", "walden-groff.pdf", "walden-groff-columns.pdf", "walden-groff-notes.pdf", "walden-latex-paper.pdf"]) {
      const converted = await convertPdf(fixture(name), limits);
      expect(converted.styles?.filter((style) => style?.kind === "table-cell") ?? []).toEqual([]);
    }
  });

  it("keeps chapter headings at the pages' tops and the body lines under them, and does not offer 'about:blank' as the title", async () => {
    // The exploratory tester's PDF, as a browser prints it: A5, each chapter from the top of a
    // page under a larger "Chapter N", paragraphs starting "Alpha 1.", the same sentence in every
    // paragraph (so the lines at the pages' edges repeat), a running foot with the page number.
    const policy =
      "The policy question was discussed at length by the delegates, who weighed the evidence presented by each side before reaching any conclusion about the matter at hand.";
    const source = [1, 2, 3].flatMap((chapter) => [
      `Chapter ${chapter}`,
      ...["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"].map((name) => `${name} ${chapter}. ${policy} ${policy}`),
    ]);
    const pdf = await PDFDocument.create();
    pdf.setTitle("about:blank");
    const roman = await pdf.embedFont(StandardFonts.Helvetica);
    const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
    const [width, height, margin] = [420, 595, 57];
    let page = pdf.addPage([width, height]);
    let y = height - margin;
    const newPage = () => {
      page = pdf.addPage([width, height]);
      y = height - margin;
    };
    for (const block of source) {
      const heading = block.startsWith("Chapter ");
      if (heading && y !== height - margin) newPage();
      const [font, size] = heading ? [bold, 16] : [roman, 11];
      let current = "";
      const emit = () => {
        if (y < margin) newPage();
        page.drawText(current, { x: 63, y, size, font });
        y -= size * 1.2;
      };
      for (const word of block.split(" ")) {
        const candidate = current ? `${current} ${word}` : word;
        if (current && font.widthOfTextAtSize(candidate, size) > width - 126) {
          emit();
          current = word;
        } else current = candidate;
      }
      emit();
      y -= heading ? 14 : 11;
    }
    pdf.getPages().forEach((each, index) => each.drawText(`Marginalia Review · ${index + 1}`, { x: 63, y: 30, size: 8, font: roman }));
    expect(pdf.getPageCount()).toBe(6);
    const converted = await convertPdf(await pdf.save(), limits);
    expect(converted.title).toBeNull();
    expect(converted.blocks).toEqual(source);
    expect(converted.styles?.flatMap((style, index) => (style ? [converted.blocks[index]] : []))).toEqual([
      "Chapter 1",
      "Chapter 2",
      "Chapter 3",
    ]);
    expect(finishReading(converted).title).toBe("Chapter 1");
  });

  it("keeps a character where a glyph maps to none (pdf.js's U+0000 or another control character) as U+FFFD, and drops one standing alone", () => {
    const run = (str: string, x: number) => ({ str, transform: [10, 0, 0, 10, x, 700], width: str.length * 5, height: 10 });
    // Before: "中文" came as two NULs, stored; the browser drew nothing for them and later highlights landed two characters off.
    const [line] = groupIntoLines([run("Chinese \u0000\u0000 here", 0), run("\u0007bell \u0003\u0004 \u0000\u0005", 200)]);
    expect(line.text).toBe("Chinese \uFFFD\uFFFD here \uFFFDbell \uFFFD\uFFFD \uFFFD\uFFFD");
    // LaTeX's itemize bullet, as pdf.js reads it: a C1 control character, invisible in the text.
    expect(groupIntoLines([run("\u0088 An item", 0)])[0].text).toBe("An item");
    expect(groupIntoLines([run("\u0088", 0), run("An item", 20)])[0].text).toBe("An item");
  });

  it("keeps a glyph of a word that its font maps to no character as U+FFFD, in a real PDF", async () => {
    // A font whose code 1 is a glyph named nothing pdf.js knows, as a subset font's "fi" ligature
    // can be: pdf.js gives the code itself, U+0001, and the word lost its letters ("nancial").
    const pdf = await PDFDocument.create();
    const page = pdf.addPage([612, 792]);
    const helvetica = await pdf.embedFont(StandardFonts.Helvetica);
    page.drawText("A report on money.", { x: 72, y: 720, size: 12, font: helvetica });
    const widths = Array.from({ length: 126 }, (_, index) => {
      const code = index + 1;
      if (code === 1) return 556;
      return code < 32 ? 0 : helvetica.widthOfTextAtSize(String.fromCharCode(code), 1000);
    });
    const ligatureFont = pdf.context.register(
      pdf.context.obj({
        Type: "Font",
        Subtype: "Type1",
        BaseFont: "Helvetica",
        Encoding: pdf.context.obj({ Type: "Encoding", BaseEncoding: "WinAnsiEncoding", Differences: [1, PDFName.of("ligature1")] }),
        FirstChar: 1,
        LastChar: 126,
        Widths: widths,
      }),
    );
    const font = page.node.newFontDictionary("Lig", ligatureFont);
    const codes = (text: string) =>
      PDFHexString.of([...text].map((character) => character.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
    page.pushOperators(
      beginText(),
      setFontAndSize(font, 12),
      moveText(72, 700),
      showText(codes("The annual \u0001nancial report of the \u0001rm.")),
      endText(),
    );

    const converted = await convertPdf(await pdf.save(), limits);
    expect(converted.blocks.join("\n")).toContain("The annual \uFFFDnancial report of the \uFFFDrm.");
  });

  it("keeps in one line a note's raised number and the words of justified text whose stretched spaces overlap them", () => {
    const run = (str: string, x: number, width: number, { y = 700, size = 11 } = {}) => ({
      str,
      transform: [size, 0, 0, size, x, y],
      width,
      height: size,
    });
    // Chromium's print of `text-align: justify`: each space a run wider than the gap it fills.
    const justified = [
      run("although", 309.5, 38.5),
      run(" ", 348.0, 23.7),
      run("the", 365.8, 13.4),
      run(" ", 379.2, 23.7),
      run("sources", 397.0, 33),
    ];
    expect(groupIntoLines(justified).map((line) => line.text)).toEqual(["although the sources"]);
    // A footnote's number, set small and raised after "shore": one line, at the text's height.
    const noted = [run("on the shore", 72, 60), run("1", 132, 4, { y: 704.5, size: 7 }), run(" of Walden Pond", 136, 70)];
    expect(groupIntoLines(noted)).toEqual([expect.objectContaining({ text: "on the shore1 of Walden Pond", y: 700, size: 11 })]);
    const startsRaised = [run("2", 72, 4, { y: 704.5, size: 7 }), run("A note's text", 77, 60)];
    expect(groupIntoLines(startsRaised)).toEqual([expect.objectContaining({ text: "2A note's text", y: 700 })]);
  });

  it("names the faces a line's words are set in, spaces aside, for headings set in a face of their own", () => {
    const run = (str: string, x: number, fontName: string) => ({
      str,
      transform: [11, 0, 0, 11, x, 700],
      width: str.length * 5,
      height: 11,
      fontName,
    });
    const line = [run("making of modern farming in", 72, "g_d0_f1"), run(" ", 207, "g_d0_f2"), run("The Making", 212, "g_d0_f2")];
    expect(groupIntoLines(line)[0].fonts).toEqual(["g_d0_f1", "g_d0_f2"]);
    expect(groupIntoLines([run("Literature Review", 72, "g_d0_f3"), run(" ", 157, "g_d0_f1")])[0].fonts).toEqual(["g_d0_f3"]);
  });

  it("cuts a line into cells at gaps wider than a word space stretched, not at spaces, nor at a space run drawn across the gap", () => {
    const run = (str: string, x: number, width: number) => ({ str, transform: [11, 0, 0, 11, x, 700], width, height: 11 });
    // As pdf.js reads a LaTeX tabular's row: a space run spans each gap between the columns (12 and 40 points).
    const tabular = [run("Region", 220, 33), run(" ", 253, 23), run("Households", 276, 54), run(" ", 330, 12), run("Share (%)", 342, 48)];
    expect(groupIntoLines(tabular)[0]).toEqual(
      expect.objectContaining({
        text: "Region Households Share (%)",
        cells: [
          { text: "Region", x: 220, xEnd: 253 },
          { text: "Households", x: 276, xEnd: 330 },
          { text: "Share (%)", x: 342, xEnd: 390 },
        ],
      }),
    );
    // Words drawn one by one, a stretched space (5 points, under half the size) between them: one stretch, no cells.
    const words = [run("the", 72, 15), run("sources", 92, 35), run("are", 132, 15)];
    expect(groupIntoLines(words)[0]).not.toHaveProperty("cells");
  });

  it("reads a right-to-left PDF in reading order, letters as letters, each paragraph its own (Chromium's print of an Arabic page)", async () => {
    // Before: ".اف دي ﻲﺑ ﻒﻠﻣ …": the runs as drawn, left to right, in presentation forms, both paragraphs in one.
    const converted = await convertPdf(fixture("chromium-arabic.pdf"), limits);
    expect(converted.blocks).toEqual(["هذه فقرة باللغة العربية تحتوي على بعض الكلمات للاختبار في ملف بي دي اف.", "الفقرة الثانية هنا."]);
  });

  it("reads an Arabic or Hebrew word inside an English line in reading order (Chromium's print of a page)", async () => {
    // Chromium 156 printed three <p>s to A4 (page.pdf) in DejaVu: it draws the Arabic glyph by glyph and the Hebrew
    // word by word, left to right. Before: "The Arabic word باتك", "He wrote עולם שלום", "The title جديد 3 كتاب".
    const converted = await convertPdf(fixture("chromium-mixed-direction.pdf"), limits);
    expect(converted.blocks).toEqual([
      "The Arabic word كتاب means book in English.",
      "He wrote שלום עולם on the board, then left.",
      "The title كتاب 3 جديد is on page 7.",
    ]);
  });

  it("keeps whole the paragraphs of a two-column page, of a paragraph set narrow and of a quotation indented from both sides; a poem keeps its lines", async () => {
    // Laid out as a paper sets them: ragged right, first lines indented, no space between paragraphs in the columns.
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.TimesRoman);
    const [width, height, margin, size, leading] = [595, 842, 50, 10, 12.5];
    const linesOf = (text: string, measure: number, indent: number) => {
      const lines: { text: string; indent: number }[] = [];
      let current = "";
      for (const word of text.split(" ")) {
        const candidate = current ? `${current} ${word}` : word;
        const room = measure - (lines.length === 0 ? indent : 0);
        if (current && font.widthOfTextAtSize(candidate, size) > room) {
          lines.push({ text: current, indent: lines.length === 0 ? indent : 0 });
          current = word;
        } else current = candidate;
      }
      lines.push({ text: current, indent: lines.length === 0 ? indent : 0 });
      return lines;
    };
    // Page 1: all of WALDEN in two columns, the first column filled before the second.
    const columns = pdf.addPage([width, height]);
    const columnWidth = (width - 2 * margin - 20) / 2;
    let column = 0;
    let y = height - margin;
    for (const line of WALDEN.flatMap((paragraph) => linesOf(paragraph, columnWidth, 12))) {
      if (y < margin) [column, y] = [column + 1, height - margin];
      columns.drawText(line.text, { x: margin + column * (columnWidth + 20) + line.indent, y, size, font });
      y -= leading;
    }
    expect(column).toBe(1);
    // Page 2: a full-width paragraph, one set 200 pt wide, a quotation indented 80 pt from both
    // sides, a stanza whose lines end where the verse does, and a full-width paragraph again.
    const mixed = pdf.addPage([width, height]);
    const stanza = [
      "The mass of men lead lives,",
      "Of quiet desperation, so he said;",
      "And what is called resignation,",
      "Is confirmed desperation.",
    ];
    y = height - margin;
    const set = (lines: { text: string; indent: number }[], x: number) => {
      for (const line of lines) {
        mixed.drawText(line.text, { x: x + line.indent, y, size, font });
        y -= leading;
      }
      y -= leading; // a blank line after each
    };
    set(linesOf(WALDEN[0], width - 2 * margin, 0), margin);
    set(linesOf(WALDEN[1], 200, 0), margin);
    set(linesOf(WALDEN[2], width - 2 * margin - 160, 0), margin + 80);
    set(
      stanza.map((text) => ({ text, indent: 0 })),
      margin + 40,
    );
    set(linesOf(WALDEN[3], width - 2 * margin, 0), margin);

    const converted = await convertPdf(await pdf.save(), limits);
    expect(converted.blocks).toEqual([...WALDEN, WALDEN[0], WALDEN[1], WALDEN[2], ...stanza, WALDEN[3]]);
  });

  it("keeps one-line paragraphs apart when the only gap between lines is the space between paragraphs (Chromium's print of a page)", async () => {
    const converted = await convertPdf(fixture("chromium-short-paragraphs.pdf"), limits);
    expect(converted.blocks).toEqual(["Short paragraph 1.", "Short paragraph 2.", "Short paragraph 3.", "Short paragraph 4."]);
  });

  it("reads the runs of a right-to-left line from the right, keeping a Latin word or a number inside it in its own order", () => {
    const run = (str: string, x: number) => ({ str, transform: [10, 0, 0, 10, x, 700], width: str.length * 5, height: 10 });
    // As drawn, left to right: "PDF" "A4" "في" "ملف" — read: "ملف في PDF A4" ("a file in PDF A4").
    const drawn = [run("PDF", 0), run("A4", 20), run("في", 35), run("ملف", 50)];
    expect(groupIntoLines(drawn).map((line) => line.text)).toEqual(["ملف في PDF A4"]);
    // Drawn right to left by another producer: the same line. A number keeps its digits' order.
    expect(groupIntoLines([...drawn].reverse()).map((line) => line.text)).toEqual(["ملف في PDF A4"]);
    expect(groupIntoLines([run("2026", 0), run("عام", 25)])[0].text).toBe("عام 2026");
    // Mirrored on its page, so its short end is at its left: x counts from the right edge.
    expect(groupIntoLines(drawn, 200)[0]).toMatchObject({ x: 200 - 65, xEnd: 200 });
    // Presentation forms are the letters they show; a Latin line keeps its order and its "fi" ligature becomes "fi".
    expect(groupIntoLines([run("\uFEE3\uFEE0\uFED2", 0)])[0].text).toBe("ملف");
    expect(groupIntoLines([run("\uFB01rst", 0), run("line", 30)])[0].text).toBe("first line");
  });

  it("takes no title from a PDF's metadata that names a file, an address or a new document's placeholder", () => {
    const junk = [
      "about:blank",
      "Untitled",
      "Untitled-1",
      "Untitled document",
      "Document1",
      "Book1",
      "Presentation1",
      "Microsoft Word - draft3.docx",
    ];
    junk.push(
      "report.pdf",
      "C:\\Users\\ann\\Desktop\\report",
      "/tmp/chapters",
      "https://example.org/post/1",
      "www.example.org",
      "",
      "  ",
      "12",
      "Title",
    );
    expect(junk.filter(isRealTitle)).toEqual([]);
    const real = [
      "Walden",
      "Either/Or",
      "AC/DC: A Biography",
      "Untitled (Black on Grey): an essay",
      "Notes on Document Design",
      "The Book of Job",
    ];
    expect(real.filter(isRealTitle)).toEqual(real);
  });

  it("refuses an encrypted PDF, a damaged one and a scan with no text layer, saying what to do", async () => {
    const encrypted = await refusal(convertPdf(fixture("encrypted.pdf"), limits));
    expect([encrypted.status, encrypted.message]).toEqual([422, expect.stringMatching(/encrypted with a password.*without the password/)]);
    const damaged = await refusal(convertPdf(fixture("damaged.pdf"), limits));
    expect([damaged.status, damaged.message]).toEqual([422, expect.stringMatching(/damaged or not a PDF/)]);
    const scanned = await refusal(convertPdf(fixture("scanned.pdf"), limits));
    expect([scanned.status, scanned.message]).toEqual([422, expect.stringMatching(/no text layer.*OCR/)]);
  });

  it("refuses more pages than READING_MAX_PAGES (413)", async () => {
    expect(limits.maxPages).toBe(DEFAULT_READING_MAX_PAGES);
    const tooMany = await refusal(convertPdf(fixture("walden.pdf"), { ...limits, maxPages: 2 }));
    expect([tooMany.status, tooMany.message]).toEqual([413, expect.stringMatching(/3 pages; at most 2.*READING_MAX_PAGES/)]);
  });
});

describe("convertEpub", () => {
  it("reads the chapters in spine order as sections, skipping the table of contents and non-linear notes", () => {
    const converted = convertEpub(fixture("walden.epub"), limits);
    expect(converted.blocks).toEqual([
      "Economy I",
      ...WALDEN.slice(0, 3),
      "Economy II",
      ...WALDEN.slice(3, 6),
      "Economy III",
      ...WALDEN.slice(6),
    ]);
    expect(converted.sections).toEqual([
      { title: "Economy I", block: 0 },
      { title: "Economy II", block: 4 },
      { title: "Economy III", block: 8 },
    ]);
    expect(converted).toMatchObject({
      title: "Walden, or Life in the Woods",
      author: "Henry David Thoreau",
      language: "en",
      publishedAt: "1854-08-09",
      sourceUrl: "https://www.gutenberg.org/ebooks/205",
    });
    const reading = finishReading(converted);
    expect(reading.text.slice(reading.sections[1].start)).toMatch(/^Economy II\n\nIn most books/);
  });

  it("leaves out a title page that only repeats the title, author and date, the imprint and a contents page; keeps a title page that says more", () => {
    // EPUB 3: the title page and imprint marked with epub:type, a "Contents" page nothing marks.
    const epub3 = convertEpub(fixture("walden-front-matter.epub"), limits);
    expect(epub3.blocks).toEqual(["Walden", WALDEN_EPIGRAPH, "Economy", `${WALDEN[0]}1`, WALDEN[1], "Notes", WALDEN_NOTE]);
    expect(epub3.sections?.map((section) => section.title)).toEqual(["Walden", "Economy", "Notes"]);
    // EPUB 2: a title page nothing marks, before the book's text; the contents page the guide names.
    const epub2 = convertEpub(fixture("walden-front-matter-epub2.epub"), limits);
    expect(epub2.blocks).toEqual(["Economy", `${WALDEN[0]}1`, WALDEN[1], "Notes", WALDEN_NOTE]);
  });

  it("leaves out the edition's copyright page and colophon, marked or not; keeps a first page whose permission line sits under its own heading", () => {
    const prose = (words: string) =>
      `<p>${words} ${"The pond lay still beneath the hill, and the woods stood round it in the morning. ".repeat(3)}</p>`;
    const copyright =
      "<p>Copyright © 2004 by A. Publisher. All rights reserved.</p><p>ISBN 978-0-00-000000-0</p><p>Printed in the United States of America</p>";
    const book = epubWithChapters([
      copyright, // EPUB 2's way: nothing marks it
      `<h1>Economy</h1>${prose("First.")}`,
      `<section epub:type="copyright-page"><p>This edition is in the public domain.</p></section><h1>Sounds</h1>${prose("Second.")}`,
      `<section epub:type="colophon"><p>This ebook was produced for Standard Ebooks and set in Crimson Pro.</p></section>`,
    ]);
    const converted = convertEpub(book, limits);
    expect(converted.sections?.map((section) => section.title)).toEqual(["Economy", "Sounds"]);
    for (const left of ["Copyright", "ISBN", "public domain", "Standard Ebooks"]) expect(converted.blocks.join("\n")).not.toContain(left);
    // An anthology's first poem, its permission line under it: the poem's own page.
    const anthology = convertEpub(
      epubWithChapters([`<h1>Fire and Ice</h1><p>Some say the world will end in fire.</p>${copyright}`]),
      limits,
    );
    expect(anthology.blocks).toContain("Some say the world will end in fire.");
  });

  it("leaves out Project Gutenberg's header and licence, in the book's first and last chapters", () => {
    const header =
      '<section class="pg-boilerplate pgheader" id="pg-header"><h2>The Project Gutenberg eBook of Walden</h2><div>This ebook is for the use of anyone anywhere.</div>' +
      '<div id="pg-start-separator"><span>*** START OF THE PROJECT GUTENBERG EBOOK WALDEN ***</span></div></section>';
    const footer =
      '<section class="pg-boilerplate pgheader" id="pg-footer"><div id="pg-end-separator"><span>*** END OF THE PROJECT GUTENBERG EBOOK WALDEN ***</span></div>' +
      "<h2>THE FULL PROJECT GUTENBERG LICENSE</h2><p>PLEASE READ THIS BEFORE YOU DISTRIBUTE OR USE THIS WORK</p></section>";
    const converted = convertEpub(
      epubWithChapters([`${header}<h1>Economy</h1><p>${WALDEN[0]}</p>`, `<h1>Sounds</h1><p>${WALDEN[1]}</p>`, footer]),
      limits,
    );
    expect(converted.blocks).toEqual(["Economy", WALDEN[0], "Sounds", WALDEN[1]]);
    expect(converted.sections?.map((section) => section.title)).toEqual(["Economy", "Sounds"]);
  });

  it("raises a note's number where it is referenced and leaves out the note's link back (↩)", () => {
    for (const name of ["walden-front-matter.epub", "walden-front-matter-epub2.epub"]) {
      const converted = convertEpub(fixture(name), limits);
      const block = converted.blocks.indexOf(`${WALDEN[0]}1`);
      expect(converted.marks).toContainEqual({ kind: "superscript", block, start: WALDEN[0].length, end: WALDEN[0].length + 1 });
      expect(converted.blocks.join("\n")).not.toContain("↩");
    }
  });

  it("refuses a book whose text DRM encrypts (422, naming the DRM), and reads one whose only encryption is a font's obfuscation", async () => {
    // Adobe's: the chapters encrypted, the navigation and notes in the clear (it was saved as those alone).
    const adobe = await refusal(() => convertEpub(fixture("walden-adobe-drm.epub"), limits));
    expect([adobe.status, adobe.message]).toEqual([
      422,
      expect.stringMatching(/^This EPUB is protected by DRM \(Adobe DRM\): only DRM-free/),
    ]);
    // Readium LCP's: every XHTML file encrypted (the parser threw on the navigation's bytes: a 500).
    const lcp = await refusal(() => convertEpub(fixture("walden-lcp.epub"), limits));
    expect([lcp.status, lcp.message]).toEqual([422, expect.stringMatching(/^This EPUB is protected by DRM \(Readium LCP\)/)]);
    const withFont = convertEpub(fixture("walden-obfuscated-font.epub"), limits);
    expect(withFont.blocks).toEqual(convertEpub(fixture("walden.epub"), limits).blocks);
  });

  it("refuses a book with a chapter that is not XHTML (422), naming the chapter", async () => {
    const damaged = await refusal(() => convertEpub(fixture("walden-damaged-chapter.epub"), limits));
    expect([damaged.status, damaged.message]).toEqual([422, expect.stringContaining('its chapter "OEBPS/text/part2.xhtml" is not XHTML')]);
  });

  it("refuses a zip bomb without unpacking it (413), and a file that is not an EPUB (422)", async () => {
    const bomb = await refusal(() => convertEpub(fixture("bomb.epub"), limits));
    expect([bomb.status, bomb.message]).toEqual([413, expect.stringMatching(/unpacks to more than 100 MB.*zip bomb/)]);
    const notZip = await refusal(() => convertEpub(fixture("walden.pdf"), limits));
    expect([notZip.status, notZip.message]).toEqual([422, expect.stringMatching(/damaged \(it is not a ZIP archive\)/)]);
  });
});

describe("convertDocx", () => {
  it("keeps headings, paragraphs and list items in order, the Title style as the title, the author from the properties", async () => {
    const converted = await convertDocx(fixture("walden.docx"), limits);
    expect(converted.blocks).toEqual([
      "Economy",
      ...WALDEN.slice(0, 4),
      "Necessaries of life",
      "Food",
      "Shelter",
      "Clothing",
      "Fuel",
      WALDEN[8],
    ]);
    expect(converted).toMatchObject({ title: "Walden", author: "Henry David Thoreau" });
  });

  it("leaves out the words Word hides (Font ▸ Hidden), in the text and in footnotes", async () => {
    const document = new DocxDocument({
      footnotes: {
        1: { children: [new Paragraph({ children: [new TextRun("Seen."), new TextRun({ text: " Answer: 42.", vanish: true })] })] },
      },
      sections: [
        {
          children: [
            new Paragraph({
              children: [
                new TextRun("The pond is "),
                new TextRun({ text: "[check the depth] ", vanish: true }),
                new TextRun({ text: "deep", bold: true }),
                new FootnoteReferenceRun(1),
                new TextRun("."),
              ],
            }),
          ],
        },
      ],
    });
    const converted = await convertDocx(new Uint8Array(await Packer.toBuffer(document)), limits);
    expect(finishReading({ ...converted, title: "Pond" }).paragraphs).toEqual(["The pond is deep[1].", "Notes", "Seen."]);
  });

  it("keeps a line break, struck and raised words, and footnotes under Notes without mammoth's link back (↑)", async () => {
    const document = new DocxDocument({
      footnotes: { 1: { children: [new Paragraph("First printed in 1854.")] } },
      sections: [
        {
          children: [
            new Paragraph({
              children: [
                new TextRun("Written at Walden"),
                new FootnoteReferenceRun(1),
                new TextRun({ text: ", not ", break: 0 }),
                new TextRun({ text: "Concord", strike: true }),
                new TextRun({ text: "x", superScript: true }),
              ],
            }),
            new Paragraph({ children: [new TextRun("I went to the woods"), new TextRun({ text: "because I wished", break: 1 })] }),
          ],
        },
      ],
    });
    const converted = await convertDocx(new Uint8Array(await Packer.toBuffer(document)), limits);
    const draft = finishReading({ ...converted, title: "Walden" });
    expect(draft.paragraphs).toEqual([
      "Written at Walden[1], not Concordx",
      "I went to the woods\nbecause I wished",
      "Notes",
      "First printed in 1854.",
    ]);
    expect(draft.structure?.marks.map((mark) => [mark.kind, draft.text.slice(mark.start, mark.end)])).toEqual([
      ["superscript", "[1]"],
      ["deleted", "Concord"],
      ["superscript", "x"],
    ]);
    expect(draft.structure?.blocks.slice(2)).toEqual([
      { kind: "heading", level: 2 },
      { kind: "list-item", ordered: true },
    ]);
  });

  it("refuses an entry that lies about its size at the size it declared, before mammoth unzips anything (413)", async () => {
    const started = Date.now();
    const bomb = await refusal(convertDocx(fixture("lying-bomb.docx"), limits));
    expect([bomb.status, bomb.message]).toEqual([413, expect.stringMatching(/zip bomb/)]);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
