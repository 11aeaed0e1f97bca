import type { HighlightColor } from "@/lib/annotations/colors";
import type { AnnotationDto } from "@/lib/annotations/types";

/**
 * What every export writer takes: one document's annotations in reading order and their replies.
 * `server/annotations/export-annotations.ts` and `list-my-notes.ts` both produce this shape.
 */
export type DocumentNotes = {
  /** `isOpen: false`: the viewer may no longer open the reading (My notes keeps their own notes on it); absent, they may. */
  document: { slug: string; title: string; author: string | null; isOpen?: boolean };
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
