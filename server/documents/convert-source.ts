import "server-only";
import {
  convertMarkdown,
  convertPlainText,
  finishReading,
  type ConvertedReading,
  type ReadingDraft,
  type ReadingMetadataOverrides,
} from "@/lib/documents/convert-reading";
import type { ConversionLimits, ReadingFormat } from "@/lib/documents/reading-limits";
import { countTableCells } from "@/lib/documents/structure";
import { countPlainMarkdownTableCells } from "@/lib/documents/markdown-table-cells";
import { AppError } from "@/lib/errors";
import { withoutControlCharacters } from "@/lib/text/control-characters";
import { convertDocx } from "./convert/convert-docx";
import { decodeText } from "./decode-text";
import { convertEpub } from "./convert/convert-epub";
import { convertPdf } from "./convert/convert-pdf";
import { extractHtmlArticle, readMarkdownHtmlBlocks } from "./extract-html-article";

/**
 * What one reading is made from, as the conversion worker (./isolated-worker-process.ts) is sent it:
 * pasted text or Markdown, or a file's (or a fetched page's) bytes in a known format; with the
 * title, author and language the person gave, which win over the source's own.
 */
export type ConversionJob =
  | {
      kind: "pasted";
      format: "text" | "markdown";
      text: string;
      metadata: ReadingMetadataOverrides;
      /** Plain text only: each line stays a line (lib/documents/parse-plain-text-article.ts). */
      keepLineBreaks?: boolean;
      limits: ConversionLimits;
    }
  | {
      kind: "bytes";
      format: ReadingFormat;
      bytes: Uint8Array;
      /** The file's name or the page's address, for messages. */
      name: string;
      metadata: ReadingMetadataOverrides;
      /** A fetched page's declared charset; null for UTF-8 (an upload's only encoding). */
      charset: string | null;
      /** Where a fetched page came from (after redirects); null for a file. */
      sourceUrl: string | null;
      /** A plain-text file only: each line stays a line. */
      keepLineBreaks?: boolean;
      limits: ConversionLimits;
    };

/**
 * A reading's source → the reading as it will be saved. Runs in the conversion worker, never on the
 * server's own thread: every converter here can take seconds or minutes on a hostile input (see
 * ./isolated-worker.ts), and even finishing an honest book-length draft (its canonical text, word
 * count and structure) takes a noticeable fraction of a second.
 */
export async function draftReading(job: ConversionJob): Promise<ReadingDraft> {
  const converted = await convertSource(job);
  const sourceUrl = job.kind === "bytes" ? job.sourceUrl : null;
  const draft = finishReading(sourceUrl ? { ...converted, sourceUrl } : converted, job.metadata);
  assertDraftWithinLimits(draft, job.limits);
  return draft;
}

/** A count as a sentence gives it: 100,100. */
const count = (value: number) => value.toLocaleString("en");

/**
 * 413 for a reading of more paragraphs or table cells than a reading may have: refused here, in the
 * worker, so the server never receives (nor holds, renders or stores) a draft of that size.
 */
function assertDraftWithinLimits(draft: ReadingDraft, limits: ConversionLimits): void {
  const paragraphs = draft.paragraphs.length;
  if (paragraphs > limits.maxParagraphs)
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `This reading has ${count(paragraphs)} paragraphs; a reading may have at most ${count(limits.maxParagraphs)}. Split it into parts ` +
        "and add each, or ask whoever runs this site to raise READING_MAX_PARAGRAPHS.",
    );
  const cells = countTableCells(draft.structure?.blocks ?? []);
  if (cells > limits.maxTableCells) throw tooManyTableCells(cells, limits);
}

/** 413 for tables of `cells` cells over READING_MAX_TABLE_CELLS; `atLeast` when they were counted before parsing. */
function tooManyTableCells(cells: number, limits: ConversionLimits, { atLeast = false } = {}): AppError {
  return new AppError(
    "PAYLOAD_TOO_LARGE",
    `This reading's tables have ${atLeast ? "at least " : ""}${count(cells)} cells; a reading may have at most ${count(limits.maxTableCells)}. ` +
      "Split the tables into parts and add each, or ask whoever runs this site to raise READING_MAX_TABLE_CELLS.",
  );
}

/**
 * Markdown, refused before it is parsed when its tables already have too many cells by a count of
 * its lines (lib/documents/markdown-table-cells.ts): parsing a table that large is what would cost.
 */
function convertMarkdownWithin(source: string, limits: ConversionLimits): ConvertedReading {
  const cells = countPlainMarkdownTableCells(source);
  if (cells > limits.maxTableCells) throw tooManyTableCells(cells, limits, { atLeast: true });
  return convertMarkdown(source, { readHtml: readMarkdownHtmlBlocks });
}

async function convertSource(job: ConversionJob): Promise<ConvertedReading> {
  // A title given by the person means the text's first line is text, not its title.
  const hasTitle = job.metadata.title !== undefined;
  const keepLineBreaks = job.keepLineBreaks === true;
  if (job.kind === "pasted") {
    const text = withoutControlCharacters(job.text);
    return job.format === "markdown" ? convertMarkdownWithin(text, job.limits) : convertPlainText(text, { hasTitle, keepLineBreaks });
  }
  const { format, bytes, name, charset, limits } = job;
  // A text format's source as characters, control characters left out (a PDF's runs drop them as
  // read; what HTML, EPUB and Word files' parsers give is cleaned as it is read: extract-html-article.ts).
  const decoded = (isHtml = false) => withoutControlCharacters(decodeText(bytes, name, { charset, isHtml }));
  switch (format) {
    case "pdf":
      return convertPdf(bytes, limits);
    case "epub":
      return convertEpub(bytes, limits);
    case "docx":
      return convertDocx(bytes, limits);
    case "html":
      return extractHtmlArticle(decoded(true));
    case "markdown":
      return convertMarkdownWithin(decoded(), limits);
    case "text":
      return convertPlainText(decoded(), { hasTitle, keepLineBreaks });
  }
}
