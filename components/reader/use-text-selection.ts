"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { rangeToTextOffsets } from "@/lib/anchoring/dom-text-offsets";
import { snapRangeToCodePoints, trimRangeWhitespace } from "@/lib/anchoring/text-quote";

export type TextSelection = {
  start: number;
  end: number;
  /** Where to show the toolbar, relative to `container`. */
  anchor: { top: number; left: number; bottom: number };
  /**
   * Made by touch: the system's own selection menu (copy, share…) then sits above the selection,
   * so the toolbar goes below it. The last pointer decides; before any, the primary pointer does.
   */
  isTouch: boolean;
};

/**
 * The reader's current selection inside the article body, as canonical-text offsets. Works for
 * mouse drags, double-clicks, touch long-presses and keyboard selection alike, because it follows
 * the document's `selectionchange` rather than any one input device. Whitespace at the edges is
 * trimmed, so a triple-click or a sloppy drag anchors to the words.
 */
export function useTextSelection(body: HTMLElement | null, container: HTMLElement | null, text: string) {
  const [selection, setSelection] = useState<TextSelection | null>(null);
  const lastPointer = useRef<string | null>(null);

  /** The live selection, read from the DOM now (state may trail by a frame during fast typing). */
  const readSelection = useCallback((): TextSelection | null => {
    if (!body || !container) return null;
    const current = document.getSelection();
    if (!current || current.isCollapsed || current.rangeCount === 0) return null;
    const range = current.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer) && !range.intersectsNode(body)) return null;
    const offsets = rangeToTextOffsets(body, range);
    if (!offsets) return null;
    const trimmed = trimRangeWhitespace(text, offsets.start, offsets.end);
    if (!trimmed) return null;
    const snapped = snapRangeToCodePoints(text, trimmed.start, trimmed.end);
    const rects = range.getClientRects();
    const first = rects[0] ?? range.getBoundingClientRect();
    const last = rects[rects.length - 1] ?? first;
    const origin = container.getBoundingClientRect();
    const isTouch = lastPointer.current ? lastPointer.current === "touch" : window.matchMedia("(pointer: coarse)").matches;
    return {
      start: snapped.start,
      end: snapped.end,
      anchor: { top: first.top - origin.top, left: first.left - origin.left, bottom: last.bottom - origin.top },
      isTouch,
    };
  }, [body, container, text]);

  useEffect(() => {
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setSelection(readSelection()));
    };
    const notePointer = (event: PointerEvent) => {
      lastPointer.current = event.pointerType;
    };
    document.addEventListener("selectionchange", update);
    document.addEventListener("pointerdown", notePointer, { capture: true, passive: true });
    return () => {
      document.removeEventListener("selectionchange", update);
      document.removeEventListener("pointerdown", notePointer, { capture: true });
      cancelAnimationFrame(frame);
    };
  }, [readSelection]);

  return { selection, readSelection, clear: () => setSelection(null) };
}
