// "My notes" in the browser: what its cards and filters read of each of my annotations.
import { searchableText } from "@/lib/text/search-fold";
import type { AnnotationDto } from "./types";

/** What a note card and the filters read of an annotation: the page sends this, not the whole record. */
export type NoteItem = Pick<AnnotationDto, "id" | "body" | "bodyHtml" | "color" | "visibility" | "tags" | "createdAt"> & {
  quote: string;
  /** No place on the reading's latest version was good enough: it waits under "Needs a new place" there. */
  needsNewPlace: boolean;
};

/** My notes, slimmed for the browser (the page's props), deleted ones left out. */
export function toNoteItems(annotations: readonly AnnotationDto[]): NoteItem[] {
  return annotations
    .filter((note) => !note.isDeleted)
    .map(({ id, body, bodyHtml, color, visibility, tags, createdAt, target, anchoring }) => ({
      id,
      body,
      bodyHtml,
      color,
      visibility,
      tags,
      createdAt,
      quote: target?.selector[0].exact ?? "",
      needsNewPlace: anchoring?.status === "orphaned",
    }));
}

/**
 * A note's words as My notes' search reads them (its quote, note and tags), folded as the query is
 * (searchFold: without case, accents or Unicode form); made once per note, not at every keystroke.
 */
export function noteSearchText(note: Pick<NoteItem, "quote" | "body" | "tags">): string {
  return searchableText(note.quote, note.body, note.tags);
}
