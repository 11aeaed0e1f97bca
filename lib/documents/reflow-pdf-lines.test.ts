import { describe, expect, it } from "vitest";
import { reflowPdfLines, type PdfLine } from "./reflow-pdf-lines";

/**
 * Layouts the fixture PDFs do not have, drawn line by line: ragged-right text with blank lines
 * between paragraphs, headings set larger, running heads that alternate between left and right
 * pages, roman page numbers, and a page with no text of its own.
 */
const SIZE = 10;
const CHAR = 5; // a fixed advance per character: xEnd follows from the text
const line = (text: string, y: number, options: { x?: number; size?: number } = {}): PdfLine => {
  const x = options.x ?? 72;
  const size = options.size ?? SIZE;
  return { text, x, xEnd: x + text.length * (CHAR * (size / SIZE)), y, size };
};

/** Ragged-right lines filling at most 60 characters, as a left-aligned word processor would set them. */
function setParagraph(text: string, top: number, lines: PdfLine[]): number {
  let current = "";
  let y = top;
  for (const word of text.split(" ")) {
    if (current && `${current} ${word}`.length > 60) {
      lines.push(line(current, y));
      y -= 12;
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  lines.push(line(current, y));
  return y - 24; // a blank line between paragraphs
}

const FIRST = "Ragged right text leaves every line a different length, so a short line alone does not end a paragraph here.";
const SECOND = "The next paragraph starts after a blank line, which is wider than the leading between its lines.";
const THIRD = "On the next page the running head alternates: a book's title on the left pages, the chapter on the right ones.";

describe("reflowPdfLines", () => {
  it("splits paragraphs at blank lines in ragged-right text, keeps a larger heading apart, drops alternating heads and roman page numbers", () => {
    const pageOne: PdfLine[] = [line("A Field Guide", 760, { size: 18 }), line("i", 40)];
    setParagraph(SECOND, setParagraph(FIRST, 720, pageOne), pageOne);
    const pageTwo: PdfLine[] = [line("A Field Guide", 780), line("ii", 40)];
    setParagraph(THIRD, 740, pageTwo);
    const pageThree: PdfLine[] = [line("Chapter One", 780), line("iii", 40)]; // nothing else: a page with a full-page figure
    const pageFour: PdfLine[] = [line("A Field Guide", 780), line("Closing words stand alone on the last page.", 740), line("iv", 40)];
    const pageFive: PdfLine[] = [line("Chapter One", 780), line("v", 40), line("And one more line on the fifth.", 740)];

    const reflowed = reflowPdfLines([pageOne, pageTwo, pageThree, pageFour, pageFive]);
    expect(reflowed.headingTitle).toBe("A Field Guide");
    expect(reflowed.blocks).toEqual([
      "A Field Guide",
      FIRST,
      SECOND,
      THIRD,
      "Closing words stand alone on the last page.",
      "And one more line on the fifth.",
    ]);
    const text = reflowed.blocks;
    expect(reflowed.pages).toEqual([
      { page: 1, block: 0, offset: 0 },
      { page: 2, block: 3, offset: 0 },
      // Page 3 has no text of its own: it begins where the next text does.
      { page: 3, block: 4, offset: 0 },
      { page: 4, block: 4, offset: 0 },
      { page: 5, block: 5, offset: 0 },
    ]);
    expect(text).not.toContain("ii");
    // The title is set larger than the body: a heading (the converter takes it out as the title).
    expect(reflowed.headingLevels).toEqual([1, null, null, null, null, null]);
  });

  it("ranks headings by type size, and does not take a long run of large type for one", () => {
    const introduction = "An introduction set in large type runs on for line after line. ".repeat(4).trim();
    const page: PdfLine[] = [
      line("Tides and the Moon", 760, { size: 16 }),
      line(introduction, 730, { size: 13 }),
      line("Spring tides", 690, { size: 13 }),
      line("The moon pulls the water of the oceans toward it as the earth turns.", 660),
      line("Neap tides", 620, { size: 12 }),
      line("Neap tides happen at the quarters, when the sun and the moon pull apart.", 590),
    ];
    const reflowed = reflowPdfLines([page]);
    expect(reflowed.blocks.map((block, index) => [block.slice(0, 18), reflowed.headingLevels[index]])).toEqual([
      ["Tides and the Moon", 1],
      [introduction.slice(0, 18), null],
      ["Spring tides", 2],
      ["The moon pulls the", null],
      ["Neap tides", 3],
      ["Neap tides happen ", null],
    ]);
  });

  it("runs a paragraph on across a page break and joins a word hyphenated at the end of the page", () => {
    const full = "x".repeat(56);
    const pageOne = [line(`${full} hyphen-`, 700), line("5", 40)];
    const pageTwo = [line("ated words continue here.", 760), line("6", 40)];
    const reflowed = reflowPdfLines([pageOne, pageTwo]);
    expect(reflowed.blocks).toEqual([`${full} hyphenated words continue here.`]);
    expect(reflowed.pages).toEqual([
      { page: 1, block: 0, offset: 0 },
      { page: 2, block: 0, offset: `${full} hyphen`.length },
    ]);
  });

  it("builds a paragraph that runs through a whole book line by line, each line costing its own length", () => {
    // 2,000 pages of 60 full lines, no paragraph ever ending: an independent check's PDF, which
    // re-read the growing paragraph on every line and held the server for minutes. A word broken
    // at the foot of every other page is still joined. (Assertions on booleans and counts: a
    // failure must not print the 7 MB text.)
    // Every line its own words (letters: running heads are found with digits masked), all as wide.
    const words = (index: number) =>
      `${"word ".repeat(9)}${index
        .toString(26)
        .replace(/\d/g, (digit) => "qrstuvwxyz"[Number(digit)])
        .padStart(6, "k")}`;
    const pages = Array.from({ length: 2_000 }, (_, page) =>
      Array.from({ length: 60 }, (_, row) => {
        const full = words(page * 60 + row);
        if (row === 59 && page % 2 === 0) return line(`${full} hy-`, 760 - row * 12);
        if (row === 0 && page % 2 === 1) return line(`phen ${full}`, 760 - row * 12);
        return line(full, 760 - row * 12);
      }),
    );
    const reflowed = reflowPdfLines(pages);
    expect(reflowed.blocks).toHaveLength(1);
    const [text] = reflowed.blocks;
    const expected = pages
      .flat()
      .map((each) => each.text)
      .join(" ")
      .replaceAll("hy- phen", "hyphen");
    expect(text === expected).toBe(true);
    expect(text.split(" hyphen ").length).toBe(1_001);
    expect(reflowed.pages).toHaveLength(2_000);
    // Page 2 begins where its first line's text does: just after the joined "hy".
    expect(text.startsWith(`phen ${words(60)}`, reflowed.pages[1].offset)).toBe(true);
  });
});
