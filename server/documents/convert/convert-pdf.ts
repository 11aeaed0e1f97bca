import "server-only";
import { getDocumentProxy } from "unpdf";
import type { ConvertedReading } from "@/lib/documents/convert-reading";
import type { ConversionLimits } from "@/lib/documents/reading-limits";
import { AppError } from "@/lib/errors";
import { isoDate, languageTag } from "@/lib/documents/source-metadata";
import { reflowPdfLines, type PdfCell, type PdfLine } from "@/lib/documents/reflow-pdf-lines";

/** What pdf.js gives for one run of text: its string, its transform [a b c d x y] and its width in user space. */
type TextItem = { str: string; transform: number[]; width: number; height: number; hasEOL?: boolean; fontName?: string };

/**
 * A PDF → a reading. pdf.js (the unpdf build, which needs no worker and no canvas) reads each
 * page's text runs with their positions; runs are grouped into lines; reflowPdfLines rebuilds the
 * paragraphs across line and page breaks, joins end-of-line hyphenation and drops running headers,
 * footers and page numbers, keeping where each page begins. Encrypted, damaged and image-only
 * (scanned) PDFs are refused with what to do instead.
 */
export async function convertPdf(bytes: Uint8Array, limits: ConversionLimits): Promise<ConvertedReading> {
  // pdf.js takes ownership of (detaches) the buffer it is given: give it a copy.
  const document = await getDocumentProxy(new Uint8Array(bytes), { stopAtErrors: false }).catch((error: unknown) => {
    throw pdfOpenError(error);
  });
  try {
    if (document.numPages > limits.maxPages) {
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `This PDF has ${document.numPages} pages; at most ${limits.maxPages} can be added as one reading. Split it into parts ` +
          "(by chapter, say), or ask whoever runs this site to raise READING_MAX_PAGES.",
      );
    }
    const pages: PdfLine[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      // A page pdf.js cannot read (a page tree pointing at the wrong kind of object) is the file's damage, not ours: 422, not 500.
      const page = await document.getPage(number).catch((error: unknown) => {
        throw pdfOpenError(error);
      });
      const content = await page.getTextContent().catch((error: unknown) => {
        throw pdfOpenError(error);
      });
      const [left, , right] = page.view;
      pages.push(
        groupIntoLines(
          content.items.flatMap((item) => ("str" in item ? [item] : [])),
          right - left,
        ),
      );
      page.cleanup();
    }
    if (pages.every((lines) => lines.every((line) => line.text.trim() === ""))) {
      throw new AppError(
        "UNPROCESSABLE",
        "This PDF has no text layer — it looks like a scan or a set of page images. Run it through OCR (for example ocrmypdf, " +
          'or your scanner\'s "searchable PDF" option) and upload the result.',
      );
    }
    const reflowed = reflowPdfLines(pages, { maxTableCells: limits.maxTableCells });
    const { info } = (await document.getMetadata().catch(() => ({ info: {} }))) as { info: Record<string, unknown> };
    const stated = (key: string) => (typeof info[key] === "string" ? (info[key] as string).trim() : "");
    const infoTitle = stated("Title");
    const hasRealTitle = isRealTitle(infoTitle);
    // A first block set larger than the body is the title, unless the metadata names another one.
    const isTitleBlock = reflowed.headingTitle !== null && (!hasRealTitle || reflowed.headingTitle === infoTitle);
    return {
      title: hasRealTitle ? infoTitle : reflowed.headingTitle,
      author: stated("Author") || null,
      language: languageTag(stated("Language")),
      statedMinutes: null,
      blocks: isTitleBlock ? reflowed.blocks.slice(1) : reflowed.blocks,
      styles: reflowed.headingLevels
        .map((level, index) => {
          const cell = reflowed.tableCells[index];
          if (cell) return { kind: "table-cell" as const, ...cell };
          return level === null ? null : { kind: "heading" as const, level };
        })
        .slice(isTitleBlock ? 1 : 0),
      pages: isTitleBlock ? shiftPages(reflowed.pages) : reflowed.pages,
      publishedAt: pdfDate(stated("CreationDate")),
    };
  } finally {
    await document.loadingTask.destroy();
  }
}

/**
 * Whether a PDF's metadata Title names the work. Generators fill it with whatever they had: the
 * file name ("Microsoft Word - draft3.docx", "report.pdf", "C:\\Users\\ann\\Desktop\\x.pdf"), the
 * page a browser printed ("about:blank", "https://example.org/post"), or a placeholder ("Untitled",
 * "Document1", "Book1", "Presentation1"): none of those is a title, and one offered as the reading's
 * title ("about:blank", found by an exploratory tester) has to be retyped.
 */
export function isRealTitle(title: string): boolean {
  const text = title.trim();
  if (!/\p{L}/u.test(text)) return false; // "", "1", "---"
  // Browsers and URLs: about:blank, data:…, blob:…, http(s)://…, file://…, www.example.org/…
  if (/^(?:about|data|blob|javascript|chrome|file):|^[a-z][a-z\d+.-]*:\/\/|^www\.\S+$/i.test(text)) return false;
  // A file name or a path: an extension documents are saved with; a drive letter, "/…/", "~/", "./", "\\server", "a\b\".
  if (/\.(?:docx?|dotx?|odt|rtf|pdf|tex|dvi|ps|indd|qxd|pages|key|pptx?|xlsx?|txt|md|html?|aspx?|php)$/i.test(text)) return false;
  if (/^(?:[a-z]:[\\/]|\/\S*\/|~\/|\.\.?\/|\\\\)|\\\S*\\/i.test(text)) return false;
  // "Microsoft Word - draft3", and the names editors give a new file: "Untitled", "Untitled-1", "Untitled document", "Document1", "Book1".
  if (/^microsoft (?:word|powerpoint|excel)\b/i.test(text)) return false;
  const placeholder =
    /^(?:(?:untitled|unbenannt|sans titre|sin título|senza titolo)(?: (?:document|presentation|spreadsheet|drawing))?|(?:new |blank )?(?:document|doc|book|presentation|drawing|slide|page|title|sheet|workbook)|no title|none|null|undefined|anonymous|unknown)(?:[-_ ]?\(?\d+\)?)?$/i;
  return !placeholder.test(text);
}

/** The title taken out of the first block: page starts in later blocks move up one. */
function shiftPages(pages: ConvertedReading["pages"] & object): ConvertedReading["pages"] {
  return pages.map((page) => (page.block === 0 ? { ...page, offset: 0 } : { ...page, block: page.block - 1 }));
}

function pdfOpenError(error: unknown): AppError {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") {
    return new AppError(
      "UNPROCESSABLE",
      "This PDF is encrypted with a password. Open it, save or print a copy without the password (for example `qpdf --decrypt`), and upload that.",
    );
  }
  return new AppError("UNPROCESSABLE", "This PDF is damaged or not a PDF: open it in a PDF reader, save a new copy, and upload that.");
}

/** "D:20190301120000+01'00'" → an ISO date-time. */
function pdfDate(value: string): string | null {
  const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?/.exec(value);
  if (!match) return null;
  const [, year, month = "01", day = "01", hour, minute = "00", second = "00"] = match;
  return hour ? isoDate(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`) : `${year}-${month}-${day}`;
}

/**
 * A run's text as a reading can keep it. For a glyph its font maps to no character, pdf.js gives
 * the glyph's code as the character: U+0000 (Chinese text in a Chromium-made PDF, found by an
 * exploratory check) or another control character (a subset font's "fi" ligature at code 1, found by
 * a probe: "ﬁnancial" came out "nancial"). Stored as NUL it was dropped by the browser when drawn, so
 * every highlight after it landed that many characters off, and the owner could not edit the text
 * (U+0000 is refused); dropped, the word lost letters unseen. Each becomes U+FFFD, the replacement
 * character: one shown where one was drawn. A control character standing alone, no letter beside
 * it, is dropped: a list's marker (LaTeX's itemize bullet came through as U+0088 before every item),
 * not a letter of a word. A code that is a printable character cannot be told from that character.
 * Presentation forms become the letters they show (PRESENTATION_FORMS).
 */
function readableRun(str: string): string {
  return str
    .replaceAll("\u0000", "\uFFFD")
    .replace(UNMAPPED_GLYPHS, (glyphs: string, at: number, run: string) => {
      const isInWord = glyphs.length > 1 || WORD_CHARACTER.test(run.charAt(at - 1)) || WORD_CHARACTER.test(run.charAt(at + glyphs.length));
      return isInWord ? "\uFFFD".repeat(glyphs.length) : "";
    })
    .replace(PRESENTATION_FORMS, (form) => form.normalize("NFKC"));
}

/** The control characters pdf.js gives for glyphs it maps to no character (C0 but tab and line breaks, DEL, C1). */
const UNMAPPED_GLYPHS = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]+/g;
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}\uFFFD]/u;

/**
 * Letters in the shapes a font draws them (Arabic initial, medial and final forms; the "fi" and "fl"
 * ligatures): stored so, they are not the letters a reader searches for or a screen reader reads.
 * Only these are normalised: NFKC on all the text would also turn full-width CJK punctuation into ASCII.
 */
const PRESENTATION_FORMS = /[\uFB00-\uFB06\uFB13-\uFB17\uFB1D-\uFDFF\uFE70-\uFEFC]/g;

/**
 * Text runs → lines: a run joins the line being built when it sits at the same height (within
 * half the larger type size of the two) and to the right of it or, as some producers draw right-to-left text, to its left;
 * another height, or a run back inside the line, starts a new line. A line's runs are then read in
 * order (a space where the gap between two is wider than a fifth of the type size): left to right,
 * or, for a line mostly in a right-to-left script, in the order it is read (see logicalOrder), with
 * Arabic presentation forms and Latin ligatures made the letters they show (readableRun). With
 * `pageWidth`, a right-to-left line's edges are mirrored, so reflowPdfLines finds its indent and its
 * short last line where they are: at its right, and at its left.
 */
export function groupIntoLines(items: TextItem[], pageWidth?: number): PdfLine[] {
  const lines: LineRuns[] = [];
  let line: LineRuns | null = null;
  for (const item of items) {
    const [, , c, d, x, y] = item.transform;
    const size = Math.hypot(c, d) || item.height || 1;
    const str = readableRun(item.str);
    if (str === "") {
      if (item.hasEOL) line = null;
      continue;
    }
    // A space drawn as a run of its own reaches no further than where it starts: Chromium's print of
    // justified text gives each stretched space a width past the next word's start, which then
    // seemed to begin back inside the line, a line (and a paragraph) of its own per word.
    const run = { text: str, x, xEnd: str.trim() === "" ? x : x + item.width, font: item.fontName };
    const isBeside = line && (x >= line.xEnd - size * 0.5 || run.xEnd <= line.x + size * 0.5);
    // Within half the larger size: a note's number set small and raised (or a subscript lowered) is
    // part of the line it is in, not a line of its own between two halves of a paragraph.
    if (line && isBeside && Math.abs(y - line.y) <= Math.max(size, line.size) * 0.5) {
      line.runs.push(run);
      line.x = Math.min(line.x, x);
      line.xEnd = Math.max(line.xEnd, run.xEnd);
      // The line's height is its text's, not a raised number's that began it.
      if (size > line.size) line.y = y;
      line.size = Math.max(line.size, size);
    } else {
      line = { runs: [run], x, xEnd: run.xEnd, y, size };
      lines.push(line);
    }
    if (item.hasEOL) line = null;
  }
  return lines.flatMap(({ runs, ...place }) => {
    const visual = withSpaces(
      runs.sort((a, b) => a.x - b.x),
      place.size,
    );
    const isRightToLeft = countLetters(visual, RIGHT_TO_LEFT) > countLetters(visual, LEFT_TO_RIGHT);
    const text = (isRightToLeft ? logicalOrder(visual) : rightToLeftWordsInOrder(visual)).join("").replace(/\s+/g, " ").trim();
    if (text === "") return [];
    const mirrored = isRightToLeft && pageWidth !== undefined ? { x: pageWidth - place.xEnd, xEnd: pageWidth - place.x } : {};
    // The faces its words are set in (spaces aside): reflowPdfLines finds headings set in a face of their own.
    const fonts = [...new Set(runs.flatMap((run) => (run.font !== undefined && run.text.trim() !== "" ? [run.font] : [])))];
    // Its stretches of text set far apart (a table's cells, maybe: reflowPdfLines decides); right-to-left lines are left whole.
    const cells = isRightToLeft ? [] : cellsOf(runs, place.size);
    return [{ ...place, ...mirrored, text, fonts, ...(cells.length >= 2 ? { cells } : {}) }];
  });
}

/**
 * Wider than this many type sizes, a gap between two runs of a line sets them apart as cells. A
 * word space is about a quarter of the size; LaTeX sets a tabular's columns 12 points apart (1.1
 * sizes in 11-point type), Chromium an HTML table's widest cell 15 points from the next column (1.4
 * sizes). Justification can stretch a space further in a narrow column (Chromium's justified
 * columns come apart word by word): the cells make a table only where they stand in columns.
 */
const CELL_GAP = 0.8;

/** A line's runs (in visual order) as the stretches of text between gaps wider than CELL_GAP sizes. */
function cellsOf(runs: Run[], size: number): PdfCell[] {
  const groups: { runs: Run[]; x: number; xEnd: number }[] = [];
  for (const run of runs) {
    const last = groups.at(-1);
    // A space run belongs to the stretch it follows and stretches nothing: it is the gap, not text.
    if (run.text.trim() === "") {
      last?.runs.push(run);
      continue;
    }
    if (last && run.x - last.xEnd <= size * CELL_GAP) {
      last.runs.push(run);
      last.xEnd = Math.max(last.xEnd, run.xEnd);
    } else groups.push({ runs: [run], x: run.x, xEnd: run.xEnd });
  }
  return groups.map((group) => ({
    text: rightToLeftWordsInOrder(withSpaces(group.runs, size)).join("").replace(/\s+/g, " ").trim(),
    x: group.x,
    xEnd: group.xEnd,
  }));
}

type Run = { text: string; x: number; xEnd: number; font?: string };
type LineRuns = { runs: Run[]; x: number; xEnd: number; y: number; size: number };

/** The runs' texts in visual order, with a space where two runs are set apart but neither has one. */
function withSpaces(runs: Run[], size: number): string[] {
  const texts: string[] = [];
  runs.forEach((run, index) => {
    const before = runs[index - 1];
    if (before && run.x - before.xEnd > size * 0.2 && !/\s$/.test(before.text) && !/^\s/.test(run.text)) texts.push(" ");
    texts.push(run.text);
  });
  return texts;
}

const RIGHT_TO_LEFT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/gu;
const LEFT_TO_RIGHT = /(?![\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}])\p{L}/gu;
const STRONG_LEFT_TO_RIGHT = /(?![\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}])[\p{L}\p{Nd}]/u;

const RIGHT_TO_LEFT_LETTER = new RegExp(RIGHT_TO_LEFT.source, "u");
const LEFT_TO_RIGHT_LETTER = new RegExp(LEFT_TO_RIGHT.source, "u");

function countLetters(texts: string[], letters: RegExp): number {
  return texts.reduce((count, text) => count + (text.match(letters)?.length ?? 0), 0);
}

/**
 * A left-to-right line's runs, read in order. A right-to-left word inside it (Arabic or Hebrew in an
 * English sentence) comes as runs drawn left to right, a glyph or a word each (Chromium's print
 * draws Arabic glyph by glyph): read as drawn, its letters and words came back reversed, "باتك" for
 * "كتاب". Each stretch of runs in right-to-left letters, with the spaces and numbers between them,
 * is read from its right; each run's own text is in reading order already (pdf.js's), and a run
 * with left-to-right letters in it stays where it is. A number at a stretch's edge stays where it
 * was drawn: "See 12 <Arabic word>" is drawn alike whether the 12 comes before the word or after it.
 */
function rightToLeftWordsInOrder(visual: string[]): string[] {
  const ordered: string[] = [];
  // The stretch from its first right-to-left run to its last; the runs after that, which are its own if another follows.
  let stretch: string[] = [];
  let after: string[] = [];
  for (const text of visual) {
    const hasLeftToRight = LEFT_TO_RIGHT_LETTER.test(text);
    if (RIGHT_TO_LEFT_LETTER.test(text) && !hasLeftToRight) {
      stretch.push(...after, text);
      after = [];
    } else if (stretch.length > 0 && !hasLeftToRight) after.push(text);
    else {
      ordered.push(...stretch.reverse(), ...after, text);
      stretch = [];
      after = [];
    }
  }
  return [...ordered, ...stretch.reverse(), ...after];
}

/**
 * A right-to-left line's runs, read in order. pdf.js gives each run's own text in reading order but
 * the runs as drawn, left to right (an exploratory tester's Arabic PDF came back with its words
 * reversed). Read from the right: each run in turn, except that a stretch of left-to-right runs
 * (a Latin word, a number, with the spaces between them) keeps its own order inside the line.
 */
function logicalOrder(visual: string[]): string[] {
  const units: string[][] = [];
  let stretch: string[] = [];
  const endStretch = () => {
    // Spaces after its last left-to-right run are the line's, not the stretch's.
    const trailing: string[] = [];
    while (stretch.length > 0 && !STRONG_LEFT_TO_RIGHT.test(stretch.at(-1)!)) trailing.unshift(stretch.pop()!);
    if (stretch.length > 0) units.push(stretch);
    for (const text of trailing) units.push([text]);
    stretch = [];
  };
  for (const text of visual) {
    if (new RegExp(RIGHT_TO_LEFT.source, "u").test(text)) {
      endStretch();
      units.push([text]);
    } else if (STRONG_LEFT_TO_RIGHT.test(text) || stretch.length > 0) stretch.push(text);
    else units.push([text]);
  }
  endStretch();
  return units.reverse().flat();
}
