import type { HighlightColor } from "@/lib/annotations/colors";
import type { AnnotationStub } from "@/lib/annotations/annotation-stubs";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { PaintedHighlight } from "./article-body";

/** The draft highlight (the passage being annotated) has no card: clicking it picks nothing. */
export const DRAFT_HIGHLIGHT_ID = "draft";

/**
 * What the article paints: the shown annotations that have a passage (not replies, not deleted
 * ones kept for their replies), mine marked as mine, and the passage being annotated as a draft.
 */
export function paintHighlights(
  shown: readonly AnnotationDto[],
  viewerId: string,
  draft: { start: number; end: number; color: HighlightColor } | null,
): PaintedHighlight[] {
  const painted: PaintedHighlight[] = shown
    // An orphan's selectors count into another version: painting them here would put it on the wrong words.
    .filter((annotation) => annotation.target && !annotation.isDeleted && annotation.anchoring?.status !== "orphaned")
    .map((annotation) => ({
      id: annotation.id,
      start: annotation.target!.selector[1].start,
      end: annotation.target!.selector[1].end,
      color: annotation.color ?? "yellow",
      isMine: annotation.author.id === viewerId,
    }));
  if (draft) painted.push({ id: DRAFT_HIGHLIGHT_ID, ...draft, isMine: true, isDraft: true });
  return painted;
}

/** The same for a large reading, from its stubs (lib/annotations/annotation-stubs.ts): they are placed on this version already. */
export function paintStubs(
  shown: readonly AnnotationStub[],
  viewerId: string,
  draft: { start: number; end: number; color: HighlightColor } | null,
): PaintedHighlight[] {
  const painted: PaintedHighlight[] = shown
    .filter((stub) => !stub.isDeleted)
    .map((stub) => ({ id: stub.id, start: stub.start, end: stub.end, color: stub.color ?? "yellow", isMine: stub.author.id === viewerId }));
  if (draft) painted.push({ id: DRAFT_HIGHLIGHT_ID, ...draft, isMine: true, isDraft: true });
  return painted;
}
