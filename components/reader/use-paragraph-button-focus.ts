"use client";
import { useEffect, useLayoutEffect, useRef } from "react";
import { ANNOTATE_BUTTON_CLASS } from "./block-html";

/**
 * Keeps a keyboard reader's place on a paragraph's "Annotate this paragraph" button while that
 * paragraph is repainted. Each block's HTML is set whole (Block in article-body.tsx), so a
 * highlight painted into the paragraph (the reader's own note confirmed by the server, someone's
 * arriving live) replaces its button, and focus fell to the page: the next Tab started again from
 * the top. After each render, a focused button that is gone hands focus to its paragraph's new one.
 * Only when nothing else took focus meanwhile, and never after a click or tap elsewhere.
 */
export function useParagraphButtonFocus(body: HTMLElement | null): void {
  const focused = useRef<{ button: HTMLElement; blockStart: string } | null>(null);

  useEffect(() => {
    const onFocusIn = (event: FocusEvent) => {
      const target = event.target instanceof HTMLElement ? event.target : null;
      const block = target?.classList.contains(ANNOTATE_BUTTON_CLASS) ? target.closest<HTMLElement>(".reader__block") : null;
      focused.current = target && block?.dataset.start !== undefined ? { button: target, blockStart: block.dataset.start } : null;
    };
    const forget = () => (focused.current = null);
    document.addEventListener("focusin", onFocusIn);
    document.addEventListener("pointerdown", forget, true);
    return () => {
      document.removeEventListener("focusin", onFocusIn);
      document.removeEventListener("pointerdown", forget, true);
    };
  }, []);

  useLayoutEffect(() => {
    const last = focused.current;
    if (!body || !last || last.button.isConnected) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    body
      .querySelector<HTMLElement>(`.reader__block[data-start="${last.blockStart}"] .${ANNOTATE_BUTTON_CLASS}`)
      ?.focus({ preventScroll: true });
  });
}
