"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { rangeToTextOffsets, textOffsetOf, textOffsetsToRange } from "@/lib/anchoring/dom-text-offsets";
import { snapRangeToGraphemes, trimRangeWhitespace, type TextRange } from "@/lib/anchoring/text-quote";

export type TextSelection = {
  start: number;
  end: number;
  /** Where to show the toolbar, relative to `container`. */
  /** Where the selection is, in the container's coordinates; `right`: where the text's column ends. */
  anchor: { top: number; left: number; bottom: number; right: number };
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
  // The selection's offsets as of its last change, taken at once (state waits for the next frame):
  // what a repaint in between puts back.
  const latest = useRef<TextRange | null>(null);

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
    const snapped = snapRangeToGraphemes(text, trimmed.start, trimmed.end);
    const rects = range.getClientRects();
    const first = rects[0] ?? range.getBoundingClientRect();
    const last = rects[rects.length - 1] ?? first;
    const origin = container.getBoundingClientRect();
    const isTouch = lastPointer.current ? lastPointer.current === "touch" : window.matchMedia("(pointer: coarse)").matches;
    return {
      start: snapped.start,
      end: snapped.end,
      anchor: {
        top: first.top - origin.top,
        left: first.left - origin.left,
        bottom: last.bottom - origin.top,
        right: body.getBoundingClientRect().right - origin.left,
      },
      isTouch,
    };
  }, [body, container, text]);

  useEffect(() => {
    let frame = 0;
    const update = () => {
      latest.current = body ? selectedOffsets(body, document.getSelection()) : null;
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
  }, [body, readSelection]);

  /**
   * Call after the article's paint changed (a layout effect on the painted highlights). A
   * paragraph whose runs changed gets its inside re-set (components/reader/block-html.ts), which
   * drops a selection there — say a classmate's annotation arriving live, or my last highlight's
   * saved id, in the paragraph the reader is selecting. The reader's selection is put back by its
   * text offsets as of its last change: a repaint can come between a selection and the frame that
   * reads it into state (a slow phone, a loaded machine), and the selection must survive that too.
   * Not when the selection was removed on purpose (no range left, as after "Highlight").
   */
  const keepAcrossRepaint = useCallback(() => {
    const current = document.getSelection();
    const before = latest.current;
    if (!body || !before || !current || current.rangeCount === 0) return;
    // Moved by the re-set: a boundary whose text was removed lands on the paragraph element itself.
    // A reader's own click or drag puts it in text, and is left alone.
    const range = current.getRangeAt(0);
    const wasReset = [range.startContainer, range.endContainer].some(
      (node) => node instanceof Element && node.classList.contains("reader__block"),
    );
    if (!wasReset) return;
    current.removeAllRanges();
    current.addRange(textOffsetsToRange(body, before.start, before.end));
  }, [body]);

  return { selection, readSelection, keepAcrossRepaint, clear: () => setSelection(null) };
}

/**
 * A selection's canonical-text offsets in the article body (null: none there). When both ends are
 * in its paragraphs, as they nearly always are, each is counted within its paragraph from its
 * `data-start`, not over the whole body: this runs on every selectionchange of a drag, on a page
 * that may paint thousands of highlight runs.
 */
function selectedOffsets(body: HTMLElement, selection: Selection | null): TextRange | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const start = offsetInBlock(body, range.startContainer, range.startOffset);
  const end = offsetInBlock(body, range.endContainer, range.endOffset);
  if (start !== null && end !== null) return { start, end };
  return rangeToTextOffsets(body, range);
}

function offsetInBlock(body: HTMLElement, node: Node, offset: number): number | null {
  const element = node instanceof Element ? node : node.parentElement;
  const block = element?.closest<HTMLElement>(".reader__block");
  if (!block || !body.contains(block)) return null;
  return Number(block.dataset.start) + textOffsetOf(block, node, offset);
}
