import { Fragment, memo, useMemo } from "react";
import { paintRuns, type PaintRun } from "@/lib/anchoring/segment-highlights";
import type { HighlightColor } from "@/lib/annotations/colors";
import { blockRuns, type BlockRun, type ListNode } from "@/lib/documents/block-runs";
import { PARAGRAPH_SEPARATOR, paragraphRanges, type ParagraphRange } from "@/lib/documents/canonical-text";
import { marksByParagraph, sectionAnchor, type BlockStyle, type InlineMark, type TextStructure } from "@/lib/documents/structure";
import { ANNOTATE_BUTTON_CLASS, blockHtml, type ParagraphButton } from "./block-html";

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
  /**
   * A highlight is being moved: each paragraph's button is named as offering its words as the new
   * place. Every block is repainted as a move starts and ends, a pass that is rare and done once.
   */
  isMoving?: boolean;
  bodyRef?: React.Ref<HTMLDivElement>;
  /**
   * Which highlights point at their card with aria-details: all of them where every card is in the
   * page, or only the open one's where the sidebar is virtualized (a pointer to a card that is not
   * mounted would point at nothing).
   */
  detailsFor?: "all" | string | null;
  /**
   * Each block's inner HTML as the server painted it (prepaintBlocks), shown instead of painting
   * `highlights` while the page does not hold them yet: a large reading's highlights reach the
   * browser after the page (components/reader/reader-workspace.tsx).
   */
  prepainted?: readonly string[] | null;
  /** The reading's language is not known: each block takes the direction of its own first letters (Arabic, Hebrew…). */
  autoDirection?: boolean;
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
  isMoving = false,
  bodyRef,
  detailsFor = "all",
  prepainted = null,
  autoDirection,
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
    const style = structure?.blocks[index] ?? null;
    const Tag = headingTags.get(index) ?? blockTag(style);
    const block = (
      <Block
        key={paragraph.index}
        Tag={Tag}
        task={style?.checked === undefined ? undefined : style.checked ? "done" : "open"}
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
        paragraphButton={onAnnotateParagraph === undefined ? null : isMoving ? "move" : "annotate"}
        prepainted={prepainted?.[index]}
        dir={autoDirection ? "auto" : undefined}
        quoteLevel={style?.kind === "quote" ? style.level : undefined}
      />
    );
    // A caption whose figure (an image) was not kept is still a figure's caption; an image's
    // description stands where the image was, in a figure of its own.
    if (Tag === "figcaption") {
      return (
        <figure key={paragraph.index} className="reader__figure">
          {block}
        </figure>
      );
    }
    return style?.kind === "image" ? (
      <figure key={paragraph.index} className="reader__figure reader__image">
        {block}
      </figure>
    ) : (
      block
    );
  };

  // A description list's terms and definitions, the separators between them whitespace inside the list.
  const renderItems = (run: BlockRun) =>
    paragraphs.slice(run.first, run.last + 1).map((paragraph, offset) => (
      <Fragment key={paragraph.index}>
        {offset > 0 && PARAGRAPH_SEPARATOR}
        {renderParagraph(paragraph, run.first + offset)}
      </Fragment>
    ));

  // A list with the lists nested in it. A list that starts deeper than the top (no list around it
  // in the text) is indented by its depth.
  const renderList = (list: ListNode, isNested = false): React.ReactNode => (
    <list.tag
      className="reader__list"
      start={list.start !== 1 ? list.start : undefined}
      type={list.numbering}
      style={!isNested && list.level > 1 ? { marginInlineStart: `${1.6 * (list.level - 1)}em` } : undefined}
    >
      {list.entries.map((entry, offset) => (
        <Fragment key={typeof entry === "number" ? entry : `list-${entry.first}`}>
          {offset > 0 && PARAGRAPH_SEPARATOR}
          {typeof entry === "number" ? (
            renderParagraph(paragraphs[entry], entry)
          ) : (
            <li className="reader__nested">{renderList(entry, true)}</li>
          )}
        </Fragment>
      ))}
    </list.tag>
  );

  // The per-paragraph buttons are in the blocks' HTML (blockHtml): their clicks are taken here.
  // Only where there are buttons: a Server Component (the signed-out page) may pass no handler.
  const onAnnotateClick =
    onAnnotateParagraph &&
    ((event: React.MouseEvent<HTMLDivElement>) => {
      const block = (event.target as Element).closest(`.${ANNOTATE_BUTTON_CLASS}`)?.closest<HTMLElement>(".reader__block");
      if (!block || !event.currentTarget.contains(block)) return;
      onAnnotateParagraph(Number(block.dataset.start), Number(block.dataset.end));
    });

  return (
    <div className="reader__body" data-document-version={versionId} ref={bodyRef} onClick={onAnnotateClick}>
      {blockRuns(paragraphs, structure).map((run, runIndex) => (
        <Fragment key={run.first}>
          {runIndex > 0 && PARAGRAPH_SEPARATOR}
          {run.kind === "list" ? (
            renderList(run.list)
          ) : run.kind === "description-list" ? (
            <dl className="reader__definitions">{renderItems(run)}</dl>
          ) : run.kind === "table" ? (
            <ReadingTable first={run.first} last={run.last} paragraphs={paragraphs} structure={structure} render={renderParagraph} />
          ) : (
            renderParagraph(paragraphs[run.first], run.first)
          )}
        </Fragment>
      ))}
    </div>
  );
}

/**
 * A run of table cells as a table: rows of cells, a cell's paragraphs inside it, a merged cell
 * across the rows and columns it covers, a place no cell fills drawn as an empty cell. ARIA table
 * roles on <div>s rather than <table>: the separators between cells are text (the body's
 * textContent is the canonical text), and text is not allowed between a table's rows and cells.
 * CSS lays the divs out as a table or, where a cell is merged, as a grid (a row's <div> is
 * `display: contents`): each cell in its own row, in the first column free after the cells before
 * it, as HTML places a table's cells, so a cell spanning rows keeps its column in the rows below,
 * which their cells flow around.
 */
function ReadingTable({
  first,
  last,
  paragraphs,
  structure,
  render,
}: {
  first: number;
  last: number;
  paragraphs: readonly ParagraphRange[];
  structure: TextStructure | null | undefined;
  render: (paragraph: ParagraphRange, index: number) => React.ReactNode;
}) {
  type Cell = { column: number; width: number; height: number; header: boolean; indexes: number[] };
  const rows: { row: number; cells: Cell[] }[] = [];
  for (let index = first; index <= last; index++) {
    const style = structure?.blocks[index];
    const row = style?.row ?? 0;
    const column = style?.column ?? 0;
    let current = rows[rows.length - 1];
    if (!current || current.row !== row) rows.push((current = { row, cells: [] }));
    const cell = current.cells[current.cells.length - 1];
    if (cell && cell.column === column) cell.indexes.push(index);
    else
      current.cells.push({
        column,
        width: style?.columnSpan ?? 1,
        height: style?.rowSpan ?? 1,
        header: style?.header === true,
        indexes: [index],
      });
  }
  // Every row as wide as the widest: empty cells at a row's end are drawn too (a screen reader counts
  // them). At most a few per paragraph in all: cells spanning thousands of columns would otherwise
  // make the page draw millions of empty ones (the layout needs none of them to line up).
  const columns = Math.max(...rows.flatMap((row) => row.cells.map((cell) => cell.column + cell.width)));
  // A grid only where a cell is merged: a table lays out faster (a 3,000-row table: 342 against 555 ms, and a grid lays it out again on every resize).
  const isGrid = rows.some((row) => row.cells.some((cell) => cell.width > 1 || cell.height > 1));
  let emptyLeft = 4 * (last - first + 1) + 64;
  const emptyCells = (rowIndex: number, from: number, to: number) => {
    const count = Math.min(Math.max(to - from, 0), emptyLeft);
    emptyLeft -= count;
    return Array.from({ length: count }, (_, gap) => (
      <div key={`empty-${from + gap}`} className="reader__cell" role="cell" style={isGrid ? { gridRow: `${rowIndex + 1}` } : undefined} />
    ));
  };
  // The columns cells from rows above still cover ([from, to) down to the row at `last`, an index
  // into `rows`): no empty cell is drawn there. As many followed at once as the reading's converter follows.
  let spans: { from: number; to: number; last: number }[] = [];
  return (
    <div className="reader__table-scroll">
      <div className={isGrid ? "reader__table reader__table--grid" : "reader__table"} role="table">
        {rows.map((row, rowIndex) => {
          spans = spans.filter((span) => span.last >= rowIndex);
          // What takes this row's places, left to right: cells from the rows above, then its own; empty cells fill the gaps.
          const places = [
            ...spans.map(({ from, to }) => ({ from, to, cell: null })),
            ...row.cells.map((cell) => ({ from: cell.column, to: cell.column + cell.width, cell })),
          ].sort((a, b) => a.from - b.from);
          let before = 0;
          let cellIndex = 0;
          const drawn = places.map(({ from, to, cell }) => {
            const gap = emptyCells(rowIndex, before, from);
            before = Math.max(before, to);
            if (!cell) return gap;
            const role = !cell.header ? "cell" : row.row > 0 && cell.column === 0 ? "rowheader" : "columnheader";
            // The rows it covers among those drawn (a row with no text in any cell is not drawn).
            let height = 1;
            while (spans.length < 64 && rowIndex + height < rows.length && rows[rowIndex + height].row < row.row + cell.height) height++;
            if (height > 1) spans.push({ from, to, last: rowIndex + height - 1 });
            return (
              <Fragment key={cell.column}>
                {gap}
                {cellIndex++ > 0 && PARAGRAPH_SEPARATOR}
                <div
                  className={`reader__cell${cell.header ? " reader__cell--header" : ""}`}
                  role={role}
                  aria-rowspan={height > 1 ? height : undefined}
                  aria-colspan={cell.width > 1 ? cell.width : undefined}
                  style={isGrid ? { gridRow: `${rowIndex + 1} / span ${height}`, gridColumnEnd: `span ${cell.width}` } : undefined}
                >
                  {cell.indexes.map((index, offset) => (
                    <Fragment key={index}>
                      {offset > 0 && PARAGRAPH_SEPARATOR}
                      {render(paragraphs[index], index)}
                    </Fragment>
                  ))}
                </div>
              </Fragment>
            );
          });
          return (
            <Fragment key={row.row}>
              {rowIndex > 0 && PARAGRAPH_SEPARATOR}
              <div className="reader__row" role="row">
                {drawn}
                {emptyCells(rowIndex, before, columns)}
              </div>
            </Fragment>
          );
        })}
      </div>
    </div>
  );
}

const NO_PAGES: readonly { number: number; start: number }[] = [];

/**
 * Each block's inner HTML, by paragraph index, exactly as ArticleBody paints `highlights` with no
 * thread open, nothing flashing and a button per paragraph (a signed-in reader's page): what a
 * large reading's page sends in place of its highlights, which reach the browser after it.
 */
export function prepaintBlocks(
  text: string,
  structure: TextStructure | null | undefined,
  highlights: readonly PaintedHighlight[],
): string[] {
  const paragraphs = paragraphRanges(text);
  const runs = paintRuns(paragraphs, highlights);
  const marks = structure ? marksByParagraph(paragraphs, structure.marks) : null;
  return paragraphs.map((paragraph, index) =>
    blockHtml({
      text,
      paragraph,
      isFirst: index === 0,
      pageStarts: structure?.pages ?? NO_PAGES,
      runs: runs[index],
      marks: marks?.[index] ?? NO_MARKS,
      highlights,
      flashing: undefined,
      detailsFor: null,
      paragraphButton: "annotate",
    }),
  );
}

type BlockProps = {
  Tag: HeadingTag | ReturnType<typeof blockTag>;
  /** A task list's item: done or not (drawn as a box before it, not as text). */
  task?: "done" | "open";
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
  paragraphButton: ParagraphButton | null;
  prepainted: string | undefined;
  dir: "auto" | undefined;
  /** A quote within a quote: how deeply (2–6), drawn indented by as much. */
  quoteLevel?: number;
};

/**
 * One paragraph (heading, list item…) with its highlight runs, as HTML built by blockHtml: React
 * renders and hydrates the element, not the ~5,500 runs a reading of 10,000 annotations paints.
 * Memoized, and the HTML string with it: React re-sets a block's inside only when its paint changed.
 */
const Block = memo(function Block({
  Tag,
  task,
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
  paragraphButton,
  prepainted,
  dir,
  quoteLevel,
}: BlockProps) {
  // Only the paragraphs a flashing highlight is in are given its id (ArticleBody), so this pass is rare.
  const flashing = flashId === null ? undefined : highlights.find((highlight) => highlight.id === flashId);
  const html =
    prepainted ??
    blockHtml({
      text,
      paragraph,
      isFirst,
      pageStarts,
      runs,
      marks: marks ?? NO_MARKS,
      highlights,
      flashing,
      detailsFor,
      paragraphButton,
    });
  return (
    <Tag
      className="reader__block"
      id={isChapterStart ? sectionAnchor(paragraph.start) : undefined}
      data-start={paragraph.start}
      data-end={paragraph.end}
      data-task={task}
      data-level={quoteLevel}
      dir={dir}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
});

const NO_MARKS: readonly InlineMark[] = [];

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
function blockTag(style: BlockStyle | null): "p" | "li" | "blockquote" | "pre" | "figcaption" | "dt" | "dd" {
  switch (style?.kind) {
    case "list-item":
      return "li";
    case "term":
      return "dt"; // in a <dl> (blockRuns)
    case "definition":
      return "dd";
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
