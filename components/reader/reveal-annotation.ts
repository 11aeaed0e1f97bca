/**
 * Bringing an annotation into view: its highlight in the article (centred; smooth unless the
 * reader prefers reduced motion), or its card in the sidebar (focused, so the keyboard follows).
 */
export function scrollToHighlight(body: HTMLElement | null, highlight: { start: number; end: number } | undefined) {
  // Its first run: the first mark starting inside it (runs are in document order).
  const mark = highlight
    ? Array.from(body?.querySelectorAll<HTMLElement>("mark[data-at]") ?? []).find((run) => {
        const at = Number(run.dataset.at);
        return at >= highlight.start && at < highlight.end;
      })
    : undefined;
  const isReducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  mark?.scrollIntoView({ block: "center", behavior: isReducedMotion ? "auto" : "smooth" });
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
    card.querySelector<HTMLElement>(".annotation-card__summary")?.focus();
  });
}
