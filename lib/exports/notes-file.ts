import { WEB_ANNOTATION_MEDIA_TYPE } from "@/lib/annotations/web-annotation";
import { slugify } from "@/lib/documents/parse-plain-text-article";
import { toNotesCsv } from "./csv";
import type { DocumentNotes } from "./document-notes";
import { toHypothesisExport } from "./hypothesis-json";
import { obsidianFileName, toObsidianMarkdown } from "./obsidian-markdown";
import { toStyledAnnotationCollection } from "./web-annotation-style";
import { createZip } from "./zip";

/**
 * Notes as one downloadable file in the format the reader chose: the single place that picks a
 * writer, a media type and a file name, for every export route.
 */
export const NOTES_EXPORT_FORMATS = ["markdown", "csv", "jsonld", "hypothesis"] as const;
export type NotesExportFormat = (typeof NOTES_EXPORT_FORMATS)[number];

export type NotesFile = { filename: string; contentType: string; body: Uint8Array<ArrayBuffer> };

export type NotesFileOptions = {
  format: NotesExportFormat;
  origin: string;
  viewerId: string;
  exportedAt: Date;
  /**
   * The download's name without extension, for every format: one export, one name (a single
   * document's Markdown once took its slug instead, unlike the same export as CSV or JSON).
   * Only the files inside a Markdown `.zip` are named by their document's slug.
   */
  baseName: string;
  /**
   * One document's notes (even none) rather than a collection: Markdown is then one plain `.md`
   * file; otherwise Markdown is a `.zip` with one file per document.
   */
  isSingleDocument: boolean;
  /** JSON-LD: the AnnotationCollection's IRI and label. */
  collection: { id: string; label: string };
};

export function buildNotesFile(documents: DocumentNotes[], options: NotesFileOptions): NotesFile {
  const { format, origin, exportedAt, baseName } = options;
  const encoder = new TextEncoder();
  switch (format) {
    case "markdown": {
      if (options.isSingleDocument && documents.length <= 1) {
        const [notes] = documents;
        return {
          filename: `${baseName}.md`,
          contentType: "text/markdown; charset=utf-8",
          body: encoder.encode(notes ? toObsidianMarkdown(notes, { origin, exportedAt }) : ""),
        };
      }
      const entries = documents.map((notes) => ({
        name: obsidianFileName(notes.document.slug),
        data: toObsidianMarkdown(notes, { origin, exportedAt }),
        modifiedAt: exportedAt,
      }));
      return { filename: `${baseName}.zip`, contentType: "application/zip", body: createZip(entries) };
    }
    case "csv":
      return {
        filename: `${baseName}.csv`,
        contentType: "text/csv; charset=utf-8; header=present",
        body: encoder.encode(toNotesCsv(documents, { origin })),
      };
    case "hypothesis":
      return {
        filename: `${baseName}.hypothesis.json`,
        contentType: "application/json; charset=utf-8",
        body: encoder.encode(JSON.stringify(toHypothesisExport(documents, { origin, viewerId: options.viewerId, exportedAt }), null, 2)),
      };
    case "jsonld": {
      // Every annotation and reply but a deleted annotation, which has nothing left to say, and
      // the replies in it: they would target an IRI that is in no file and answers 404.
      const annotations = documents.flatMap((notes) => {
        const deletedIds = new Set(notes.annotations.filter((annotation) => annotation.isDeleted).map((annotation) => annotation.id));
        return [
          ...notes.annotations.filter((annotation) => !annotation.isDeleted),
          ...notes.replies.filter((reply) => !deletedIds.has(reply.parentId!)),
        ];
      });
      // Version ids are unique across readings: one list serves every document's annotations.
      const versions = documents.flatMap((notes) => notes.document.versions ?? []);
      const collection = toStyledAnnotationCollection(annotations, origin, options.collection.id, options.collection.label, versions);
      return {
        filename: `${baseName}.jsonld`,
        contentType: WEB_ANNOTATION_MEDIA_TYPE,
        body: encoder.encode(JSON.stringify(collection, null, 2)),
      };
    }
  }
}

/** `marginalia-notes-2025-03-04`: the day of the export (UTC) in the name, so downloads sort. */
export function datedBaseName(prefix: string, exportedAt: Date): string {
  return `${prefix}-${exportedAt.toISOString().slice(0, 10)}`;
}

/**
 * A group's exports are named after it, the same way for every file it gives (the review's CSVs,
 * its notes): `policy-seminar-301-<reading>`. Before, one used the name with its spaces as typed
 * and the other the group's internal id.
 */
export function groupFileStem(groupName: string, documentSlug: string | undefined): string {
  let name: string;
  try {
    // As a reading's slug is made from its title (server/documents/reading-slug.ts).
    // eslint-disable-next-line regexp/no-super-linear-move -- 60 characters at most.
    name = slugify(groupName).slice(0, 60).replace(/-+$/, "");
  } catch {
    name = "group"; // a name of no letters or digits
  }
  return documentSlug ? `${name}-${documentSlug}` : name;
}
