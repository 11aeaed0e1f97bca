/**
 * Rebuilding a PDF's text as paragraphs. A PDF has no paragraphs, only lines placed on pages; this
 * module decides, from the lines' positions alone, which are running headers, footers and page
 * numbers (dropped), where a paragraph ends (a wider gap, an indented first line, a line that ends
 * short although the next word would have fitted, a change of type size), and where a word was
 * hyphenated at the end of a line (joined). Paragraphs run on across page breaks, and the start of
 * each page is kept as a position in the text, so a note can cite "p. 12".
 */

/** One line of a page, in PDF user space (y grows upwards): its text, left and right edges, baseline and type size. */
export type PdfLine = { text: string; x: number; xEnd: number; y: number; size: number };

export type ReflowedPdf = {
  blocks: string[];
  /**
   * Each block's heading level where it is a heading (set larger than the body, and short: a long
   * run of large type is an introduction, not a heading), null where it is body text. Level 1 is
   * the largest size the document sets headings in, 2 the next, and so on.
   */
  headingLevels: (number | null)[];
  /** Where page `page` (1-based) begins: `offset` code units into `blocks[block]`. */
  pages: { page: number; block: number; offset: number }[];
  /** The first block's text when it is set larger than the body (a title), else null. */
  headingTitle: string | null;
};

/** "- 12 -", "Page 3 of 40", "xiv", "12": a line that is only a page number. */
const PAGE_NUMBER = /^(?:page\s+)?[-–—(\[\s]*(?:\d{1,5}|[ivxlcdm]{1,8})[-–—)\]\s]*(?:(?:of|\/)\s*\d{1,5})?$/i;
/** How many lines at the top and at the bottom of a page may be running heads or feet. */
const EDGE_LINES = 2;

export function reflowPdfLines(pages: PdfLine[][]): ReflowedPdf {
  const body = dropRunningHeadsAndFeet(pages);
  const all = body.flat();
  const bodySize = mode(all.map((line) => Math.round(line.size * 2) / 2)) ?? 10;
  const bodyLines = all.filter((line) => Math.abs(line.size - bodySize) <= bodySize * 0.15);
  const left = mode(bodyLines.map((line) => Math.round(line.x))) ?? 0;
  const right = percentile(
    bodyLines.map((line) => line.xEnd),
    0.9,
  );
  const leading = median(
    body.flatMap((lines) =>
      lines
        .slice(1)
        .map((line, index) => lines[index].y - line.y)
        .filter((gap) => gap > 0 && gap < bodySize * 3),
    ),
  );
  const lineGap = leading > 0 ? leading : bodySize * 1.2;

  const blocks: string[] = [];
  // The type size of each block set as a heading (null: body text), ranked into levels at the end.
  const headingSizes: (number | null)[] = [];
  const pageStarts: ReflowedPdf["pages"] = [];
  // The paragraph being built, as the lines that make it (joined once, when it ends), or null
  // between paragraphs. Edits at the end of one growing string re-read all of it on each line: a
  // PDF whose lines never end a paragraph made that quadratic (2,000 pages of 60 lines held the
  // server for minutes, found by an independent check). Each line now costs its own length.
  let current: Paragraph | null = null;
  let currentIsHeading = false;
  let currentSize = bodySize;
  let firstBlockIsHeading = false;
  let previous: PdfLine | null = null;
  let previousPage = -1;

  const flush = () => {
    if (current !== null && current.length > 0) {
      if (blocks.length === 0) firstBlockIsHeading = currentIsHeading;
      blocks.push(current.parts.join(""));
      headingSizes.push(currentIsHeading && current.length <= MAX_HEADING_LENGTH ? currentSize : null);
    }
    current = null;
  };

  body.forEach((lines, pageIndex) => {
    let isFirstOnPage = true;
    for (const line of lines) {
      const isHeading = line.size > bodySize * 1.15;
      const startsParagraph =
        current === null ||
        previous === null ||
        isHeading !== currentIsHeading ||
        (isHeading && Math.abs(line.size - previous.size) > 0.5) ||
        endsParagraph(previous, line, { left, right, lineGap, isNewPage: pageIndex !== previousPage, isHeading });
      let offset: number;
      if (startsParagraph || current === null) {
        flush();
        current = { parts: [line.text], length: line.text.length };
        currentIsHeading = isHeading;
        currentSize = Math.round(line.size * 2) / 2;
        offset = 0;
      } else if (endsWithHyphenatedWord(lastCharacters(current, 3)) && /^\p{Ll}/u.test(line.text)) {
        dropLastCharacter(current);
        offset = current.length;
        append(current, line.text);
      } else {
        if (lastCharacters(current, 1) === "\u00AD") dropLastCharacter(current);
        append(current, " ");
        offset = current.length;
        append(current, line.text);
      }
      if (isFirstOnPage) {
        // Pages with no body text of their own (a blank page, a full-page figure) begin where the next text does.
        for (let page = (pageStarts.at(-1)?.page ?? 0) + 1; page <= pageIndex + 1; page++) {
          pageStarts.push({ page, block: blocks.length, offset });
        }
        isFirstOnPage = false;
      }
      previous = line;
      previousPage = pageIndex;
    }
  });
  flush();
  for (let page = (pageStarts.at(-1)?.page ?? 0) + 1; page <= pages.length; page++)
    pageStarts.push({ page, block: blocks.length, offset: 0 });
  const sizes = [...new Set(headingSizes.filter((size): size is number => size !== null))].sort((a, b) => b - a);
  const headingLevels = headingSizes.map((size) => (size === null ? null : Math.min(sizes.indexOf(size) + 1, 6)));
  return { blocks, headingLevels, pages: pageStarts, headingTitle: firstBlockIsHeading ? blocks[0] : null };
}

/** Longer than this, a block set in large type is not a heading (an introduction, a pull quote). */
const MAX_HEADING_LENGTH = 200;

/** A paragraph's text so far, in parts; `length` in UTF-16 code units. */
type Paragraph = { parts: string[]; length: number };

function append(paragraph: Paragraph, text: string): void {
  paragraph.parts.push(text);
  paragraph.length += text.length;
}

/** The paragraph's last `count` code units (fewer in a shorter one), read from its last parts only. */
function lastCharacters(paragraph: Paragraph, count: number): string {
  let end = "";
  for (let index = paragraph.parts.length - 1; index >= 0 && end.length < count; index--) end = paragraph.parts[index].slice(-count) + end;
  return end.slice(-count);
}

/** Drops the paragraph's last code unit (a soft hyphen, a hyphen of a word broken at the line's end). */
function dropLastCharacter(paragraph: Paragraph): void {
  for (let index = paragraph.parts.length - 1; index >= 0; index--) {
    if (paragraph.parts[index] === "") continue;
    paragraph.parts[index] = paragraph.parts[index].slice(0, -1);
    paragraph.length -= 1;
    return;
  }
}

/** Whether the text (a paragraph's last few characters) ends with a letter and a hyphen: a word broken at a line's end. */
function endsWithHyphenatedWord(text: string): boolean {
  return /\p{L}[-\u00AD\u2010]$/u.test(text);
}

type Layout = { left: number; right: number; lineGap: number; isNewPage: boolean; isHeading: boolean };

/** Whether `line` begins a new paragraph after `previous`. */
function endsParagraph(previous: PdfLine, line: PdfLine, layout: Layout): boolean {
  const indent = line.x - layout.left;
  const isIndented = indent > line.size * 0.8 && indent < line.size * 6;
  const wasIndented = previous.x - layout.left > previous.size * 0.8;
  if (!layout.isNewPage) {
    // A gap wider than the leading: a blank line between paragraphs (or a heading's space).
    if (previous.y - line.y > layout.lineGap * 1.4) return true;
    // A new column or a line above the previous one.
    if (line.y > previous.y + line.size * 0.5) return true;
  }
  if (layout.isHeading) return false;
  // An indented first line — unless the previous line was indented the same way (a block quote).
  if (isIndented && !(wasIndented && Math.abs(previous.x - line.x) < 1)) return true;
  // The previous line ended short although the next line's first word would have fitted on it.
  const averageCharWidth = (line.xEnd - line.x) / Math.max(1, line.text.length);
  const firstWord = line.text.split(" ")[0];
  const room = layout.right - previous.xEnd;
  if (room > (firstWord.length + 1) * averageCharWidth + line.size * 0.5) return true;
  return false;
}

/**
 * Running heads and feet: among the top and bottom lines of each page, those whose text (with its
 * digits masked, so "Chapter 3 · 41" and "Chapter 3 · 42" agree) recurs on several pages, and any
 * that is only a page number. Books alternate heads between left and right pages, so "several"
 * means a third of the pages, at least two.
 */
function dropRunningHeadsAndFeet(pages: PdfLine[][]): PdfLine[][] {
  const edges = pages.map((lines) => {
    const byHeight = [...lines].sort((a, b) => b.y - a.y);
    return new Set([...byHeight.slice(0, EDGE_LINES), ...byHeight.slice(-EDGE_LINES)]);
  });
  const counts = new Map<string, number>();
  edges.forEach((lines) => {
    for (const key of new Set([...lines].map(edgeKey))) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const threshold = Math.max(2, Math.ceil(pages.length / 3));
  return pages.map((lines, index) =>
    lines.filter((line) => {
      if (!edges[index].has(line)) return true;
      if (PAGE_NUMBER.test(line.text)) return false;
      return pages.length < 2 || (counts.get(edgeKey(line)) ?? 0) < threshold;
    }),
  );
}

/** Text with digits masked, and the type size: a title page's large "A Field Guide" is not the running head "A Field Guide". */
function edgeKey(line: PdfLine): string {
  return `${Math.round(line.size)}|${line.text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ")}`;
}

function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}
