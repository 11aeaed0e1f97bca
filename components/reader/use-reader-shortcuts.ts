"use client";
import { useEffect, useEffectEvent } from "react";
import type { ReaderPreferences } from "@/lib/annotations/preferences";

type Options = {
  shortcuts: ReaderPreferences["shortcuts"];
  /** Whether text is selected in the article (the selection toolbar shows). */
  hasSelection: boolean;
  /** Moving a highlight: the selection is the new passage, so highlight/annotate keys do nothing. */
  isMoving: boolean;
  /** Escape: cancel a move, close the picker, drop the selection (whichever apply). */
  onEscape: () => void;
  onHighlight: () => void;
  onAnnotate: () => void;
};

/**
 * The reading page's keyboard: Escape, and single-key shortcuts while the selection toolbar shows
 * (WCAG 2.1.4: the reader can turn them off or remap them in the settings). Keys typed into a
 * field are the field's.
 */
export function useReaderShortcuts({ shortcuts, hasSelection, isMoving, onEscape, onHighlight, onAnnotate }: Options) {
  // Read at each key press as of the latest render, not through a listener re-attached after it:
  // a passive effect runs after paint, so a key pressed the moment the toolbar appeared went to
  // the previous listener, which still saw no selection, and was lost (seen in CI).
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    if (target?.closest("input, textarea, select, [contenteditable='true']")) return;
    if (event.key === "Escape") return onEscape();
    // Tab after selecting with the mouse or a finger goes into the selection's toolbar: focus was on
    // no control (the page, or <main> where the click landed), so the browser's next stop was the
    // top of the page, and the toolbar's buttons were a whole page of Tabs away.
    const isOnNoControl = target === null || target === document.body || target.tabIndex < 0;
    if (event.key === "Tab" && !event.shiftKey && hasSelection && isOnNoControl) {
      const first = document.querySelector<HTMLElement>(".selection-toolbar button");
      if (first) {
        event.preventDefault();
        first.focus();
      }
      return;
    }
    if (!hasSelection || event.ctrlKey || event.metaKey || event.altKey || !shortcuts.enabled) return;
    const key = event.key.toLowerCase();
    if (isMoving) return;
    if (key === shortcuts.highlight) {
      event.preventDefault();
      onHighlight();
    } else if (key === shortcuts.annotate) {
      event.preventDefault();
      onAnnotate();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);
}
