import "server-only";
import { ArticleFormatError } from "@/lib/documents/parse-plain-text-article";
import { convertMarkdown, convertPlainText, EmptyReadingError, finishReading, type ReadingDraft } from "@/lib/documents/convert-reading";
import { READING_FILE_FORMATS, type ReadingFormat } from "@/lib/documents/reading-limits";
import type { ReadingVisibility } from "@/lib/documents/reading-visibility";
import { ZCreateReadingFormFields, ZCreateReadingJsonSchema } from "@/lib/documents/schemas";
import { AppError } from "@/lib/errors";
import type { ReadingUpload } from "@/server/http/read-reading-upload";
import { extractHtmlArticle } from "./extract-html-article";

/** A request to add (or preview) a reading, judged: what to convert, and how to file it. */
export type ReadingInput = {
  format: ReadingFormat;
  content: string;
  metadata: { title?: string; author?: string | null; language?: string | null };
  sharing: { visibility: ReadingVisibility; groupId: string | null };
};

/** Reads the JSON body or the form (415 for a file type we cannot read, 422 for text that is not UTF-8). */
export function readReadingInput(upload: ReadingUpload): ReadingInput {
  if (upload.kind === "json") {
    const body = ZCreateReadingJsonSchema.parse(upload.body);
    return {
      format: body.markdown !== undefined ? "markdown" : "text",
      content: body.markdown ?? body.text ?? "",
      metadata: metadataOf(body),
      sharing: { visibility: body.visibility, groupId: body.groupId ?? null },
    };
  }
  const fields = ZCreateReadingFormFields.parse(upload.fields);
  const sharing = { visibility: fields.visibility, groupId: fields.groupId || null };
  if (upload.file) {
    if (fields.text !== undefined || fields.markdown !== undefined) {
      throw new AppError("BAD_REQUEST", "Send either a file or pasted text, not both.");
    }
    const format = fileFormat(upload.file.name, upload.file.type);
    return { format, content: decodeUtf8(upload.file.bytes, upload.file.name), metadata: metadataOf(fields), sharing };
  }
  if ((fields.text === undefined) === (fields.markdown === undefined)) {
    throw new AppError("BAD_REQUEST", "Send a `file`, or exactly one of `text` or `markdown`.");
  }
  return {
    format: fields.markdown !== undefined ? "markdown" : "text",
    content: fields.markdown ?? fields.text ?? "",
    metadata: metadataOf(fields),
    sharing,
  };
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
  const mediaType = type.split(";")[0].trim().toLowerCase();
  if (mediaType === "text/plain") return "text";
  if (mediaType === "text/markdown") return "markdown";
  if (mediaType === "text/html" || mediaType === "application/xhtml+xml") return "html";
  const what = extension ? `.${extension} files` : `"${name}"`;
  throw new AppError(
    "UNSUPPORTED_MEDIA_TYPE",
    `Cannot read ${what} yet: add a reading from a .txt, .md, .html or .htm file, or paste its text.`,
  );
}

function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
    // NUL never occurs in text (PostgreSQL cannot even store it): this is a binary file.
    if (!text.includes("\u0000")) return text;
  } catch {
    // not UTF-8: answered below
  }
  throw new AppError("UNPROCESSABLE", `"${name}" is not UTF-8 text: save it as UTF-8 and try again.`);
}

/** The reading as it would be saved (422 when nothing readable comes out). */
export function convertReadingInput(input: ReadingInput): ReadingDraft {
  try {
    const converted =
      input.format === "markdown"
        ? convertMarkdown(input.content)
        : input.format === "html"
          ? extractHtmlArticle(input.content)
          : convertPlainText(input.content, { hasTitle: input.metadata.title !== undefined });
    return finishReading(converted, input.metadata);
  } catch (error) {
    if (error instanceof EmptyReadingError || error instanceof ArticleFormatError) throw new AppError("UNPROCESSABLE", error.message);
    throw error;
  }
}
