import type { HighlightColor } from "@/lib/annotations/colors";
import { pagePlaceOf } from "@/lib/annotations/annotation-filter";
import type { AnnotationDto } from "@/lib/annotations/types";

/**
 * What every export writer takes: one document's annotations in reading order and their replies.
 * `server/annotations/export-annotations.ts` and `list-my-notes.ts` both produce this shape.
 */
export type DocumentNotes = {
  /**
   * `isOpen: false`: the viewer may no longer open the reading (My notes keeps their own notes on it); absent, they may.
   * `versions`: the reading's versions, to say where an annotation that needs a new place lost it (placeOf).
   */
  document: { slug: string; title: string; author: string | null; isOpen?: boolean; versions?: readonly VersionStamp[] };
  /** Top-level annotations in reading order; a deleted one is kept only while it has replies. */
  annotations: AnnotationDto[];
  /** Replies to those annotations, oldest first within a thread. */
  replies: AnnotationDto[];
};

/** The reading page of a document, absolute. */
export function readingPageUrl(origin: string, slug: string): string {
  return `${origin}/read/${encodeURIComponent(slug)}`;
}

/** The reading page scrolled to one annotation: the link back to the exact spot. */
export function annotationUrl(origin: string, slug: string, annotationId: string): string {
  return `${readingPageUrl(origin, slug)}?annotation=${encodeURIComponent(annotationId)}`;
}

/** Replies grouped under their thread's id, oldest first. */
export function groupRepliesByThread(replies: AnnotationDto[]): Map<string, AnnotationDto[]> {
  const byThread = new Map<string, AnnotationDto[]>();
  const sorted = [...replies].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  for (const reply of sorted) {
    if (!reply.parentId) continue;
    byThread.set(reply.parentId, [...(byThread.get(reply.parentId) ?? []), reply]);
  }
  return byThread;
}

/** A reader's colour meanings, as stored in their preferences ({"pink": "Evidence"}). */
export type ColorLabels = Partial<Record<HighlightColor, string>>;

/** A version of a reading: its number (1, 2, 3 … in order) and when it was made (ISO 8601). */
export type VersionStamp = { id: string; number: number; createdAt: string };

/**
 * Where an annotation stands, as every export says it: on the text, or needing a new place — no
 * place on the reading's latest version was good enough (the page lists it under "Needs a new
 * place" and paints it nowhere). Then `lastOn` is the version its quote and positions are of (the
 * last it had a place on), and `removedIn` the next one, whose changes took its words; both null
 * when `versions` does not hold it. Null for a reply, and for a note with no passage.
 */
export type AnnotationPlace = { needsNewPlace: false } | { needsNewPlace: true; lastOn: VersionStamp | null; removedIn: number | null };

export function placeOf(annotation: AnnotationDto, versions: readonly VersionStamp[] | undefined): AnnotationPlace | null {
  if (!annotation.anchoring) return null;
  if (pagePlaceOf(annotation) === "text") return { needsNewPlace: false };
  const lastOn = versions?.find((version) => version.id === annotation.anchoring!.versionId) ?? null;
  return { needsNewPlace: true, lastOn, removedIn: lastOn && lastOn.number + 1 };
}

/** What an export writes for an annotation that needs a new place: "Needs a new place: its words were removed in version 3". */
export function needsNewPlaceLine(place: Extract<AnnotationPlace, { needsNewPlace: true }>): string {
  return place.removedIn === null
    ? "Needs a new place: its words are not in the reading's current version"
    : `Needs a new place: its words were removed in version ${place.removedIn}`;
}
