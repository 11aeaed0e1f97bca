import type { PaintRun } from "@/lib/anchoring/segment-highlights";
import type { ParagraphRange } from "@/lib/documents/canonical-text";
import { safeHref, type InlineMark } from "@/lib/documents/structure";
import type { PaintedHighlight } from "./article-body";

// The inside of one painted block (a paragraph, heading, list item…) as HTML: the "Annotate this
// paragraph" button, then the text in highlight runs (<mark>), inline marks (<em>, <strong>,
// <code>, <a>, <del>, <sup>, <sub>) and page-break markers. Built as a string, not as React elements: a reading with
// 10,000 annotations paints ~5,500 runs, and rendering them as elements cost the server ~50–100 ms
// a page and the browser as much again to hydrate them; as a string React neither renders nor
// hydrates them (ArticleBody sets it with dangerouslySetInnerHTML, and re-sets it for a block
// whose paint changed).
//
// What it must keep: the block's textContent is exactly text[paragraph.start, paragraph.end)
// (nothing but that text is put in; the button holds none), and everything from the text or the
// highlights is escaped.

export type BlockPaint = {
  text: string;
  paragraph: ParagraphRange;
  /** The first paragraph: a page starting at its very beginning gets no marker. */
  isFirst: boolean;
  pageStarts: readonly { number: number; start: number }[];
  runs: readonly PaintRun[];
  marks: readonly InlineMark[];
  highlights: readonly PaintedHighlight[];
  /** The highlight flashing in this block, if any. */
  flashing: PaintedHighlight | undefined;
  /** Which runs point at their card with aria-details: every one, the open one's only, or none. */
  detailsFor: "all" | string | null;
  /** Signed-in readers get the per-paragraph button (its clicks are handled by ArticleBody); null: none. */
  paragraphButton: ParagraphButton | null;
};

/**
 * What the per-paragraph button does: annotate the paragraph, or, while a highlight is being moved,
 * offer the paragraph as its new place (the keyboard's way to finish a move).
 */
export type ParagraphButton = "annotate" | "move";

/** The per-paragraph button; ArticleBody finds a click on it by this class. */
export const ANNOTATE_BUTTON_CLASS = "paragraph-annotate";

/**
 * The per-paragraph button, named by what it does, the paragraph's number and opening words
 * ("Annotate paragraph 3: “From a foreign policy…”"): a keyboard or screen-reader user tabbing
 * through a reading's buttons knows which one they are on, and a voice user can say which. While a
 * highlight is being moved its name says the move ("Move the highlight to paragraph 3: …"): it no
 * longer starts a note. The button holds no text, so the block's textContent stays the text.
 */
function paragraphButtonHtml(paragraph: ParagraphRange, action: ParagraphButton): string {
  const where = `paragraph ${paragraph.index + 1}: “${openingWords(paragraph.text)}”`;
  const [label, title] =
    action === "move"
      ? [`Move the highlight to ${where}`, "Move the highlight to this paragraph"]
      : [`Annotate ${where}`, "Annotate this paragraph"];
  return `<button type="button" class="${ANNOTATE_BUTTON_CLASS}" aria-label="${attribute(label)}" title="${title}"></button>`;
}

const OPENING_WORDS = 5;
const OPENING_CHARACTERS = 40;

/** A paragraph's first few words, "…" when there is more; never more than about 40 characters. */
export function openingWords(text: string): string {
  // Only the opening is split: a paragraph can be a whole book's length, and this runs on every render.
  const words = text
    .trim()
    .slice(0, OPENING_CHARACTERS * 4)
    .split(/\s+/);
  let opening = words.slice(0, OPENING_WORDS).join(" ");
  if (opening.length > OPENING_CHARACTERS) opening = Array.from(opening).slice(0, OPENING_CHARACTERS).join("").trimEnd();
  return opening.length < text.trim().length ? `${opening}…` : opening;
}

/**
 * Where this many highlights or more cover a passage, it is painted as a crowd: the deepest shade,
 * in the reader's own top colour where one of theirs is among them (in a neutral tone where none
 * is), as one mark across all the runs that look alike. A crowd of a class's highlights cuts its
 * text into runs a character or two long, each topped by whoever's happened to start last: as
 * separate marks they told the reader nothing more, and each is an inline box Chromium lays out
 * (~5,500 of them at 10,000 annotations, most of the page's load).
 */
export const CROWD_DEPTH = 3;

export function blockHtml(paint: BlockPaint): string {
  const { text, isFirst, pageStarts, runs, marks, highlights, flashing, detailsFor } = paint;
  // The annotation whose card is open, when only its highlight points at its card.
  const detailed = detailsFor === "all" || detailsFor === null ? undefined : highlights.find((highlight) => highlight.id === detailsFor);
  const covers = (highlight: PaintedHighlight | undefined, run: PaintRun) =>
    highlight !== undefined && highlight.start <= run.start && run.end <= highlight.end;
  let html = paint.paragraphButton ? paragraphButtonHtml(paint.paragraph, paint.paragraphButton) : "";
  // A crowd's mark is left open while the runs after it look the same: its look, "" when none is open.
  let openCrowd = "";
  const closeCrowd = () => {
    if (openCrowd !== "") html += "</mark>";
    openCrowd = "";
  };
  for (const run of runs) {
    const content = withPageBreaks(run.start, run.end, isFirst, pageStarts, (from, to) => withMarks(text, from, to, marks));
    if (run.depth === 0) {
      closeCrowd();
      html += content;
      continue;
    }
    const isFlashing = covers(flashing, run);
    const mine = run.topMine >= 0 ? highlights[run.topMine] : undefined;
    if (run.depth >= CROWD_DEPTH) {
      // A crowd points at a card only where the open one covers it, or (every card in the page) at the reader's own on top.
      const pointsAt = covers(detailed, run) ? detailed : detailsFor === "all" && mine && !mine.isDraft ? mine : undefined;
      const className = `hl hl--crowd ${mine ? `hl--${mine.color} hl--mine` : "hl--others"}${isFlashing ? " hl--flash" : ""}`;
      const details = pointsAt ? ` aria-details="annotation-${attribute(pointsAt.id)}"` : "";
      const look = className + details;
      if (openCrowd !== look) {
        closeCrowd();
        openCrowd = look;
        html += `<mark class="${attribute(className)}" data-depth="${CROWD_DEPTH}" data-at="${run.start}"${details}>`;
      }
      html += content;
      continue;
    }
    closeCrowd();
    // The latest-starting highlight shows on top; depth darkens stacked highlights.
    const top = highlights[run.top];
    const className = `hl hl--${top.color} ${mine ? "hl--mine" : "hl--others"}${isFlashing ? " hl--flash" : ""}`;
    // The top annotation, by id, and where the run starts in the text: the ones covering it are
    // found from that when it is clicked (highlightsAt). Listing them all here made a page of
    // 10,000 annotations carry ~1.5 MB of index lists in its HTML.
    const details =
      !top.isDraft && (detailsFor === "all" || detailsFor === top.id) ? ` aria-details="annotation-${attribute(top.id)}"` : "";
    html += `<mark class="${attribute(className)}" data-depth="${run.depth}" data-annotation-id="${attribute(top.id)}" data-at="${run.start}"${details}>${content}</mark>`;
  }
  closeCrowd();
  return html;
}

/**
 * text[start, end) with an empty page-break marker where each page of a paged source (a PDF)
 * begins (DPUB-ARIA `doc-pagebreak`, named by its page number), so "p. 12" can be found and cited;
 * the marker holds no text. The first page's marker is left out when it begins at the very start
 * of the text (`isFirstBlock`): no page breaks there. Its role falls back to "separator" (ARIA's
 * role list: the first one a tool knows is used): axe, which knows no DPUB roles by default, read
 * the marker as a bare <span> whose name is not allowed.
 */
function withPageBreaks(
  start: number,
  end: number,
  isFirstBlock: boolean,
  pages: readonly { number: number; start: number }[],
  render: (from: number, to: number) => string,
): string {
  let html = "";
  let from = start;
  for (const page of pages) {
    if (page.start < start || page.start >= end || (isFirstBlock && page.start === 0)) continue;
    if (page.start > from) html += render(from, page.start);
    html += `<span class="reader__page" role="doc-pagebreak separator" aria-label="Page ${page.number}" id="page-${page.number}"></span>`;
    from = page.start;
  }
  return html + render(from, end);
}

const MARK_TAGS = {
  emphasis: "em",
  strong: "strong",
  code: "code",
  link: "a",
  deleted: "del",
  superscript: "sup",
  subscript: "sub",
} as const;

/**
 * text[start, end) with the inline marks that cover it, nested outermost first; a mark that only
 * partly covers the range splits it. The text itself is untouched.
 */
function withMarks(text: string, start: number, end: number, marks: readonly InlineMark[]): string {
  const inside = marks.filter((mark) => mark.start < end && mark.end > start);
  if (inside.length === 0) return escapeText(text.slice(start, end));
  const cuts = [...new Set([start, end, ...inside.flatMap((mark) => [mark.start, mark.end]).filter((at) => at > start && at < end)])].sort(
    (a, b) => a - b,
  );
  let html = "";
  for (let index = 0; index < cuts.length - 1; index += 1) {
    const from = cuts[index];
    const to = cuts[index + 1];
    const covering = inside.filter((mark) => mark.start <= from && mark.end >= to);
    html += covering.reduceRight(
      (content, mark) => {
        const tag = MARK_TAGS[mark.kind];
        if (tag !== "a") return `<${tag}>${content}</${tag}>`;
        // Checked when the structure was read, and again here, where the HTML is written: a link
        // keeps only an http(s) or mailto address, or is left as its words.
        const href = safeHref(mark.href);
        return href ? `<a href="${attribute(href)}" rel="noopener noreferrer nofollow" target="_blank">${content}</a>` : content;
      },
      escapeText(text.slice(from, to)),
    );
  }
  return html;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** Text or an attribute's value, escaped alike (a `"` in text reads the same as `&quot;`). */
function escapeText(value: string): string {
  return value.replace(/[&<>"]/g, (character) => ESCAPES[character]);
}

const attribute = escapeText;
