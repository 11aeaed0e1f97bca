import { scrollIntoRoomAboveSheet, whenSheetAtRest } from "./use-focus-above-sheet";

/**
 * Bringing an annotation into view: its highlight in the article (smooth unless the reader
 * prefers reduced motion), or its card in the sidebar (focused, so the keyboard follows).
 *
 * At a desktop the highlight comes to the middle of the window (`whereHidden`: it was just clicked
 * there, and stays where it is). On a phone the list is a sheet over the bottom of the screen, and
 * opening a thread opens it: the highlight comes into the room above the sheet once the sheet is
 * open, unless it already shows there — the middle of the window would be under it.
 */
export function scrollToHighlight(
  body: HTMLElement | null,
  highlight: { start: number; end: number } | undefined,
  { whereHidden = false }: { whereHidden?: boolean } = {},
) {
  const sheet = body?.closest(".workspace")?.querySelector<HTMLElement>(":scope > .sidebar");
  if (!body || !highlight || !sheet) return;
  const behavior = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
  // A frame on: the thread opened with this call is drawn (and the sheet has started opening), so
  // asking the sheet's style costs no style pass of its own — on a page of thousands of highlight
  // runs a forced one took longer than opening the thread.
  requestAnimationFrame(() => {
    void whenSheetAtRest(sheet).then((sheetTop) => {
      if (sheetTop === null) {
        // A column beside the text: a highlight just clicked is in view already.
        if (!whereHidden) firstRunOf(body, highlight)?.scrollIntoView({ block: "center", behavior });
        return;
      }
      // Found once the sheet is open: opening the thread repaints its paragraph (the open highlight's details).
      const mark = firstRunOf(body, highlight);
      const scrollBy = mark ? scrollIntoRoomAboveSheet(mark.getBoundingClientRect(), sheetTop) : 0;
      if (scrollBy !== 0) window.scrollBy({ top: scrollBy, behavior });
    });
  });
}

/**
 * A highlight's first run: the first mark reaching into it (marks are in document order, and a
 * crowd's mark may start before it: components/reader/block-html.ts).
 */
function firstRunOf(body: HTMLElement, highlight: { start: number; end: number }): HTMLElement | undefined {
  return Array.from(body.querySelectorAll<HTMLElement>("mark[data-at]")).find((run) => {
    const at = Number(run.dataset.at);
    return at < highlight.end && at + (run.textContent?.length ?? 0) > highlight.start;
  });
}

/** A card the sidebar is asked to bring into view: focused, unless `focus` is false. */
export type Reveal = { id: string; focus?: boolean };

/** Focuses a card once it is mounted: in the virtualized sidebar that can take a frame or two after scrolling to it. */
export function focusCard(id: string, framesLeft = 10) {
  requestAnimationFrame(() => {
    const card = document.getElementById(`annotation-${id}`);
    if (!card) {
      if (framesLeft > 0) focusCard(id, framesLeft - 1);
      return;
    }
    card.scrollIntoView({ block: "nearest" });
    // A card's summary; an annotation that needs a new place has none, its first action instead.
    card.querySelector<HTMLElement>(".annotation-card__summary, .orphan__actions button")?.focus();
  });
}
