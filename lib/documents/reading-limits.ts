/** The largest reading anyone may add, by default: a long book as text is a few megabytes. */
export const DEFAULT_READING_MAX_MB = 20;

/** `READING_MAX_MB` (a positive number of megabytes), or the default: the limit on an added reading's upload. */
export function readReadingMaxBytes(env: Record<string, string | undefined> = process.env): number {
  return Math.floor(positiveNumber(env.READING_MAX_MB, DEFAULT_READING_MAX_MB) * 1024 * 1024);
}

/** The most pages a PDF reading may have, by default: a long book. */
export const DEFAULT_READING_MAX_PAGES = 2000;
/** The most a .docx or .epub may unpack to, by default: text compresses about 4:1, so a 20 MB book is well inside. */
export const DEFAULT_READING_MAX_UNZIPPED_MB = 100;

/**
 * The most paragraphs one reading may have, by default. Every paragraph is an element of the
 * reader's page, rendered on the server's one thread at each load: ~14 µs and ~235 bytes of HTML
 * each (measured on a production build: 12,000 paragraphs 0.2 s and 2.8 MB, 50,000 0.7 s and
 * 11.8 MB, 150,000 2.0 s and 35.6 MB). The default was 200,000, and an independent check made a
 * 450 KB reading of 150,000 one-letter paragraphs whose every load held the server ~2 s. 60,000
 * holds the longest books people read whole (War and Peace ~12,000 paragraphs, the King James
 * Bible ~31,000 with a verse each, Shakespeare's complete works under 50,000 with a speech each);
 * its page is at most ~0.85 s and ~14 MB.
 */
export const DEFAULT_READING_MAX_PARAGRAPHS = 60_000;
/**
 * The most table cells one reading may have, by default: each is a paragraph of its own, drawn in
 * a grid. 20,000 is a 2,000-row table of ten columns; a pasted 1,000 × 100 table (0.2 MB of
 * Markdown) made 101,000 paragraphs, took 21 s and swelled the server to 900 MB.
 */
export const DEFAULT_READING_MAX_TABLE_CELLS = 20_000;

function positiveNumber(value: string | undefined, fallback: number): number {
  const configured = Number(value);
  return Number.isFinite(configured) && configured > 0 ? configured : fallback;
}

/**
 * What a source may hold before it is refused, beside its size: `READING_MAX_PAGES`,
 * `READING_MAX_UNZIPPED_MB` (files), `READING_MAX_PARAGRAPHS`, `READING_MAX_TABLE_CELLS` (any reading).
 */
export type ConversionLimits = { maxPages: number; maxUnzippedBytes: number; maxParagraphs: number; maxTableCells: number };

export function readConversionLimits(env: Record<string, string | undefined> = process.env): ConversionLimits {
  return {
    maxPages: Math.floor(positiveNumber(env.READING_MAX_PAGES, DEFAULT_READING_MAX_PAGES)),
    maxUnzippedBytes: Math.floor(positiveNumber(env.READING_MAX_UNZIPPED_MB, DEFAULT_READING_MAX_UNZIPPED_MB) * 1024 * 1024),
    maxParagraphs: Math.floor(positiveNumber(env.READING_MAX_PARAGRAPHS, DEFAULT_READING_MAX_PARAGRAPHS)),
    maxTableCells: Math.floor(positiveNumber(env.READING_MAX_TABLE_CELLS, DEFAULT_READING_MAX_TABLE_CELLS)),
  };
}

/** The file types a reading can be added from, by extension: what the converter reads them as. */
export const READING_FILE_FORMATS = {
  txt: "text",
  text: "text",
  md: "markdown",
  markdown: "markdown",
  html: "html",
  htm: "html",
  xhtml: "html",
  docx: "docx",
  epub: "epub",
  pdf: "pdf",
} as const;
export type ReadingFormat = (typeof READING_FILE_FORMATS)[keyof typeof READING_FILE_FORMATS];

/** The same formats by media type (what a browser or a web server says a file is). */
export const READING_MEDIA_TYPES: Record<string, ReadingFormat> = {
  "text/plain": "text",
  "text/markdown": "markdown",
  "text/x-markdown": "markdown",
  "text/html": "html",
  "application/xhtml+xml": "html",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/epub+zip": "epub",
  "application/pdf": "pdf",
};

export const READING_FILE_ACCEPT = [
  ...Object.keys(READING_FILE_FORMATS).map((extension) => `.${extension}`),
  ...Object.keys(READING_MEDIA_TYPES),
].join(",");

/** "a .txt, .md, .html, .docx, .epub or .pdf file": what to offer someone whose file cannot be read. */
export const READING_FORMATS_IN_WORDS = ".txt, .md, .html, .docx, .epub or .pdf";
