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

  it("keeps a heading wrapped over two lines at its own size's leading as one heading, apart from the next heading", () => {
    const lines: PdfLine[] = [
      line("The Enclosure of the", 760, { size: 24 }),
      line("Commons", 730, { size: 24 }),
      line("Sources and Method", 680, { size: 24 }),
    ];
    setParagraph(SECOND, setParagraph(FIRST, 640, lines), lines);
    const reflowed = reflowPdfLines([lines]);
    expect(reflowed.blocks).toEqual(["The Enclosure of the Commons", "Sources and Method", FIRST, SECOND]);
    expect(reflowed.headingLevels).toEqual([1, 1, null, null]);
  });

  it("keeps a compound's hyphen at a line's end where the document writes the compound so in mid-line", () => {
    const full = "x".repeat(50);
    const lines = [
      line(`${full} a well-known`, 700),
      line("reading, and a long-standing", 688),
      line("debate that remains well-", 676),
      line("known and long-stand-", 664),
      line("ing; its hyphen-", 652),
      line("ated words are joined.", 640),
    ];
    expect(reflowPdfLines([lines]).blocks).toEqual([
      `${full} a well-known reading, and a long-standing debate that remains well-known and long-standing; its hyphenated words are joined.`,
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

/**
 * A book set page by page: each block filled into ragged lines of at most 60 characters at 13
 * points' leading, a blank line after each paragraph and heading, a block with `newPage` starting at
 * the top of a fresh page; `furniture` adds each page's running heads, feet and page numbers.
 */
type Block = { text: string; size?: number; newPage?: boolean };
function typeset(
  blocks: Block[],
  furniture: (pageIndex: number) => PdfLine[],
  options: { top?: number; bottom?: number } = {},
): PdfLine[][] {
  const top = options.top ?? 560;
  const bottom = options.bottom ?? 80;
  const pages: PdfLine[][] = [[]];
  let y = top;
  const place = (text: string, size: number) => {
    if (y < bottom) {
      pages.push([]);
      y = top;
    }
    pages[pages.length - 1].push(line(text, y, { size }));
    y -= 13;
  };
  for (const block of blocks) {
    if (block.newPage && y !== top) {
      pages.push([]);
      y = top;
    }
    let current = "";
    for (const word of block.text.split(" ")) {
      if (current && `${current} ${word}`.length > 60) {
        place(current, block.size ?? SIZE);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    place(current, block.size ?? SIZE);
    if (y !== top) y -= block.size && block.size > SIZE ? 20 : 13;
  }
  return pages.map((lines, index) => [...furniture(index), ...lines]);
}

const words = (blocks: string[]) => blocks.join(" ").split(/\s+/).filter(Boolean).length;

describe("reflowPdfLines: lines set apart at the body's size: centred, flush right, in a face of their own", () => {
  it("starts a paragraph at a line centred under a paragraph's last line, though its first word would not have fitted there", () => {
    const text = [
      "Parliament enclosed the open fields of nearly every parish in",
      "the century after 1750, acre by acre and act by act, and the",
      "commoners who had grazed them kept what memory they could.",
    ];
    const heading = "Reviewing the Literature"; // 120 points wide, centred in the measure of 72 to 377
    const next = ["Historians have read these acts in two ways, as the", "making of modern farming and as a loss."];
    const lines = [
      ...text.map((each, index) => line(each, 700 - index * 12)),
      line(heading, 664, { x: 72 + (305 - heading.length * CHAR) / 2 }),
      line(next[0], 652, { x: 87 }),
      line(next[1], 640),
    ];
    expect(reflowPdfLines([lines]).blocks).toEqual([text.join(" "), heading, next.join(" ")]);
  });

  it("takes a short line alone in a face of its own for a heading, not a line in a face set inside other lines too", () => {
    const inFace = (each: PdfLine, ...fonts: string[]) => ({ ...each, fonts });
    const lines = [
      inFace(line("The commons were enclosed parish by parish, in the century", 700), "regular"),
      inFace(line("after 1750, as the acts of parliament show.", 688), "regular"),
      inFace(line("Literature Review", 676), "bold"),
      inFace(line("Historians have read these acts in two ways, as the", 664), "regular"),
      inFace(line("making of modern farming and, as E. P. Thompson put it in", 652), "regular", "italic"),
      inFace(line("The Making of the English Working Class", 640), "italic"),
      inFace(line("as a loss that the poor felt for generations.", 628), "regular"),
    ];
    const reflowed = reflowPdfLines([lines]);
    expect(reflowed.blocks).toEqual([
      "The commons were enclosed parish by parish, in the century after 1750, as the acts of parliament show.",
      "Literature Review",
      "Historians have read these acts in two ways, as the making of modern farming and, as E. P. Thompson put it in The Making of the English Working Class as a loss that the poor felt for generations.",
    ]);
    expect(reflowed.headingLevels).toEqual([null, 1, null]);
  });

  it("takes two lines in a heading's face, the first full and the second ending short, for one heading; not two at a page's foot", () => {
    const inFace = (each: PdfLine, ...fonts: string[]) => ({ ...each, fonts });
    const heading = ["Why the commons were enclosed parish by parish, and what the", "poor made of it"];
    const lines = [
      inFace(line("The acts of parliament show how the commons were enclosed in", 700), "regular"),
      inFace(line("the century after 1750, parish by parish.", 688), "regular"),
      inFace(line(heading[0], 664), "bold"),
      inFace(line(heading[1], 652), "bold"),
      inFace(line("Historians have read these acts in two ways, as the making", 640), "regular"),
      inFace(line("of modern farming and as a loss that the poor felt.", 628), "regular"),
      // Two italic lines of a quotation at the page's foot, running on to the next page: no heading.
      inFace(line("The fields were fenced and the common rights that had kept", 604), "italic"),
      inFace(line("the cottagers through the winter were lost within a decade", 592), "italic"),
    ];
    const next = [inFace(line("of the award, as the petitions show.", 700), "italic")];
    const reflowed = reflowPdfLines([lines, next]);
    expect(reflowed.blocks.slice(0, 3)).toEqual([
      "The acts of parliament show how the commons were enclosed in the century after 1750, parish by parish.",
      heading.join(" "),
      "Historians have read these acts in two ways, as the making of modern farming and as a loss that the poor felt.",
    ]);
    expect(reflowed.headingLevels).toEqual([null, 1, null, null]);
  });

  it("keeps a stanza's lines ending in dashes as lines of verse, not a measure of prose", () => {
    // Dickinson's dashes end her lines as commas do: the longest line sets no measure the others were broken to.
    const stanza = [
      "Because I could not stop for Death –",
      "He kindly stopped for me –",
      "The Carriage held but just Ourselves –",
      "And Immortality.",
    ];
    const lines: PdfLine[] = [];
    const top = setParagraph(FIRST, 720, lines);
    stanza.forEach((text, index) => lines.push(line(text, top - index * 12)));
    setParagraph(SECOND, top - 72, lines);
    expect(reflowPdfLines([lines]).blocks).toEqual([FIRST, ...stanza, SECOND]);
  });

  it("starts a paragraph at a flush-right line whose first word would have fitted before the flush-right line above it", () => {
    // An epigraph set flush right at 72 to 372, its attribution under it, then the text.
    const flushRight = (text: string, y: number) => line(text, y, { x: 372 - text.length * CHAR });
    const quotation = ["It is a truth universally acknowledged that a man", "must be in want of a wife."];
    const body = ["The novel opens with a sentence that everyone knows and", "few have read to its end, as the chapter below argues."];
    const lines = [
      flushRight(quotation[0], 700),
      flushRight(quotation[1], 688),
      flushRight("— Jane Austen", 676),
      line(body[0], 652),
      line(body[1], 640),
      line("A second paragraph, flush left, starts the next one too.", 616),
    ];
    expect(reflowPdfLines([lines]).blocks).toEqual([
      quotation.join(" "),
      "— Jane Austen",
      body.join(" "),
      "A second paragraph, flush left, starts the next one too.",
    ]);
  });
});

describe("reflowPdfLines: paragraph spacing", () => {
  const spaced = (texts: string[], gap: number) => texts.map((text, index) => line(text, 700 - index * gap));

  it("splits one-line paragraphs whose only gap is the space between paragraphs", () => {
    const texts = ["First point, made briefly.", "Second point: also brief!", "Third point? Yes.", "“Fourth,” she said."];
    expect(reflowPdfLines([spaced(texts, 22)]).blocks).toEqual(texts);
  });

  it("keeps a double-spaced paragraph whole: its lines end and begin mid-sentence", () => {
    const texts = [
      "A double-spaced essay sets every line",
      "apart by twice its type size, as the",
      "style guides ask. Its lines run on",
      "from one to the next until the end.",
    ];
    expect(reflowPdfLines([spaced(texts, 22)]).blocks).toEqual([texts.join(" ")]);
  });
});

describe("reflowPdfLines: running heads and feet, and what is not one", () => {
  // The same sentence in every paragraph, as in the exploratory tester's PDF: the lines at the
  // pages' edges then repeat word for word, as a running head would.
  const POLICY =
    "The policy question was discussed at length by the delegates, who weighed the evidence presented by each side before reaching any conclusion about the matter at hand. ".repeat(
      2,
    );
  const NAMES = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"];

  it("drops a double-spaced paper's running head set 1.33 leadings above the text (an APA paper's), mid-sentence or not", () => {
    const words = POLICY.repeat(3).trim().split(" ");
    const lines: string[] = [];
    for (const word of words) {
      if (lines.length > 0 && `${lines[lines.length - 1]} ${word}`.length <= 60) lines[lines.length - 1] += ` ${word}`;
      else lines.push(word);
    }
    // Double spaced (24 pt), the head 32 pt above the text, its page number counting up.
    const pages = [0, 1, 2].map((page) => [
      line(`ENCLOSURE AND MEMORY ${page + 2}`, 760),
      ...lines.slice(page * 6, page * 6 + 6).map((text, index) => line(text, 728 - index * 24)),
    ]);
    expect(reflowPdfLines(pages).blocks).toEqual([lines.slice(0, 18).join(" ")]);
  });

  it("drops a book's running heads whose section titles change with every page, by the page number at one end", () => {
    const source: Block[] = Array.from({ length: 30 }, (_, index) => ({ text: `${NAMES[index % 7]} ${index}. ${POLICY.trim()}` }));
    // The head spans the measure (72 to 372): a section's title, a new one on every page, at one
    // edge, the page number at the other — outside on left pages, "12 CHAPTER B", and on right ones, "3.1. SECTION C 13".
    const head = (index: number) => {
      const section = String.fromCharCode(65 + index);
      const text = index % 2 === 1 ? `${index + 11} CHAPTER ${section}` : `${index}.1. SECTION ${section} ${index + 11}`;
      return { ...line(text, 590), xEnd: 372 };
    };
    const pages = typeset(source, (index) => (index === 0 ? [] : [head(index)]));
    expect(pages.length).toBeGreaterThan(5);
    expect(reflowPdfLines(pages).blocks).toEqual(source.map((block) => block.text));
  });

  it("keeps chapter headings at the pages' tops and the body lines under them, and drops the real running foot", () => {
    const source: Block[] = [1, 2, 3].flatMap((chapter) => [
      { text: `Chapter ${chapter}`, size: 16, newPage: true },
      ...NAMES.map((name) => ({ text: `${name} ${chapter}. ${POLICY.trim()}` })),
    ]);
    const pages = typeset(source, (index) => [line(`Marginalia Review · ${index + 17}`, 40, { size: 8 })]);
    expect(pages).toHaveLength(6);
    // The structure that misled the greedy rule: "Chapter #" and "Alpha #. The policy…" at the top of every other page.
    expect(pages.filter((lines) => /^Chapter \d$/.test(lines[1].text) && /^Alpha \d\. /.test(lines[2].text))).toHaveLength(3);

    const reflowed = reflowPdfLines(pages);
    expect(reflowed.blocks).toEqual(source.map((block) => block.text));
    expect(words(reflowed.blocks)).toBe(words(source.map((block) => block.text)));
    expect(reflowed.blocks.map((block, index) => [block.slice(0, 9), reflowed.headingLevels[index]]).filter(([, level]) => level)).toEqual([
      ["Chapter 1", 1],
      ["Chapter 2", 1],
      ["Chapter 3", 1],
    ]);
    // "Chapter 1" is the first of three headings set alike, not a title to take out of the text.
    expect(reflowed.headingTitle).toBeNull();
    expect(reflowed.blocks.join(" ")).not.toMatch(/Marginalia Review/);
  });

  it("keeps headings set at body size at the tops of a third and more of the pages ('Week 1', 'Week 2')", () => {
    const source: Block[] = [1, 2, 3].flatMap((week) => [
      { text: `Week ${week}`, newPage: true },
      // Golf's paragraph ends on a short line: the next page's "Week" heading does not look like its last word carried over.
      ...[...NAMES.slice(0, 5), "Golf"].map((name) => ({ text: `${name} ${week}. ${POLICY.trim()}` })),
    ]);
    const pages = typeset(source, (index) => [line(String(index + 1), 40)]);
    expect(pages).toHaveLength(6);
    expect(pages.filter((lines) => /^Week \d$/.test(lines[1].text))).toHaveLength(3);
    const reflowed = reflowPdfLines(pages);
    expect(reflowed.blocks).toEqual(source.map((block) => block.text));
  });

  it("drops the furniture of real books: 'Page 3 of 12', '— 4 —', a journal's heads alternating title and author, a footer with a date, chapter titles as heads", () => {
    const text = (index: number) => ({ text: `Paragraph ${index} of the article ${POLICY.trim()}` });
    const source: Block[] = [{ text: "On Reading Slowly", size: 16 }, ...Array.from({ length: 24 }, (_, index) => text(index + 1))];
    const pageNumber = (index: number) => index + 213;
    // A journal: no head on the article's first page; the journal's title (with its volume and year)
    // on left pages, the author and short title on right ones, the page number at the outer margin
    // on the same line; a footer with a date on every page.
    const journal = typeset(source, (index) => [
      ...(index === 0
        ? []
        : index % 2 === 1
          ? [line(String(pageNumber(index)), 580, { size: 8 }), line("Journal of Marginal Studies 12 (2019)", 580, { x: 150, size: 8 })]
          : [line("A. Smith · On Reading Slowly", 580, { x: 150, size: 8 }), line(String(pageNumber(index)), 580, { x: 340, size: 8 })]),
      line("Downloaded on 12 March 2024 from marginal.example", 40, { size: 7 }),
    ]);
    expect(journal.length).toBeGreaterThan(5);
    expect(reflowPdfLines(journal).blocks).toEqual(source.map((block) => block.text));

    for (const foot of [(index: number, count: number) => `Page ${index + 1} of ${count}`, (index: number) => `— ${index + 1} —`]) {
      const pages = typeset(source, () => []);
      const numbered = pages.map((lines, index) => [...lines, line(foot(index, pages.length), 40)]);
      expect(reflowPdfLines(numbered).blocks).toEqual(source.map((block) => block.text));
    }

    // A book whose right-hand heads are the chapters' titles: each recurs only on its own chapter's pages.
    const chapters: Block[] = ["Tides", "Winds", "Currents"].flatMap((title) => [
      { text: title, size: 16, newPage: true },
      ...Array.from({ length: 20 }, (_, index) => text(index + 1)),
    ]);
    const bare = typeset(chapters, () => []);
    const chapterOf = (index: number) =>
      bare
        .slice(0, index + 1)
        .flat()
        .findLast((each) => each.size > SIZE)?.text;
    // No head on a chapter's opening page; the book's title on left pages, the chapter's on right ones.
    const book = typeset(chapters, (index) =>
      bare[index][0].size > SIZE ? [] : [line(index % 2 === 0 ? "A Field Guide to the Sea" : chapterOf(index)!, 580, { size: 9 })],
    );
    const heads = book.flat().filter((each) => each.y === 580);
    expect(heads.length).toBeGreaterThan(6);
    expect(reflowPdfLines(book).blocks).toEqual(chapters.map((block) => block.text));
  });
});

describe("reflowPdfLines: notes at a column's foot, and what is not one", () => {
  // Lines of a 40-character measure, set at `x`, from `top` down at 12 pt.
  const setLines = (texts: string[], x: number, top: number, size = SIZE) =>
    texts.map((text, index) => line(text, top - index * (size + 2), { x, size }));
  const left = [
    "A paragraph set in the left column runs",
    "down to the foot of it and carries a note",
    "there, then goes on at the top of the",
  ];
  const right = ["right column, where it ends.", "A second paragraph follows it, short."];

  it("takes a column's notes out of the paragraph that runs on past them, and puts them after it", () => {
    const notes = setLines(["1 The note, set small at the column's foot,", "running on to a second line of its own."], 72, 600, 8);
    const page = [...setLines(left, 72, 700), ...notes, ...setLines(right, 320, 700)];
    expect(reflowPdfLines([page]).blocks).toEqual([
      `${left.join(" ")} ${right[0]}`,
      "1 The note, set small at the column's foot, running on to a second line of its own.",
      right[1],
    ]);
  });

  it("takes out notes set as close as LaTeX sets them: 1.38 leadings below the text", () => {
    const notes = setLines(["1 The note, set small just under a rule,", "running on to a second line of its own."], 72, 676 - 12 * 1.38, 8);
    const page = [...setLines(left, 72, 700), ...notes, ...setLines(right, 320, 700)];
    expect(reflowPdfLines([page]).blocks).toEqual([
      `${left.join(" ")} ${right[0]}`,
      "1 The note, set small just under a rule, running on to a second line of its own.",
      right[1],
    ]);
  });

  it("takes the body's size from the text set above the notes on every page, though the notes outnumber it", () => {
    // A law review's pages: two or three lines of text, paragraphs begun by an indent, under them
    // more lines of notes set small.
    const note = (number: number) => [
      `${number} A note longer than the text it annotates,`,
      "as a law review's notes are, running on",
      "down the page for line after line until",
      "it has cited every case there is to cite,",
      "and then it ends with a last short line.",
    ];
    const pageOne = [
      ...setLines(["The text of the article runs for a line"], 72, 700),
      ...setLines(["or two above its notes.", "Its second paragraph starts indented and"], 87, 688).map((each, index) => ({
        ...each,
        x: index === 0 ? 72 : 87,
      })),
      ...setLines(["runs on to the end of its second line."], 72, 664),
      ...setLines(note(1), 72, 620, 8),
    ];
    const pageTwo = [
      ...setLines(["A third paragraph starts the next page."], 87, 700),
      ...setLines(["It is short."], 72, 688),
      ...setLines(note(2), 72, 620, 8),
    ];
    expect(reflowPdfLines([pageOne, pageTwo]).blocks).toEqual([
      "The text of the article runs for a line or two above its notes.",
      "Its second paragraph starts indented and runs on to the end of its second line.",
      note(1).join(" "),
      "A third paragraph starts the next page. It is short.",
      note(2).join(" "),
    ]);
  });

  it("takes out a large text's notes set 1.19 of its leadings below it, in much smaller type", () => {
    // 14-point text at 17 points' leading, its notes in 9 points 20 points below its last line.
    const text = setLines(left, 72, 700, 14).map((each, index) => ({ ...each, y: 700 - index * 17 }));
    const notes = setLines(["1 The note, set small at the page's foot,", "running on to a second line of its own."], 72, 666 - 20, 9);
    const pageTwo = setLines(["next page, where it ends."], 72, 700, 14);
    expect(reflowPdfLines([[...text, ...notes], pageTwo]).blocks).toEqual([
      `${left.join(" ")} next page, where it ends.`,
      "1 The note, set small at the page's foot, running on to a second line of its own.",
    ]);
  });

  it("leaves a caption with body text below it where it is", () => {
    const caption = setLines(["Figure 1. A caption set small in mid-column."], 72, 640, 8);
    const below = setLines(["Text below the figure starts a paragraph."], 72, 600);
    const blocks = reflowPdfLines([[...setLines(left, 72, 700), ...caption, ...below]]).blocks;
    expect(blocks.indexOf("Figure 1. A caption set small in mid-column.")).toBe(1);
  });
});

describe("reflowPdfLines: list items, references and sentences running on", () => {
  it("keeps a list item's lines together under its marker, and starts each item anew", () => {
    const page = [
      line("• The first item runs on past the end of", 700, { x: 72 }),
      line("its line, set under its own text.", 688, { x: 82 }),
      line("• The second item is short.", 676, { x: 72 }),
      line("2. A numbered item also runs on past the", 664, { x: 72 }),
      line("end of its line.", 652, { x: 84 }),
      line("3. Another one.", 640, { x: 72 }),
    ];
    expect(reflowPdfLines([page]).blocks).toEqual([
      "• The first item runs on past the end of its line, set under its own text.",
      "• The second item is short.",
      "2. A numbered item also runs on past the end of its line.",
      "3. Another one.",
    ]);
  });

  it("runs a sentence on when its line ends mid-sentence and the next begins in lower case, whatever its indent", () => {
    // A reference list set with hanging indents, no markers: each entry's second line is indented.
    const page = [
      line("Thompson, E. P. (1963). The Making of the English Working", 700, { x: 72 }),
      line("class. London: Gollancz.", 688, { x: 108 }),
      line("Colley, L. (1992). Britons. New Haven: Yale.", 676, { x: 72 }),
    ];
    expect(reflowPdfLines([page]).blocks).toEqual([
      "Thompson, E. P. (1963). The Making of the English Working class. London: Gollancz.",
      "Colley, L. (1992). Britons. New Haven: Yale.",
    ]);
  });

  it("runs a reference on into its hanging indent when its line stopped mid-sentence before a capital, and starts a paragraph under a short heading", () => {
    const page = [
      line("Neeson, J. M. (1993). Commoners: Common right and social change in", 700, { x: 72 }),
      line("England, 1700–1820. Cambridge University Press.", 688, { x: 108 }),
      line("Scott, J. C. (1998). Seeing Like a State: How Certain Schemes", 676, { x: 72 }),
      line("Have Failed. New Haven: Yale University Press.", 664, { x: 108 }),
      line("Further Reading", 652, { x: 72 }),
      line("The indented paragraph under a heading without a full stop", 640, { x: 108 }),
      line("still starts a paragraph of its own.", 628, { x: 72 }),
    ];
    expect(reflowPdfLines([page]).blocks).toEqual([
      "Neeson, J. M. (1993). Commoners: Common right and social change in England, 1700–1820. Cambridge University Press.",
      "Scott, J. C. (1998). Seeing Like a State: How Certain Schemes Have Failed. New Haven: Yale University Press.",
      "Further Reading",
      "The indented paragraph under a heading without a full stop still starts a paragraph of its own.",
    ]);
  });
});

describe("reflowPdfLines: tables", () => {
  /**
   * A line cut into cells, each `[text, x]` or, set flush right, `[text, x, "right"]` (x is then its
   * right edge); the line's text is its cells' joined, as pdf.js reads it.
   */
  const row = (y: number, cells: [string, number, "right"?][], options: { fonts?: string[]; size?: number } = {}): PdfLine => {
    const placed = cells.map(([text, at, align]) =>
      align === "right" ? { text, x: at - text.length * CHAR, xEnd: at } : { text, x: at, xEnd: at + text.length * CHAR },
    );
    const text = placed.map((cell) => cell.text).join(" ");
    return { text, x: placed[0].x, xEnd: placed.at(-1)!.xEnd, y, size: SIZE, cells: placed, ...options };
  };
  const cellsOf = (reflowed: ReturnType<typeof reflowPdfLines>) =>
    reflowed.blocks.flatMap((text, index) => {
      const place = reflowed.tableCells[index];
      return place ? [[text, place.row, place.column, place.header ?? false]] : [];
    });

  it("reads rows of cells standing in common columns as a table's cells, its first row of words over figures as its heading", () => {
    const page = [
      line("The survey counted households in each region of the county.", 700),
      row(676, [
        ["Region", 100],
        ["Households", 260, "right"],
        ["Share (%)", 330, "right"],
      ]),
      row(664, [
        ["North", 100],
        ["1,204", 260, "right"],
        ["34.2", 330, "right"],
      ]),
      row(652, [
        ["Midlands", 100],
        ["987", 260, "right"],
        ["28.0", 330, "right"],
      ]),
      // An empty cell has no block: the row's other cells keep their columns.
      row(640, [
        ["South", 100],
        ["37.8", 330, "right"],
      ]),
      line("Table 1: Households surveyed by region, 1851.", 616),
    ];
    const reflowed = reflowPdfLines([page]);
    expect(reflowed.blocks[0]).toBe("The survey counted households in each region of the county.");
    expect(cellsOf(reflowed)).toEqual([
      ["Region", 0, 0, true],
      ["Households", 0, 1, true],
      ["Share (%)", 0, 2, true],
      ["North", 1, 0, false],
      ["1,204", 1, 1, false],
      ["34.2", 1, 2, false],
      ["Midlands", 2, 0, false],
      ["987", 2, 1, false],
      ["28.0", 2, 2, false],
      ["South", 3, 0, false],
      ["37.8", 3, 2, false],
    ]);
    expect(reflowed.blocks.at(-1)).toBe("Table 1: Households surveyed by region, 1851.");
    expect(reflowed.blocks).toHaveLength(13);
  });

  it("reads a table past the reading's budget of table cells a row to a line, so the PDF is not refused for tables it did not state", () => {
    const table = (top: number, name: string) => [
      row(top, [
        [name, 100],
        ["Wells", 260, "right"],
      ]),
      row(top - 12, [
        ["North", 100],
        ["1,204", 260, "right"],
      ]),
      row(top - 24, [
        ["South", 100],
        ["987", 260, "right"],
      ]),
    ];
    const page = [...table(700, "Region"), line("Between the two tables, a sentence of prose.", 660), ...table(630, "District")];
    expect(cellsOf(reflowPdfLines([page])).map(([text]) => text)).toEqual([
      "Region",
      "Wells",
      "North",
      "1,204",
      "South",
      "987",
      "District",
      "Wells",
      "North",
      "1,204",
      "South",
      "987",
    ]);
    const withinBudget = reflowPdfLines([page], { maxTableCells: 8 });
    expect(cellsOf(withinBudget).map(([text]) => text)).toEqual(["Region", "Wells", "North", "1,204", "South", "987"]);
    // A row to a line, every word kept.
    expect(withinBudget.blocks.slice(6)).toEqual([
      "Between the two tables, a sentence of prose.",
      "District Wells",
      "North 1,204",
      "South 987",
    ]);
    expect(withinBudget.tableCells.slice(6)).toEqual([null, null, null, null]);
  });

  it("takes a first row set in a face of its own for the heading, and ends the table at a line that does not fit its columns", () => {
    const page = [
      // No row holds a figure: the face alone tells the heading.
      row(
        700,
        [
          ["Day", 72],
          ["Topic", 140],
          ["Reading", 300],
        ],
        { fonts: ["Bold"] },
      ),
      row(
        688,
        [
          ["Mon", 72],
          ["Commons and common rights", 140],
          ["Neeson, ch. 1", 300],
        ],
        { fonts: ["Roman"] },
      ),
      row(
        676,
        [
          ["Wed", 72],
          ["Enclosure by Act", 140],
          ["Tate, ch. 3", 300],
        ],
        { fonts: ["Roman"] },
      ),
      // Its gap is not where the columns are: text, not a row.
      row(652, [
        ["Essays are due on Friday.", 72],
        ["Late work loses marks.", 220],
      ]),
    ];
    const reflowed = reflowPdfLines([page]);
    expect(cellsOf(reflowed).filter(([, rowIndex]) => rowIndex === 0)).toEqual([
      ["Day", 0, 0, true],
      ["Topic", 0, 1, true],
      ["Reading", 0, 2, true],
    ]);
    expect(cellsOf(reflowed)).toHaveLength(9);
    expect(reflowed.blocks.at(-1)).toBe("Essays are due on Friday. Late work loses marks.");
  });

  it("keeps short cells in lower case under one another as a table's ('kg' over 'kg'), not prose running on", () => {
    const page = [
      row(700, [
        ["Flour", 72],
        ["2", 200, "right"],
        ["kg", 210],
      ]),
      row(688, [
        ["Sugar", 72],
        ["1", 200, "right"],
        ["kg", 210],
      ]),
    ];
    expect(reflowPdfLines([page]).tableCells.filter((place) => place !== null)).toHaveLength(6);
  });

  it("joins a cell's text wrapped onto lines of its own to its cell, whether the row's other cells are drawn before or after them", () => {
    const page = [
      row(700, [
        ["Item", 72],
        ["Cost", 260, "right"],
        ["Remark", 280],
      ]),
      // Drawn cell by cell, as LaTeX and Word draw them: the item's second line comes before the row's cost, set back up beside its first.
      line("Refuse shingles for roof", 688),
      line("and sides", 676),
      line("4.00", 688, { x: 240 }),
      row(664, [
        ["Laths", 72],
        ["1.25", 260, "right"],
      ]),
      line("Two second-hand win-", 652),
      line("dows with glass", 640),
      line("2.43", 652, { x: 240 }),
      row(628, [
        ["Transportation", 72],
        ["1.40", 260, "right"],
        ["(I carried a good part", 280],
      ]),
      line("on my back.)", 616, { x: 280 }),
      // A row leaving the remark empty: "Nails" would have fitted after "Transportation", so it is no wrapped text.
      row(604, [
        ["Nails", 72],
        ["3.90", 260, "right"],
      ]),
      line("These are all the materials excepting the timber, stones and sand.", 580),
    ];
    const reflowed = reflowPdfLines([page]);
    expect(cellsOf(reflowed)).toEqual([
      ["Item", 0, 0, true],
      ["Cost", 0, 1, true],
      ["Remark", 0, 2, true],
      ["Refuse shingles for roof and sides", 1, 0, false],
      ["4.00", 1, 1, false],
      ["Laths", 2, 0, false],
      ["1.25", 2, 1, false],
      ["Two second-hand windows with glass", 3, 0, false],
      ["2.43", 3, 1, false],
      ["Transportation", 4, 0, false],
      ["1.40", 4, 1, false],
      ["(I carried a good part on my back.)", 4, 2, false],
      ["Nails", 5, 0, false],
      ["3.90", 5, 1, false],
    ]);
    expect(reflowed.blocks.at(-1)).toBe("These are all the materials excepting the timber, stones and sand.");
    expect(reflowed.blocks).toHaveLength(15);
  });

  it("reads a narrow column's justified line, its words spread further apart than the columns are, as one cell with its wrapped text", () => {
    const page = [
      row(700, [
        ["Item", 72],
        ["Cost", 160, "right"],
        ["Remark", 180],
      ]),
      row(688, [
        ["Boards", 72],
        ["8.03", 160, "right"],
        ["(mostly", 180],
        ["shanty", 240],
      ]),
      line("boards)", 676, { x: 180 }),
      row(664, [
        ["Lime", 72],
        ["2.40", 160, "right"],
        ["(That was high.)", 180],
      ]),
      // Spread inside a column the rows above have set: its wrapped text under it, then the next row.
      row(652, [
        ["Hair", 72],
        ["0.31", 160, "right"],
        ["(More", 180],
        ["than I", 230],
      ]),
      line("needed.)", 640, { x: 180 }),
      row(628, [
        ["Nails", 72],
        ["3.90", 160, "right"],
      ]),
    ];
    const cells = cellsOf(reflowPdfLines([page]));
    expect(cells.filter(([, , column]) => column === 2)).toEqual([
      ["Remark", 0, 2, true],
      ["(mostly shanty boards)", 1, 2, false],
      ["(That was high.)", 2, 2, false],
      ["(More than I needed.)", 3, 2, false],
    ]);
    expect(cells.at(-1)).toEqual(["3.90", 4, 1, false]);
  });

  it("keeps a line under a row's cell out of it when it begins a word of its own further below than the rows are apart", () => {
    // A wiki's infobox: the next row's value over two lines, its label (centred beside them) read as something else.
    const page = [
      row(712, [
        ["Born", 408],
        ["12 March 1802", 446],
      ]),
      row(695, [
        ["Died", 408],
        ["3 June 1871", 446],
      ]),
      line("Surveyor,", 677, { x: 446 }),
      line("pamphleteer", 663, { x: 446 }),
    ];
    const reflowed = reflowPdfLines([page]);
    expect(cellsOf(reflowed).map(([text]) => text)).toEqual(["Born", "12 March 1802", "Died", "3 June 1871"]);
    expect(reflowed.blocks.at(-1)).toBe("Surveyor, pamphleteer");
  });

  it("reads a table cut by a page break as one table, drops its heading row set again, and puts the page's notes after it", () => {
    const heading = (y: number) =>
      row(y, [
        ["Region", 100],
        ["Households", 260, "right"],
      ]);
    const pageOne: PdfLine[] = [line("1", 40)];
    const top = setParagraph(FIRST, 720, pageOne);
    pageOne.push(
      heading(top),
      row(top - 12, [
        ["North", 100],
        ["1,204", 260, "right"],
      ]),
      row(top - 24, [
        ["Midlands", 100],
        ["987", 260, "right"],
      ]),
      line("1 Counted in 1851.", top - 44, { size: 8 }),
    );
    const pageTwo: PdfLine[] = [
      heading(720),
      row(708, [
        ["South", 100],
        ["1,410", 260, "right"],
      ]),
      line("2", 40),
    ];
    setParagraph(SECOND, 684, pageTwo);
    const reflowed = reflowPdfLines([pageOne, pageTwo]);
    expect(cellsOf(reflowed)).toEqual([
      ["Region", 0, 0, true],
      ["Households", 0, 1, true],
      ["North", 1, 0, false],
      ["1,204", 1, 1, false],
      ["Midlands", 2, 0, false],
      ["987", 2, 1, false],
      ["South", 3, 0, false],
      ["1,410", 3, 1, false],
    ]);
    expect(reflowed.blocks.filter((_, index) => reflowed.tableCells[index] === null)).toEqual([FIRST, "1 Counted in 1851.", SECOND]);
    // The first page's note waits for the table to end: set between its parts, it would cut the table in two.
    expect(reflowed.blocks.indexOf("1 Counted in 1851.")).toBe(reflowed.blocks.indexOf("1,410") + 1);
    expect(reflowed.pages[1]).toEqual({ page: 2, block: reflowed.blocks.indexOf("South"), offset: 0 });
  });

  it("reads a table over many pages as one, its rows numbered on across every page, in time that grows with its pages", () => {
    const heading = (y: number) =>
      row(y, [
        ["Well", 100],
        ["Depth (m)", 260, "right"],
      ]);
    // 40 rows a page, the heading row set again on each, the folio at the foot.
    const pageOf = (page: number): PdfLine[] => [
      heading(740),
      ...Array.from({ length: 40 }, (_, index) =>
        row(728 - index * 12, [
          [`Well ${page * 40 + index + 1}`, 100],
          [`${((page * 40 + index) % 90) + 10}`, 260, "right"],
        ]),
      ),
      line(String(page + 1), 40),
    ];
    const cells = cellsOf(reflowPdfLines(Array.from({ length: 30 }, (_, page) => pageOf(page))));
    expect(cells.slice(0, 4)).toEqual([
      ["Well", 0, 0, true],
      ["Depth (m)", 0, 1, true],
      ["Well 1", 1, 0, false],
      ["10", 1, 1, false],
    ]);
    // Every well once, in order, on the row after the one before: no heading set again, no row twice.
    expect(
      cells
        .slice(2)
        .map(([text, rowIndex]) => [text, rowIndex])
        .filter((_, index) => index % 2 === 0),
    ).toEqual(Array.from({ length: 1200 }, (_, index) => [`Well ${index + 1}`, index + 1]));
  });

  it("keeps a table on the next page in other columns a table of its own", () => {
    const pageOne: PdfLine[] = [
      row(120, [
        ["North", 100],
        ["1,204", 260, "right"],
      ]),
      row(108, [
        ["South", 100],
        ["1,410", 260, "right"],
      ]),
    ];
    const pageTwo: PdfLine[] = [
      row(720, [
        ["Mon", 72],
        ["Commons", 140],
        ["Neeson, ch. 1", 300],
      ]),
      row(708, [
        ["Wed", 72],
        ["Enclosure", 140],
        ["Tate, ch. 3", 300],
      ]),
    ];
    const starts = cellsOf(reflowPdfLines([pageOne, pageTwo])).filter(([, rowIndex, column]) => rowIndex === 0 && column === 0);
    expect(starts.map(([text]) => text)).toEqual(["North", "Mon"]);
  });

  it("keeps a table on the next page in the same columns under a heading row of its own a table of its own", () => {
    const twoColumns = (y: number, cells: [string, string]) =>
      row(y, [
        [cells[0], 100],
        [cells[1], 260, "right"],
      ]);
    const pageOne = [twoColumns(132, ["Region", "Households"]), twoColumns(120, ["North", "1,204"]), twoColumns(108, ["South", "1,410"])];
    const pageTwo = [twoColumns(720, ["Year", "Population"]), twoColumns(708, ["1801", "8,308"]), twoColumns(696, ["1851", "16,921"])];
    const cells = cellsOf(reflowPdfLines([pageOne, pageTwo]));
    expect(cells.filter(([, rowIndex]) => rowIndex === 0).map(([text, , , header]) => [text, header])).toEqual([
      ["Region", true],
      ["Households", true],
      ["Year", true],
      ["Population", true],
    ]);
  });

  it("leaves notes at a column's foot as notes, though their numbers stand in a column apart from their text", () => {
    const page: PdfLine[] = [];
    const bottom = setParagraph(SECOND, setParagraph(FIRST, 700, page), page) + 24;
    page.push(
      row(
        bottom - 30,
        [
          ["1", 72],
          ["Short.", 90],
        ],
        { size: 8 },
      ),
      row(
        bottom - 40,
        [
          ["2", 72],
          ["Another, longer note.", 90],
        ],
        { size: 8 },
      ),
    );
    const reflowed = reflowPdfLines([page]);
    expect(reflowed.tableCells.every((place) => place === null)).toBe(true);
    expect(reflowed.blocks).toEqual([FIRST, SECOND, "1 Short.", "2 Another, longer note."]);
  });

  it("leaves a two-column page's lines read across the gutter as prose, though one column's lines are short", () => {
    const page = [
      row(700, [
        ["A short list:", 72],
        ["the second column runs on from line to", 320],
      ]),
      row(688, [
        ["bread,", 72],
        ["line, as prose does, and is no table's", 320],
      ]),
      row(676, [
        ["cheese.", 72],
        ["column, whatever the first one holds.", 320],
      ]),
    ];
    expect(reflowPdfLines([page]).tableCells.every((place) => place === null)).toBe(true);
  });

  it("leaves two short columns of prose, drawn one after the other at the same heights, as prose in reading order", () => {
    const left = ["The first column of a short", "passage set in two columns", "runs on for three lines."];
    const right = ["The second column begins at", "the top again and runs on", "for three lines as well."];
    const page = [
      ...left.map((text, index) => line(text, 700 - index * 12)),
      ...right.map((text, index) => line(text, 700 - index * 12, { x: 320 })),
    ];
    const reflowed = reflowPdfLines([page]);
    expect(reflowed.tableCells.every((place) => place === null)).toBe(true);
    expect(reflowed.blocks.join(" ")).toBe([...left, ...right].join(" "));
  });

  it("leaves list markers set apart from their items, a single line with a wide gap, and justified words as text", () => {
    const items = [
      row(700, [
        ["•", 72],
        ["Read the first chapter.", 90],
      ]),
      row(688, [
        ["•", 72],
        ["Write a short response.", 90],
      ]),
    ];
    const leader = [
      row(660, [
        ["Week 1", 72],
        ["Commons and common rights", 300],
      ]),
    ];
    // Every word set apart by a stretched space, as Chromium prints justified text: no two lines' words line up.
    const justified = [
      row(630, [
        ["These", 72],
        ["words", 110],
        ["are", 150],
        ["spread", 180],
        ["out", 230],
      ]),
      row(618, [
        ["across", 72],
        ["the", 115],
        ["line", 141],
        ["as", 172],
        ["justified", 196],
      ]),
    ];
    const reflowed = reflowPdfLines([[...items, ...leader, ...justified]]);
    expect(reflowed.tableCells.every((place) => place === null)).toBe(true);
  });
});
