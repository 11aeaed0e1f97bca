import { describeColor } from "@/lib/annotations/colors";
import type { AnnotationDto } from "@/lib/annotations/types";
import {
  annotationUrl,
  groupRepliesByThread,
  placeOf,
  readingPageUrl,
  type AnnotationPlace,
  type ColorLabels,
  type DocumentNotes,
} from "./document-notes";

/**
 * Notes as one spreadsheet: RFC 4180 CSV (CRLF line ends, fields with a comma, quote or line break
 * quoted, quotes doubled), one row per annotation. Replies are counted, not listed. `place` says
 * "needs a new place" for one whose words a later version removed (its `quote` is of the version
 * it was written on, not the text as it is now), "on the text" otherwise, and nothing for a note
 * with no passage.
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
  "feedback",
  "link",
  "place",
] as const;

/** The `place` column: where the annotation stands on the reading's latest version (placeOf). */
const ON_THE_TEXT = "on the text";
const NEEDS_A_NEW_PLACE = "needs a new place";

/**
 * `bom` (default on) starts the file with a UTF-8 byte order mark, so Excel reads it as UTF-8.
 * `colorLabels`: the exporter's colour meanings, added to the colour of their own annotations ("Pink — Evidence").
 */
export type CsvOptions = { origin: string; bom?: boolean; colorLabels?: ColorLabels; viewerId?: string };

export function toNotesCsv(documents: DocumentNotes[], options: CsvOptions): string {
  let csv = notesCsvHead(options);
  for (const { document, annotations, replies } of documents) {
    const repliesByThread = groupRepliesByThread(replies);
    for (const annotation of annotations) csv += notesCsvRow(document, annotation, repliesByThread.get(annotation.id) ?? [], options);
  }
  return csv;
}

/** The byte order mark (unless `bom: false`) and the header row. */
export function notesCsvHead({ bom = true }: CsvOptions): string {
  const header = `${CSV_COLUMNS.map(csvField).join(",")}\r\n`;
  return bom ? `\uFEFF${header}` : header;
}

/**
 * One annotation's row, with its CRLF. `replies`: those in its thread, counted apart from an
 * instructor's feedback among them (the card says "1 reply · Feedback from your instructor").
 */
export function notesCsvRow(
  document: DocumentNotes["document"],
  annotation: AnnotationDto,
  replies: readonly AnnotationDto[],
  options: CsvOptions,
): string {
  const feedbackCount = replies.filter((reply) => reply.isFeedback).length;
  const { origin } = options;
  const labels = annotation.author.id === options.viewerId ? (options.colorLabels ?? {}) : {};
  const row = [
    document.title,
    readingPageUrl(origin, document.slug),
    annotation.id,
    annotation.createdAt,
    annotation.updatedAt,
    annotation.author.name,
    annotation.target?.selector[0].exact ?? "",
    annotation.isDeleted ? "(deleted)" : annotation.body,
    annotation.tags.join(";"),
    annotation.color ? describeColor(annotation.color, labels) : "",
    annotation.visibility,
    String(replies.length - feedbackCount),
    String(feedbackCount),
    annotationUrl(origin, document.slug, annotation.id),
    placeColumn(placeOf(annotation, document.versions)),
  ];
  return `${row.map(csvField).join(",")}\r\n`;
}

function placeColumn(place: AnnotationPlace | null): string {
  if (!place) return "";
  return place.needsNewPlace ? NEEDS_A_NEW_PLACE : ON_THE_TEXT;
}

/**
 * One field. A value a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR —
 * OWASP's list) gets a leading apostrophe, so a note such as `=HYPERLINK(...)` stays text.
 * A value holding a semicolon or a tab is quoted too: Excel set to a language whose list separator
 * is ";" (German, French, Spanish, Dutch…) splits an unquoted line there, so `Ana;=cmd|…` would
 * put a cell starting with "=" in the sheet; quoted, the value stays one cell that starts with "A".
 */
export function csvField(value: string): string {
  const neutralised = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\t\r\n]/.test(neutralised) ? `"${neutralised.replace(/"/g, '""')}"` : neutralised;
}
