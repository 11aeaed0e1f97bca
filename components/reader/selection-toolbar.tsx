"use client";
import { useLayoutEffect, useRef } from "react";
import type { HighlightColor } from "@/lib/annotations/colors";
import { ColorChoice } from "@/components/annotations/color-choice";
import { ANNOTATE_BUTTON_CLASS } from "./block-html";

type Props = {
  anchor: { top: number; left: number; bottom: number; right: number };
  /** A touch selection: the toolbar goes below it, clear of the system's menu above and of the selection handles. */
  isTouch: boolean;
  color: HighlightColor;
  colorLabels: Partial<Record<HighlightColor, string>>;
  shortcuts: { enabled: boolean; highlight: string; annotate: string };
  /** When moving an existing highlight, the toolbar offers only "Move here". */
  isMoving: boolean;
  onHighlight: () => void;
  /** One tap on a colour highlights in it at once, as on an e-reader. */
  onHighlightIn: (color: HighlightColor) => void;
  onAnnotate: () => void;
  onMoveHere: () => void;
  onColorChange: (color: HighlightColor) => void;
};

/** Below a touch selection, room for the selection handles' drag knobs. */
const TOUCH_HANDLE_ROOM = 28;

/** Its accessible name. (The reader's keyboard handling, ./use-reader-shortcuts.ts, finds it by its class.) */
const SELECTION_TOOLBAR_LABEL = "Selected text";

/**
 * The small toolbar beside a selection. With a mouse or keyboard it sits above the selection (below
 * when there is no room above); on touch always below it, across the page's width.
 */

export function SelectionToolbar({
  anchor,
  isTouch,
  color,
  colorLabels,
  shortcuts,
  isMoving,
  onHighlight,
  onHighlightIn,
  onAnnotate,
  onMoveHere,
  onColorChange,
}: Props) {
  const isBelow = isTouch || anchor.top < 64;
  const style = isTouch
    ? { top: anchor.bottom + TOUCH_HANDLE_ROOM, left: 8 }
    : { top: isBelow ? anchor.bottom + 8 : anchor.top - 8, left: Math.max(8, anchor.left) };
  const keyHint = (key: string) => (shortcuts.enabled ? ` (${key.toUpperCase()})` : "");
  // A selection near the column's right edge put the toolbar over the sidebar's cards: it is moved
  // left until it ends where the text does (measured before paint; its width depends on its buttons).
  const toolbar = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = toolbar.current;
    if (!element || isTouch) return;
    const overflow = anchor.left + element.offsetWidth - anchor.right;
    element.style.left = `${Math.max(8, anchor.left - Math.max(0, overflow))}px`;
  }, [anchor.left, anchor.right, isTouch]);
  // A keyboard user who tabbed into the toolbar and pressed Highlight (or Escape) was left on the
  // page itself when the toolbar went (an independent check): focus goes back to the selected
  // paragraph's button instead, as after saving a note. (A click never focuses the toolbar.)
  const paragraphButton = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    const node = window.getSelection()?.focusNode ?? null;
    let block = node instanceof Element ? node : (node?.parentElement ?? null);
    const buttonOf = (element: Element) => element.querySelector<HTMLElement>(`:scope > .${ANNOTATE_BUTTON_CLASS}`);
    while (block && !buttonOf(block)) block = block.parentElement;
    paragraphButton.current = block && buttonOf(block);
  }, [anchor]);
  useLayoutEffect(() => {
    const element = toolbar.current;
    // Run as the toolbar leaves, while it still holds the focus.
    return () => {
      if (element?.contains(document.activeElement)) paragraphButton.current?.focus();
    };
  }, []);
  return (
    <div
      ref={toolbar}
      className={`selection-toolbar${isBelow ? " selection-toolbar--below" : ""}${isTouch ? " selection-toolbar--touch" : ""}`}
      role="toolbar"
      aria-label={SELECTION_TOOLBAR_LABEL}
      style={style}
      // Keep the text selected while the toolbar is clicked.
      onMouseDown={(event) => event.preventDefault()}
    >
      {isMoving ? (
        <button type="button" className="button" onClick={onMoveHere}>
          Move here
        </button>
      ) : (
        <>
          <button
            type="button"
            className="button"
            onClick={onHighlight}
            aria-keyshortcuts={shortcuts.enabled ? shortcuts.highlight : undefined}
          >
            Highlight<span className="key-hint">{keyHint(shortcuts.highlight)}</span>
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={onAnnotate}
            aria-keyshortcuts={shortcuts.enabled ? shortcuts.annotate : undefined}
          >
            Annotate<span className="key-hint">{keyHint(shortcuts.annotate)}</span>
          </button>
          <ColorChoice
            name="toolbar-color"
            value={color}
            labels={colorLabels}
            onChange={onColorChange}
            onPick={onHighlightIn}
            legend="Highlight colour: a tap highlights"
          />
        </>
      )}
    </div>
  );
}
