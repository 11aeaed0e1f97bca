import { COLOR_NAMES } from "@/lib/annotations/colors";
import { annotationUrl, groupRepliesByThread, readingPageUrl, type DocumentNotes } from "./document-notes";

/**
 * Notes as one spreadsheet: RFC 4180 CSV (CRLF line ends, fields with a comma, quote or line break
 * quoted, quotes doubled), one row per annotation. Replies are counted, not listed.
 */
export const CSV_COLUMNS = [
  "document",
  "document_url",
  "annotation_id",
  "created",
  "updated",
  "author",
  "quote",
  "note",
  "tags",
  "colour",
  "visibility",
  "replies",
  "link",
] as const;

/** `bom` (default on) starts the file with a UTF-8 byte order mark, so Excel reads it as UTF-8. */
export type CsvOptions = { origin: string; bom?: boolean };

export function toNotesCsv(documents: DocumentNotes[], { origin, bom = true }: CsvOptions): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const { document, annotations, replies } of documents) {
    const repliesByThread = groupRepliesByThread(replies);
    for (const annotation of annotations) {
      rows.push([
        document.title,
        readingPageUrl(origin, document.slug),
        annotation.id,
        annotation.createdAt,
        annotation.updatedAt,
        annotation.author.name,
        annotation.target?.selector[0].exact ?? "",
        annotation.isDeleted ? "(deleted)" : annotation.body,
        annotation.tags.join(";"),
        annotation.color ? COLOR_NAMES[annotation.color] : "",
        annotation.visibility,
        String(repliesByThread.get(annotation.id)?.length ?? 0),
        annotationUrl(origin, document.slug, annotation.id),
      ]);
    }
  }
  const body = rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
  return bom ? `\uFEFF${body}` : body;
}

/**
 * One field. A value a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR —
 * OWASP's list) gets a leading apostrophe, so a note such as `=HYPERLINK(...)` stays text.
 */
export function csvField(value: string): string {
  const neutralised = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(neutralised) ? `"${neutralised.replace(/"/g, '""')}"` : neutralised;
}
