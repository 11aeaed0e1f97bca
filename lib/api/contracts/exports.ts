import { z } from "zod";
import { defineContract } from "@/lib/api/contract";
import { ZShownFilterQuery } from "@/lib/annotations/annotation-filter-query";
import { NOTES_EXPORT_FORMATS } from "@/lib/exports/notes-file";
import { ZDocumentSlugParams, ZGroupIdParams } from "./params";
import { EXPORT_TOO_LARGE } from "./limits";

/** Every format a notes export may come as; Markdown is zipped when it spans several documents (one document is a plain .md). */
const NOTES_FILE_CONTENT = {
  "text/markdown": null,
  "application/zip": null,
  "text/csv": null,
  "application/ld+json": null,
  "application/json": null,
} as const;

const FORMAT_ERROR = 'format must be "markdown", "csv", "jsonld" or "hypothesis".';
const STAFF_ONLY = "Members who are not the group's owner or an instructor (non-members get 404).";

export const exportDocumentAnnotationsContract = defineContract({
  method: "GET",
  path: "/api/documents/{slug}/export",
  summary: "Everything I can see on a document (or only mine, or what the reading page shows), as a download.",
  description:
    "A W3C AnnotationCollection (JSON-LD), Obsidian-friendly Markdown, CSV (UTF-8 with BOM, formula-safe) or Hypothesis JSON, streamed. With `shown=1` the reading page's list (`place`) and filters narrow it; Markdown and CSV name my colours by my meanings. " +
    "An annotation that needs a new place (no place on the latest version; its quote is of the version it was written on) is marked in every format: a Markdown line under its quote, CSV's `place` column, a `TimeState` on its JSON-LD target, `marginalia.place` in Hypothesis JSON. " +
    "Every format carries each highlight's colour: JSON-LD as the target's `styleClass` with the annotation's `stylesheet`, Hypothesis JSON in `marginalia.color` (a field of ours; Hypothesis ignores it), and the import reads both back.",
  tag: "Exports",
  auth: "read",
  params: ZDocumentSlugParams,
  query: z
    .object({
      format: z
        .enum(["jsonld", "markdown", "csv", "hypothesis"], { error: 'format must be "jsonld", "markdown", "csv" or "hypothesis".' })
        .default("jsonld"),
      mine: z.enum(["0", "1"]).default("0").meta({ description: "1: only my annotations." }),
    })
    .extend(ZShownFilterQuery.shape),
  responses: { 200: { description: "The file, as an attachment.", otherContent: NOTES_FILE_CONTENT } },
  errors: { 413: EXPORT_TOO_LARGE },
});

export const exportMyNotesContract = defineContract({
  method: "GET",
  path: "/api/notes/export",
  summary: "My notes (the threads I started, with the replies I can read), across documents or one, as a download.",
  tag: "Exports",
  auth: "read",
  query: z.object({
    format: z.enum(NOTES_EXPORT_FORMATS, { error: FORMAT_ERROR }).default("markdown"),
    document: z.string().trim().min(1, "document must be a document's slug.").max(200).optional(),
  }),
  responses: {
    200: {
      description: "The file: Markdown (zipped when there are several documents), CSV, JSON-LD or Hypothesis JSON.",
      otherContent: NOTES_FILE_CONTENT,
    },
  },
  errors: { 413: EXPORT_TOO_LARGE },
});

export const exportGroupNotesContract = defineContract({
  method: "GET",
  path: "/api/groups/{id}/export/notes",
  summary: "Every thread posted to the group or its instructors, with replies and feedback (owner and instructors).",
  tag: "Exports",
  auth: "read",
  params: ZGroupIdParams,
  query: z.object({
    format: z.enum(NOTES_EXPORT_FORMATS, { error: FORMAT_ERROR }).default("markdown"),
    document: z.string().trim().min(1).max(200).optional(),
  }),
  responses: { 200: { description: "The file, in the same formats as my notes.", otherContent: NOTES_FILE_CONTENT } },
  errors: { 403: STAFF_ONLY, 413: EXPORT_TOO_LARGE },
});

// Read by server/review/review-csv-file.ts, which answers 400 without it.
const ZReviewCsvQuery = z.object({ document: z.string().meta({ description: "The reviewed document's slug." }) });
const CSV_CONTENT = { "text/csv": null } as const;

export const exportStudentsCsvContract = defineContract({
  method: "GET",
  path: "/api/groups/{id}/export/students.csv",
  summary: "One row per student: annotations, replies, words, scores, paragraphs engaged (owner and instructors).",
  description:
    "Columns `name, email, annotations, replies, words, score_total, scored, paragraphs_engaged, last_activity`; UTF-8 with BOM, formula-safe.",
  tag: "Exports",
  auth: "read",
  params: ZGroupIdParams,
  queryReadByServer: ZReviewCsvQuery,
  responses: { 200: { description: "The CSV file.", otherContent: CSV_CONTENT } },
  errors: { 403: STAFF_ONLY, 413: EXPORT_TOO_LARGE },
});

export const exportAnnotationsCsvContract = defineContract({
  method: "GET",
  path: "/api/groups/{id}/export/annotations.csv",
  summary:
    "One row per annotation and per reply in the group's threads on the document, each with its score and feedback (owner and instructors).",
  description:
    "Columns `thread, kind, author, email, created, scope, quote, note, tags, score, points, feedback, helpful`: a thread's " +
    "annotation (`kind` annotation; `note` is `(deleted)` for one its author deleted, kept for its replies), then each reply " +
    "(`kind` reply), `thread` the annotation's id on all of them; `points` is the score's number, so summing it per `email` " +
    "gives students.csv's `score_total`; `feedback` is the feedback on that row's item only, as `Name: text` joined by ` | `. " +
    "UTF-8 with BOM, formula-safe.",
  tag: "Exports",
  auth: "read",
  params: ZGroupIdParams,
  queryReadByServer: ZReviewCsvQuery,
  responses: { 200: { description: "The CSV file.", otherContent: CSV_CONTENT } },
  errors: { 403: STAFF_ONLY, 413: EXPORT_TOO_LARGE },
});
