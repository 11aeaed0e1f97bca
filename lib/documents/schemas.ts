import { namesAField, NOTHING_TO_CHANGE } from "@/lib/api/nothing-to-change";
import { asOneLineLabel } from "@/lib/text/one-line-label";
import { hasVisibleCharacter } from "@/lib/text/visible";
import { z } from "zod";
import { LANGUAGE_TAG } from "./source-metadata";
import { LIBRARY_FILTERS, LIBRARY_SORTS, ZReadingVisibility } from "./reading-visibility";

/** A BCP 47 language tag as people write them: "en", "fr-CA", "zh-Hant". */
export const ZLanguage = z.string().trim().regex(LANGUAGE_TAG, "Give the language as a tag such as en, fr or pt-BR.");

const ZTitle = z
  .string()
  .overwrite(asOneLineLabel)
  .min(1, "A title cannot be empty.")
  .max(300)
  .refine(hasVisibleCharacter, "A title needs letters or signs a reader can see.");
const ZAuthor = z.string().overwrite(asOneLineLabel).max(300);

/** Metadata the person adding a reading may give; empty author or language strings mean "none". */
export const ZReadingMetadataInput = z.object({
  title: ZTitle.optional(),
  author: ZAuthor.optional(),
  language: z.union([z.literal(""), ZLanguage]).optional(),
  visibility: ZReadingVisibility.default("private"),
  groupId: z.string().min(1).max(64).nullable().optional(),
});

/** A web page (or a file on the web) to import: http or https. */
const ZReadingUrl = z
  .string()
  .trim()
  .max(2000)
  .regex(/^https?:\/\//i, "Give an http:// or https:// address.");

/** POST /api/documents as JSON: exactly one of `text` (plain text), `markdown` or `url` (import a web page). */
export const ZCreateReadingJsonSchema = ZReadingMetadataInput.extend({
  text: z.string().optional(),
  markdown: z.string().optional(),
  url: ZReadingUrl.optional(),
  /** With `text`: each line stays a line (a poem, lyrics, an address) instead of lines joined into paragraphs. */
  keepLineBreaks: z.boolean().optional(),
})
  .strict()
  .refine((input) => [input.text, input.markdown, input.url].filter((value) => value !== undefined).length === 1, {
    message: "Send exactly one of `text`, `markdown` or `url` (or upload a `file` as multipart/form-data).",
  })
  .refine((input) => input.keepLineBreaks === undefined || input.text !== undefined, {
    message: "`keepLineBreaks` is for plain text: send it with `text` (Markdown has its own line breaks).",
    path: ["keepLineBreaks"],
  });
export type TCreateReadingJsonSchema = z.output<typeof ZCreateReadingJsonSchema>;

/** POST /api/documents as a form: the text fields beside `file` (or a pasted `text` / `markdown`). */
export const ZCreateReadingFormFields = ZReadingMetadataInput.extend({
  text: z.string().optional(),
  markdown: z.string().optional(),
  url: ZReadingUrl.optional(),
  groupId: z.string().max(64).optional(),
  /** With `text` or a plain-text `file`: "true" keeps each line a line. */
  keepLineBreaks: z.enum(["true", "false"]).optional(),
}).strict();

/** Where a reading came from, as its owner corrects it: an absolute http(s) address (so it can be shown as a link). */
const ZSourceUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "Give the source as a full http:// or https:// address.");

/**
 * When the source was published: a date ("2024-05-17") or a date and time with its offset, between
 * the years 1 and 9999; a day that does not exist (February 30) is refused, not rolled over.
 * The years bound the instant, not just the digits written: "9999-12-31T23:59:59-12:00" is already
 * in the year 10000 in UTC, which is how it is stored (and what the databases cannot hold).
 */
const ZPublishedAt = z
  .string()
  .trim()
  .regex(
    /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/,
    "Give the publication date as YYYY-MM-DD (or an ISO date and time with its offset).",
  )
  .superRefine((value, context) => {
    const day = new Date(`${value.slice(0, 10)}T00:00:00Z`);
    const isRealDay = !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value.slice(0, 10);
    const instant = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (!isRealDay || value.slice(0, 4) === "0000" || Number.isNaN(instant.getTime())) {
      context.addIssue({ code: "custom", message: "That date does not exist." });
    } else if (instant.getUTCFullYear() < 1 || instant.getUTCFullYear() > 9999) {
      context.addIssue({
        code: "custom",
        message: "Give a publication date between the years 1 and 9999 (in UTC, once its offset is applied).",
      });
    }
  });

/** PATCH /api/documents/{slug}: metadata and sharing; what is left out stays, null or "" clears it. */
export const ZUpdateReadingSchema = z
  .object({
    title: ZTitle.optional(),
    author: ZAuthor.nullable().optional(),
    language: z
      .union([z.literal(""), ZLanguage])
      .nullable()
      .optional(),
    sourceUrl: z
      .union([z.literal(""), ZSourceUrl])
      .nullable()
      .optional(),
    publishedAt: z
      .union([z.literal(""), ZPublishedAt])
      .nullable()
      .optional(),
    visibility: ZReadingVisibility.optional(),
    groupId: z.string().min(1).max(64).nullable().optional(),
    ifUnmodifiedSince: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: "The `updatedAt` the change was made against: if the settings changed since, 409 and nothing is saved." }),
  })
  .strict()
  .refine(({ ifUnmodifiedSince: _version, ...change }) => namesAField(change), NOTHING_TO_CHANGE);
export type TUpdateReadingSchema = z.output<typeof ZUpdateReadingSchema>;

export const ZLibraryQuery = z.object({
  filter: z.enum(LIBRARY_FILTERS).default("all"),
  q: z
    .string()
    .max(200)
    .optional()
    .meta({ description: "Words that must each begin a word of the title, the author(s) or the latest text (full-text search)." }),
  sort: z.enum(LIBRARY_SORTS).optional().meta({ description: "newest (default), title, or relevance (the default with `q`)." }),
});

export const ZReadingPermissions = z.object({
  annotate: z.boolean(),
  update: z.boolean(),
  share: z.boolean(),
  delete: z.boolean(),
  shareWithEveryone: z.boolean(),
});

/** GET /api/documents/{slug} (and what creating or changing one answers). */
/** A version's structure (lib/documents/structure.ts): how its text reads, never what it says. */
export const ZTextStructure = z.object({
  /** One per paragraph of the text ("\n\n"-separated), in order; null is a plain paragraph. */
  blocks: z.array(
    z
      .object({
        kind: z.enum(["heading", "list-item", "quote", "preformatted", "caption", "image", "table-cell", "term", "definition"]),
        level: z.number().int().min(1).max(6).optional(),
        ordered: z.boolean().optional(),
        /** A numbered list's first item: the number it starts at, when not 1. */
        start: z.number().int().optional(),
        /** A task list's item: done (true) or not (false). */
        checked: z.boolean().optional(),
        /** A table cell's row and column within its table, from 0; a cell at row 0, column 0 starts a table. */
        row: z.number().int().min(0).optional(),
        column: z.number().int().min(0).optional(),
        /** A table's heading cell. */
        header: z.boolean().optional(),
        /** A merged cell: the rows and columns it covers, from its own, when more than one. */
        rowSpan: z.number().int().min(2).optional(),
        columnSpan: z.number().int().min(2).optional(),
      })
      .nullable(),
  ),
  /** Inline marks as [start, end) UTF-16 offsets into the text, each within one paragraph. */
  marks: z.array(
    z.object({
      kind: z.enum(["emphasis", "strong", "code", "link", "deleted", "superscript", "subscript"]),
      start: z.number().int(),
      end: z.number().int(),
      href: z.string().optional(),
    }),
  ),
  pages: z.array(z.object({ number: z.number().int(), start: z.number().int() })),
  sections: z.array(z.object({ title: z.string(), start: z.number().int() })),
});

export const ZReadingDetails = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  author: z.string().nullable(),
  language: z.string().nullable(),
  readingMinutes: z.number().int(),
  visibility: ZReadingVisibility,
  group: z.object({ id: z.string(), name: z.string() }).nullable(),
  isMine: z.boolean(),
  /**
   * What deleting it does, only for its owner (null otherwise), counted as readers count (threads,
   * those that need a new place too, never a deleted one): it deletes the owner's annotations
   * (`annotationCount`) and the replies in them, anyone's (`replyCount`); the annotations other
   * people wrote (`keptAnnotationCount`) stay theirs, while the reading opens to no one.
   */
  annotationCount: z.number().int().nullable(),
  replyCount: z.number().int().nullable(),
  keptAnnotationCount: z.number().int().nullable(),
  permissions: ZReadingPermissions,
  /** `structure`: headings, lists, quotes and inline marks over `text`; null when it is plain paragraphs. */
  version: z.object({ id: z.string(), number: z.number().int(), text: z.string(), structure: ZTextStructure.nullable() }),
  /** The number of its latest version: `version` is older when a `?version=` asked for an older one. */
  latestVersionNumber: z.number().int(),
  /** The page it was imported from, or the address its file states; null when neither. */
  sourceUrl: z.string().nullable(),
  /** When the source says it was published (ISO 8601), or null. */
  publishedAt: z.string().nullable(),
  /** When its settings last changed: what a change sends back as `ifUnmodifiedSince`. */
  updatedAt: z.string(),
});
export type ReadingDetails = z.output<typeof ZReadingDetails>;

/** POST /api/documents/preview: the reading as it would be saved, nothing stored. */
export const ZReadingPreview = z.object({
  title: z.string(),
  author: z.string().nullable(),
  language: z.string().nullable(),
  readingMinutes: z.number().int(),
  wordCount: z.number().int(),
  paragraphs: z.array(z.string()),
  text: z.string(),
  sourceUrl: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** Where each page of a PDF begins, as an offset into `text` (a note at or after it is on that page). */
  pages: z.array(z.object({ number: z.number().int(), start: z.number().int() })),
  /** Where each chapter of an EPUB begins, as an offset into `text`. */
  sections: z.array(z.object({ title: z.string(), start: z.number().int() })),
  /** Headings, lists, tables, quotes and inline marks over `text`, as the reading will keep them; null when plain. */
  structure: ZTextStructure.nullable(),
  /** Images the source had that the reading leaves out (no description given, or one inside a sentence): a reading is text only. */
  imagesLeftOut: z.number().int(),
});
export type ReadingPreview = z.output<typeof ZReadingPreview>;

/** As the confirmation counted them (ReadingDetails' `annotationCount`, `replyCount` and `keptAnnotationCount`). */
export const ZDeleteReadingResult = z.object({
  slug: z.string(),
  deletedAnnotations: z.number().int(),
  deletedReplies: z.number().int(),
  keptAnnotations: z.number().int(),
});
export type DeleteReadingResult = z.output<typeof ZDeleteReadingResult>;
