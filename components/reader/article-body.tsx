import { Fragment, memo, useMemo, type ReactNode } from "react";
import { paintRuns, type PaintRun } from "@/lib/anchoring/segment-highlights";
import type { HighlightColor } from "@/lib/annotations/colors";
import { PARAGRAPH_SEPARATOR, paragraphRanges, type ParagraphRange } from "@/lib/documents/canonical-text";
import { marksByParagraph, sectionAnchor, type BlockStyle, type InlineMark, type TextStructure } from "@/lib/documents/structure";

export type PaintedHighlight = {
  id: string;
  start: number;
  end: number;
  color: HighlightColor;
  isMine: boolean;
  /** The passage being annotated, before it is saved: painted, but with no card to point to. */
  isDraft?: boolean;
};

type Props = {
  text: string;
  versionId: string;
  /** Headings, lists, quotes and inline marks (null or absent: plain paragraphs). */
  structure?: TextStructure | null;
  highlights?: readonly PaintedHighlight[];
  /** A highlight to flash briefly, after its card was chosen in the sidebar. */
  flashId?: string | null;
  /** Present for signed-in readers: each paragraph offers "Annotate this paragraph". */
  onAnnotateParagraph?: (start: number, end: number) => void;
  bodyRef?: React.Ref<HTMLDivElement>;
  /**
   * Which highlights point at their card with aria-details: all of them where every card is in the
   * page, or only the open one's where the sidebar is virtualized (a pointer to a card that is not
   * mounted would point at nothing).
   */
  detailsFor?: "all" | string | null;
};

/**
 * The article body, with highlights painted in. Works on the server and in the browser, so
 * highlights are in the HTML before any JavaScript runs.
 *
 * `highlights` order matters: marks refer to covering highlights by their index in it.
 *
 * Invariant: the element's textContent is exactly the version's canonical text. Separators are
 * text nodes between paragraphs; highlights are flat <mark> runs (overlaps become runs carrying
 * several ids, never nested marks); the per-paragraph buttons hold no text (their names are
 * aria-labels). So W3C selectors resolve against this page exactly as against the stored text.
 * The structure changes elements, never text: a heading is an <h2>–<h6>, list items sit in a
 * <ul>/<ol> (the separators between them are whitespace inside the list), inline marks are
 * <em>/<strong>/<code>/<a> inside the highlight runs.
 */
export function ArticleBody({
  text,
  versionId,
  structure,
  highlights = [],
  flashId,
  onAnnotateParagraph,
  bodyRef,
  detailsFor = "all",
}: Props) {
  const paragraphs = useMemo(() => paragraphRanges(text), [text]);
  const indexById = useMemo(() => new Map(highlights.map((highlight, index) => [highlight.id, index])), [highlights]);
  const runs = useMemo(() => paintRuns(paragraphs, highlights), [paragraphs, highlights]);
  const marks = useMemo(() => (structure ? marksByParagraph(paragraphs, structure.marks) : null), [paragraphs, structure]);
  const headingTags = useMemo(() => outlineHeadings(structure), [structure]);
  // One empty list for every render: a new [] each time would defeat Block's memo.
  const pageStarts = structure?.pages ?? NO_PAGES;
  // Where chapters start (an EPUB's), for the contents' links: one id per such block.
  const chapterStarts = useMemo(() => new Set((structure?.sections ?? []).map((section) => section.start)), [structure]);

  // Opening a thread or flashing a highlight re-renders only the paragraphs it is in (Block is
  // memoized): a page painting ten thousand highlights must not rebuild every mark for one click.
  const renderParagraph = (paragraph: ParagraphRange, index: number) => {
    // A highlight is in this paragraph when its range reaches into it (every run it covers lies in its range).
    const isIn = (id: string) => {
      const highlight = highlights[indexById.get(id) ?? -1];
      return (
        highlight !== undefined && highlight.start < highlight.end && highlight.start < paragraph.end && highlight.end > paragraph.start
      );
    };
    const Tag = headingTags.get(index) ?? blockTag(structure?.blocks[index] ?? null);
    const block = (
      <Block
        key={paragraph.index}
        Tag={Tag}
        text={text}
        paragraph={paragraph}
        isFirst={index === 0}
        isChapterStart={chapterStarts.has(paragraph.start)}
        pageStarts={pageStarts}
        runs={runs[index]}
        marks={marks?.[index]}
        highlights={highlights}
        flashId={flashId && isIn(flashId) ? flashId : null}
        detailsFor={detailsFor === "all" ? "all" : detailsFor && isIn(detailsFor) ? detailsFor : null}
        onAnnotateParagraph={onAnnotateParagraph}
      />
    );
    // A caption whose figure (an image) was not kept is still a figure's caption.
    return Tag === "figcaption" ? (
      <figure key={paragraph.index} className="reader__figure">
        {block}
      </figure>
    ) : (
      block
    );
  };

  return (
    <div className="reader__body" data-document-version={versionId} ref={bodyRef}>
      {blockRuns(paragraphs, structure).map((run, runIndex) => (
        <Fragment key={run.first}>
          {runIndex > 0 && PARAGRAPH_SEPARATOR}
          {run.list ? (
            <run.list className="reader__list">
              {paragraphs.slice(run.first, run.last + 1).map((paragraph, offset) => (
                <Fragment key={paragraph.index}>
                  {offset > 0 && PARAGRAPH_SEPARATOR}
                  {renderParagraph(paragraph, run.first + offset)}
                </Fragment>
              ))}
            </run.list>
          ) : (
            renderParagraph(paragraphs[run.first], run.first)
          )}
        </Fragment>
      ))}
    </div>
  );
}

const NO_PAGES: readonly { number: number; start: number }[] = [];

type BlockProps = {
  Tag: HeadingTag | "p" | "li" | "blockquote" | "pre" | "figcaption";
  text: string;
  paragraph: ParagraphRange;
  /** The first paragraph: a page starting at its very beginning gets no marker (withPageBreaks). */
  isFirst: boolean;
  /** A chapter starts here: the block carries the id the reading's contents link to. */
  isChapterStart: boolean;
  pageStarts: readonly { number: number; start: number }[];
  runs: readonly PaintRun[];
  marks: readonly InlineMark[] | undefined;
  highlights: readonly PaintedHighlight[];
  flashId: string | null;
  detailsFor: "all" | string | null;
  onAnnotateParagraph?: (start: number, end: number) => void;
};

/** One paragraph (heading, list item…) with its highlight runs. */
const Block = memo(function Block({
  Tag,
  text,
  paragraph,
  isFirst,
  isChapterStart,
  pageStarts,
  runs,
  marks,
  highlights,
  flashId,
  detailsFor,
  onAnnotateParagraph,
}: BlockProps) {
  // Only the paragraphs a flashing highlight is in are given its id (ArticleBody), so this pass is rare.
  const flashing = flashId === null ? undefined : highlights.find((highlight) => highlight.id === flashId);
  return (
    <Tag
      className="reader__block"
      id={isChapterStart ? sectionAnchor(paragraph.start) : undefined}
      data-start={paragraph.start}
      data-end={paragraph.end}
    >
      {onAnnotateParagraph && (
        <button
          type="button"
          className="paragraph-annotate"
          aria-label="Annotate this paragraph"
          title="Annotate this paragraph"
          onClick={() => onAnnotateParagraph(paragraph.start, paragraph.end)}
        />
      )}
      {runs.map((run) => {
        const content = withPageBreaks(run.start, run.end, isFirst, pageStarts, (from, to) => withMarks(text, from, to, marks ?? []));
        if (run.depth === 0) return <Fragment key={run.start}>{content}</Fragment>;
        // The latest-starting highlight shows on top; depth darkens stacked highlights.
        const top = highlights[run.top];
        const isFlashing = flashing !== undefined && flashing.start <= run.start && run.end <= flashing.end;
        return (
          <mark
            key={run.start}
            className={`hl hl--${top.color} ${run.isAnyMine ? "hl--mine" : "hl--others"}${isFlashing ? " hl--flash" : ""}`}
            data-depth={Math.min(run.depth, 3)}
            // The top annotation, by id, and where the run starts in the text: the ones covering it
            // are found from that when it is clicked (highlightsAt). Listing them all here made a
            // page of 10,000 annotations carry ~1.5 MB of index lists in its HTML.
            data-annotation-id={top.id}
            data-at={run.start}
            aria-details={!top.isDraft && (detailsFor === "all" || detailsFor === top.id) ? `annotation-${top.id}` : undefined}
          >
            {content}
          </mark>
        );
      })}
    </Tag>
  );
});

type HeadingTag = "h2" | "h3" | "h4" | "h5" | "h6";

/**
 * The element of each heading, by paragraph index. The page's title is the one <h1>; the reading's
 * highest headings are <h2>, and a heading is never more than one level below the one before it
 * (a source that jumps from "#" to "###" still reads as an outline to a screen reader).
 */
function outlineHeadings(structure: TextStructure | null | undefined): Map<number, HeadingTag> {
  const tags = new Map<number, HeadingTag>();
  const levels = (structure?.blocks ?? []).map((style) => (style?.kind === "heading" ? (style.level ?? 1) : null));
  const top = Math.min(...levels.filter((level): level is number => level !== null));
  let previous = 1;
  for (const [index, level] of levels.entries()) {
    if (level === null) continue;
    const depth = Math.min(level - top + 2, previous + 1, 6);
    tags.set(index, `h${depth}` as HeadingTag);
    previous = depth;
  }
  return tags;
}

/** The element of any other block (headings: outlineHeadings). */
function blockTag(style: BlockStyle | null): "p" | "li" | "blockquote" | "pre" | "figcaption" {
  switch (style?.kind) {
    case "list-item":
      return "li";
    case "quote":
      return "blockquote";
    case "preformatted":
      return "pre";
    case "caption":
      return "figcaption"; // inside its own <figure>
    default:
      return "p";
  }
}

/** Paragraphs grouped as they render: a run of list items of one kind is one list; anything else stands alone. */
function blockRuns(paragraphs: readonly ParagraphRange[], structure: TextStructure | null | undefined) {
  const runs: { first: number; last: number; list: "ul" | "ol" | null }[] = [];
  for (const paragraph of paragraphs) {
    const style = structure?.blocks[paragraph.index] ?? null;
    const list = style?.kind === "list-item" ? (style.ordered ? "ol" : "ul") : null;
    const previous = runs[runs.length - 1];
    if (list && previous?.list === list) previous.last = paragraph.index;
    else runs.push({ first: paragraph.index, last: paragraph.index, list });
  }
  return runs;
}

/**
 * text[start, end) with an empty page-break marker where each page of a paged source (a PDF)
 * begins (DPUB-ARIA `doc-pagebreak`, named by its page number), so "p. 12" can be found and cited;
 * the marker holds no text, so the body's textContent is unchanged. The first page's marker is
 * left out when it begins at the very start of the text (`isFirstBlock`): no page breaks there.
 */
function withPageBreaks(
  start: number,
  end: number,
  isFirstBlock: boolean,
  pages: readonly { number: number; start: number }[],
  render: (from: number, to: number) => ReactNode,
): ReactNode {
  const inside = pages.filter((page) => page.start >= start && page.start < end && !(isFirstBlock && page.start === 0));
  if (inside.length === 0) return render(start, end);
  const parts: ReactNode[] = [];
  let from = start;
  for (const page of inside) {
    if (page.start > from) parts.push(<Fragment key={`t${from}`}>{render(from, page.start)}</Fragment>);
    parts.push(
      <span
        key={`p${page.number}`}
        className="reader__page"
        role="doc-pagebreak"
        aria-label={`Page ${page.number}`}
        id={`page-${page.number}`}
      />,
    );
    from = page.start;
  }
  parts.push(<Fragment key={`t${from}`}>{render(from, end)}</Fragment>);
  return parts;
}

const MARK_TAGS = { emphasis: "em", strong: "strong", code: "code", link: "a" } as const;

/**
 * text[start, end) with the inline marks that cover it, nested outermost first; a mark that only
 * partly covers the range splits it. The text itself is untouched.
 */
function withMarks(text: string, start: number, end: number, marks: readonly InlineMark[]): ReactNode {
  const inside = marks.filter((mark) => mark.start < end && mark.end > start);
  if (inside.length === 0) return text.slice(start, end);
  const cuts = [...new Set([start, end, ...inside.flatMap((mark) => [mark.start, mark.end]).filter((at) => at > start && at < end)])].sort(
    (a, b) => a - b,
  );
  return cuts
    .slice(0, -1)
    .map((from, index) => {
      const to = cuts[index + 1];
      return inside
        .filter((mark) => mark.start <= from && mark.end >= to)
        .reduceRight<ReactNode>(
          (content, mark) => {
            const Tag = MARK_TAGS[mark.kind];
            return Tag === "a" ? (
              <a href={mark.href} rel="noopener noreferrer nofollow" target="_blank">
                {content}
              </a>
            ) : (
              <Tag>{content}</Tag>
            );
          },
          text.slice(from, to),
        );
    })
    .map((node, index) => <Fragment key={index}>{node}</Fragment>);
}
