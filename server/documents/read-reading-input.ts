import "server-only";
import { ArticleFormatError } from "@/lib/documents/parse-plain-text-article";
import { EmptyReadingError, type ReadingDraft } from "@/lib/documents/convert-reading";
import {
  READING_FILE_FORMATS,
  READING_FORMATS_IN_WORDS,
  READING_MEDIA_TYPES,
  readConversionLimits,
  readReadingMaxBytes,
  type ReadingFormat,
} from "@/lib/documents/reading-limits";
import type { ReadingVisibility } from "@/lib/documents/reading-visibility";
import { ZCreateReadingFormFields, ZCreateReadingJsonSchema } from "@/lib/documents/schemas";
import { AppError } from "@/lib/errors";
import type { ReadingUpload } from "@/server/http/read-reading-upload";
import { convertIsolated } from "./isolated-worker";
import type { ConversionJob } from "./convert-source";
import { fetchReadingUrl, readFetchOptions } from "./fetch-reading-url";

/** Where the reading's text comes from: pasted, an uploaded file (in memory only), or a web address. */
export type ReadingSource =
  | { kind: "pasted"; format: "text" | "markdown"; text: string; keepLineBreaks?: boolean }
  | { kind: "file"; format: ReadingFormat; name: string; bytes: Uint8Array; keepLineBreaks?: boolean }
  | { kind: "url"; url: string };

/** A request to add (or preview) a reading, judged: what to convert, and how to file it. */
export type ReadingInput = {
  source: ReadingSource;
  metadata: { title?: string; author?: string | null; language?: string | null };
  sharing: { visibility: ReadingVisibility; groupId: string | null };
};

/** Reads the JSON body or the form (415 for a file type we cannot read). Nothing is converted or fetched yet. */
export function readReadingInput(upload: ReadingUpload): ReadingInput {
  if (upload.kind === "json") {
    const body = ZCreateReadingJsonSchema.parse(upload.body);
    return {
      source: sourceOf(body, body.keepLineBreaks === true),
      metadata: metadataOf(body),
      sharing: { visibility: body.visibility, groupId: body.groupId ?? null },
    };
  }
  const fields = ZCreateReadingFormFields.parse(upload.fields);
  const sharing = { visibility: fields.visibility, groupId: fields.groupId || null };
  const given = [upload.file, fields.text, fields.markdown, fields.url].filter((value) => value !== undefined && value !== null).length;
  if (given !== 1) throw new AppError("BAD_REQUEST", "Send exactly one of a `file`, `text`, `markdown` or `url`.");
  const keepLineBreaks = fields.keepLineBreaks === "true";
  if (upload.file) {
    const format = fileFormat(upload.file.name, upload.file.type);
    if (keepLineBreaks && format !== "text") throw keepLineBreaksIsForPlainText();
    const file = { kind: "file", format, name: upload.file.name, bytes: upload.file.bytes } as const;
    return { source: keepLineBreaks ? { ...file, keepLineBreaks } : file, metadata: metadataOf(fields), sharing };
  }
  if (keepLineBreaks && fields.text === undefined) throw keepLineBreaksIsForPlainText();
  return { source: sourceOf(fields, keepLineBreaks), metadata: metadataOf(fields), sharing };
}

function keepLineBreaksIsForPlainText(): AppError {
  return new AppError(
    "BAD_REQUEST",
    "`keepLineBreaks` is for plain text: send it with `text` or a .txt file (Markdown has its own line breaks).",
  );
}

function sourceOf(fields: { text?: string; markdown?: string; url?: string }, keepLineBreaks: boolean): ReadingSource {
  if (fields.url !== undefined) return { kind: "url", url: fields.url };
  if (fields.markdown !== undefined) return { kind: "pasted", format: "markdown", text: fields.markdown };
  return { kind: "pasted", format: "text", text: fields.text ?? "", ...(keepLineBreaks && { keepLineBreaks }) };
}

function metadataOf(fields: { title?: string; author?: string; language?: string }): ReadingInput["metadata"] {
  return {
    ...(fields.title !== undefined && { title: fields.title }),
    ...(fields.author !== undefined && { author: fields.author || null }),
    ...(fields.language !== undefined && { language: fields.language || null }),
  };
}

/** By extension first (browsers send "" or application/octet-stream for .md), then by media type. */
function fileFormat(name: string, type: string): ReadingFormat {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";
  if (extension in READING_FILE_FORMATS) return READING_FILE_FORMATS[extension as keyof typeof READING_FILE_FORMATS];
  const format = READING_MEDIA_TYPES[type.split(";")[0].trim().toLowerCase()];
  if (format) return format;
  const what = extension ? `.${extension} files` : `"${name}"`;
  throw new AppError(
    "UNSUPPORTED_MEDIA_TYPE",
    `Cannot read ${what}: add a reading from a ${READING_FORMATS_IN_WORDS} file, or paste its text.`,
  );
}

/**
 * The reading as it would be saved (413/415/422 with what to do when it cannot be made). Fetches a
 * URL source. `requesterId`: whose turn it is in the conversion worker's queue (convertIsolated).
 */
export async function convertReadingInput(input: ReadingInput, requesterId: string): Promise<ReadingDraft> {
  const { source, metadata } = input;
  try {
    if (source.kind === "pasted") {
      return await convertIsolated(
        {
          kind: "pasted",
          format: source.format,
          text: source.text,
          metadata,
          keepLineBreaks: source.keepLineBreaks,
          limits: readConversionLimits(),
        },
        requesterId,
      );
    }
    if (source.kind === "file") {
      return await convertIsolated(
        { ...bytesJob(source.format, source.bytes, source.name, metadata), keepLineBreaks: source.keepLineBreaks },
        requesterId,
      );
    }
    return await whileImportingPage(requesterId, async () => {
      const page = await fetchReadingUrl(source.url, readFetchOptions(readReadingMaxBytes()));
      return convertIsolated(
        bytesJob(page.format, page.bytes, page.url, metadata, { charset: page.charset ?? null, sourceUrl: page.url }),
        requesterId,
      );
    });
  } catch (error) {
    if (error instanceof EmptyReadingError || error instanceof ArticleFormatError) throw new AppError("UNPROCESSABLE", error.message);
    throw error;
  }
}

function bytesJob(
  format: ReadingFormat,
  bytes: Uint8Array,
  name: string,
  metadata: ReadingInput["metadata"],
  fetched: { charset: string | null; sourceUrl: string } | null = null,
): ConversionJob {
  return {
    kind: "bytes",
    format,
    bytes,
    name,
    metadata,
    charset: fetched?.charset ?? null,
    sourceUrl: fetched?.sourceUrl ?? null,
    limits: readConversionLimits(),
  };
}

/** Pages one person may have on their way from a web address at once: fetched, then waiting for or in the worker. */
export const PAGE_IMPORTS_PER_PERSON = 2;
/** Pages on their way from web addresses at once, everyone's together. */
export const PAGE_IMPORTS_IN_ALL = 16;

const importingPages = new Map<string, number>();
let importingPagesInAll = 0;

/**
 * A web address costs its sender a few bytes and the server up to READING_MAX_MB (20) of memory,
 * held from the download until the page is made: 60 previews of a 19 MB page that never finished
 * sending, from one account at once, took the server from 356 MB to 1.5 GB, and each waited for its
 * 15 s deadline, the conversion worker's per-person limit being met only after the download. So
 * pages from web addresses are counted as they start: two at a time per person (429), and 16 in all
 * (503), which bounds what they hold at 320 MB whoever sends them. Files and pasted text are not
 * counted here: their bytes are the sender's own, already counted against the upload limit.
 */
async function whileImportingPage<T>(requesterId: string, run: () => Promise<T>): Promise<T> {
  const theirs = importingPages.get(requesterId) ?? 0;
  if (theirs >= PAGE_IMPORTS_PER_PERSON) {
    throw new AppError(
      "RATE_LIMITED",
      `You have ${PAGE_IMPORTS_PER_PERSON} pages on their way from the web already: wait until one is read, then send the next.`,
      { retryAfterSeconds: 10 },
    );
  }
  if (importingPagesInAll >= PAGE_IMPORTS_IN_ALL) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "Many pages are being read from the web right now: try again in a few seconds, or upload the saved page.",
      {
        retryAfterSeconds: 5,
      },
    );
  }
  importingPages.set(requesterId, theirs + 1);
  importingPagesInAll++;
  try {
    return await run();
  } finally {
    importingPagesInAll--;
    const left = (importingPages.get(requesterId) ?? 1) - 1;
    if (left > 0) importingPages.set(requesterId, left);
    else importingPages.delete(requesterId);
  }
}
