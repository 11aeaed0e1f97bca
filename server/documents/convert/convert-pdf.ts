import "server-only";
import { getDocumentProxy } from "unpdf";
import type { ConvertedReading } from "@/lib/documents/convert-reading";
import type { ConversionLimits } from "@/lib/documents/reading-limits";
import { AppError } from "@/lib/errors";
import { isoDate, languageTag } from "@/lib/documents/source-metadata";
import { reflowPdfLines, type PdfLine } from "@/lib/documents/reflow-pdf-lines";

/** What pdf.js gives for one run of text: its string, its transform [a b c d x y] and its width in user space. */
type TextItem = { str: string; transform: number[]; width: number; height: number; hasEOL?: boolean };

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
      pages.push(groupIntoLines(content.items.flatMap((item) => ("str" in item ? [item] : []))));
      page.cleanup();
    }
    if (pages.every((lines) => lines.every((line) => line.text.trim() === ""))) {
      throw new AppError(
        "UNPROCESSABLE",
        "This PDF has no text layer — it looks like a scan or a set of page images. Run it through OCR (for example ocrmypdf, " +
          'or your scanner\'s "searchable PDF" option) and upload the result.',
      );
    }
    const reflowed = reflowPdfLines(pages);
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
      styles: (isTitleBlock ? reflowed.headingLevels.slice(1) : reflowed.headingLevels).map((level) =>
        level === null ? null : { kind: "heading", level },
      ),
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
 * A run's text as a reading can keep it. pdf.js gives U+0000 for a glyph its font maps to no
 * character (no ToUnicode: Chinese text in a Chromium-made PDF, found by an exploratory check):
 * stored, it was dropped by the browser when drawn, so every highlight after it landed that many
 * characters off, and the owner could not edit the text (U+0000 is refused). It becomes U+FFFD,
 * the replacement character: one shown where one was drawn. Other control characters are no text.
 */
function readableRun(str: string): string {
  return str.replaceAll("\u0000", "\uFFFD").replace(/[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "");
}

/**
 * Text runs → lines, in the order the page draws them: a run starts a new line when it sits at
 * another height (more than half its size away) or goes back to the left; runs on one line are
 * joined with a space where the gap between them is wider than a fifth of the type size.
 */
export function groupIntoLines(items: TextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let line: PdfLine | null = null;
  for (const item of items) {
    const [, , c, d, x, y] = item.transform;
    const size = Math.hypot(c, d) || item.height || 1;
    const str = readableRun(item.str);
    if (str === "") {
      if (item.hasEOL) line = null;
      continue;
    }
    if (line && Math.abs(y - line.y) <= size * 0.5 && x >= line.xEnd - size * 0.5) {
      const gap = x - line.xEnd;
      if (gap > size * 0.2 && !line.text.endsWith(" ") && !str.startsWith(" ")) line.text += " ";
      line.text += str;
      line.xEnd = Math.max(line.xEnd, x + item.width);
      line.size = Math.max(line.size, size);
    } else {
      line = { text: str, x, xEnd: x + item.width, y, size };
      lines.push(line);
    }
    if (item.hasEOL) line = null;
  }
  for (const each of lines) each.text = each.text.replace(/\s+/g, " ").trim();
  return lines.filter((each) => each.text !== "");
}
