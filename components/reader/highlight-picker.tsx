"use client";
import { useCallback, useState } from "react";
import { compareIds } from "@/lib/anchoring/segment-highlights";
import type { PaintedHighlight } from "./article-body";
import { DRAFT_HIGHLIGHT_ID } from "./paint-highlights";

/** Where several annotations overlap: which, and where the picker (./highlight-picker-menu.tsx) shows under the click. */
export type Picker = { ids: string[]; top: number; left: number };

/** Where a click landed: the click itself, or one kept until the highlights it needs have arrived. */
export type PointerAt = { target: EventTarget | null; clientX: number; clientY: number };

/**
 * The highlights covering text position `at`, in paint order (by start, then id: the order the
 * runs list them in, lib/anchoring/segment-highlights.ts). One pass over the list, on a click:
 * well under a millisecond for 10,000.
 */
export function highlightsAt(at: number, highlights: readonly PaintedHighlight[]): PaintedHighlight[] {
  return highlights
    .filter((highlight) => highlight.start <= at && at < highlight.end)
    .sort((a, b) => a.start - b.start || compareIds(a.id, b.id));
}

/**
 * The annotations painted where a `<mark>` was clicked (the draft passage being annotated is not
 * one). A mark's run is covered by the same highlights all along, except a crowd's
 * (components/reader/block-html.ts), which spans many runs: so the text position is the character
 * under the pointer, and the mark's first position (its data-at) only where that is not known.
 */
export function idsUnderMark(
  mark: HTMLElement | null,
  highlights: readonly PaintedHighlight[],
  pointer?: { clientX: number; clientY: number },
): string[] {
  const start = Number(mark?.dataset.at ?? Number.NaN);
  if (!mark || Number.isNaN(start)) return [];
  const at = start + ((pointer && characterUnder(mark, pointer.clientX, pointer.clientY)) ?? 0);
  return highlightsAt(at, highlights)
    .map((highlight) => highlight.id)
    .filter((id) => id !== DRAFT_HIGHLIGHT_ID);
}

/** Which character of `mark`'s text is at (x, y), counted from the mark's start; null when none of its characters is. */
function characterUnder(mark: HTMLElement, x: number, y: number): number | null {
  const caret = caretAt(x, y);
  if (!caret || !mark.contains(caret.node)) return null;
  const before = document.createRange();
  before.setStart(mark, 0);
  before.setEnd(caret.node, caret.offset);
  const offset = before.toString().length;
  // The caret falls between two characters, on the side of the clicked one nearer the pointer:
  // the clicked one is the character before it when that one's box holds the pointer.
  if (caret.node.nodeType === Node.TEXT_NODE && caret.offset > 0) {
    const previous = document.createRange();
    previous.setStart(caret.node, caret.offset - 1);
    previous.setEnd(caret.node, caret.offset);
    const holdsPointer = Array.from(previous.getClientRects()).some(
      (box) => box.left <= x && x <= box.right && box.top <= y && y <= box.bottom,
    );
    if (holdsPointer) return offset - 1;
  }
  return Math.min(offset, (mark.textContent?.length ?? 1) - 1);
}

function caretAt(x: number, y: number): { node: Node; offset: number } | null {
  if (typeof document.caretPositionFromPoint === "function") {
    const position = document.caretPositionFromPoint(x, y);
    return position && { node: position.offsetNode, offset: position.offset };
  }
  // Safari before 26 has only the older, non-standard form.
  const range = (document as { caretRangeFromPoint?: (x: number, y: number) => Range | null }).caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}

type Options = {
  highlights: readonly PaintedHighlight[];
  /** The workspace, which the picker is positioned in. */
  container: HTMLElement | null;
};

/**
 * Clicking a highlight: one annotation there is to be opened (`pick` returns its id); where
 * several overlap, a small picker asks which. A click that ends a text selection is not a click
 * on a highlight.
 */
export function useHighlightPicker({ highlights, container }: Options) {
  const [picker, setPicker] = useState<Picker | null>(null);
  const closePicker = useCallback(() => setPicker(null), []);

  const pick = useCallback(
    (event: PointerAt): string | null => {
      if (!window.getSelection()?.isCollapsed) return null;
      const mark = (event.target as HTMLElement | null)?.closest<HTMLElement>("mark[data-at]") ?? null;
      const ids = idsUnderMark(mark, highlights, event);
      if (!mark || ids.length === 0) {
        setPicker(null);
        return null;
      }
      if (ids.length === 1) return ids[0];
      // Under the line clicked: a crowd's mark can run over many lines, and its whole box's bottom
      // put the picker under the last of them.
      const box =
        Array.from(mark.getClientRects()).find((line) => line.top <= event.clientY && event.clientY <= line.bottom) ??
        mark.getBoundingClientRect();
      const origin = container!.getBoundingClientRect();
      setPicker({ ids, top: box.bottom - origin.top + 6, left: box.left - origin.left });
      return null;
    },
    [highlights, container],
  );

  return { picker, closePicker, pick };
}
