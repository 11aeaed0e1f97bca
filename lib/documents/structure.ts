import { paragraphRanges, type ParagraphRange } from "./canonical-text";

/**
 * A version's structure: what each paragraph of the canonical text is (a heading, a list item, a
 * quote…) and the inline marks over it (emphasis, strong, code, links…), as ranges of UTF-16 code
 * units into that text. Annotations count into the text alone; the structure only says how the
 * reading page renders it, so the article body's textContent stays exactly the canonical text.
 * Stored as JSON beside the text (DocumentVersion.structure); null means every block is a plain
 * paragraph with no marks — the seed and every version added before structure was kept.
 */
export type TextStructure = {
  /** One entry per paragraph of the text, in order; null is a plain paragraph. */
  blocks: (BlockStyle | null)[];
  /** Sorted by start; each lies within one paragraph. */
  marks: InlineMark[];
  /** Where each page of a paged source (a PDF) begins. */
  pages: { number: number; start: number }[];
  /** Where each section of a sectioned source (an EPUB's chapters) begins. */
  sections: { title: string; start: number }[];
};

export type ListNumbering = "a" | "A" | "i" | "I";
const LIST_NUMBERINGS: ReadonlySet<unknown> = new Set<ListNumbering>(["a", "A", "i", "I"]);

export type BlockKind = "heading" | "list-item" | "quote" | "preformatted" | "caption" | "image" | "table-cell" | "term" | "definition";
/**
 * `level` 1–6 for a heading (the source's own level), for a list item how deeply its list is
 * nested (2 inside another list, at most 6; absent at the top), and for a quote how deeply it is
 * quoted (2 for a quote within a quote, "> >"; absent for one level); `ordered` for an item of a numbered list.
 * A table is a run of "table-cell" blocks: `row` and `column` count from 0 within the table (a
 * block at row 0, column 0 starts a new one), `header` marks a heading cell; consecutive blocks
 * at the same row and column are paragraphs of one cell, and an empty cell has no block at all; a
 * merged cell says how many rows and columns it covers (`rowSpan`, `columnSpan`).
 * "image" is an image's description (its alt text): the image itself is not kept.
 * `checked` on a list item of a task list (Markdown's "- [x]"): done or not; absent on any other item.
 * A run of "term" and "definition" blocks is a description list (a glossary's words and what they mean).
 */
export type BlockStyle = {
  kind: BlockKind;
  level?: number;
  ordered?: boolean;
  /** On a numbered list's first item, the number it starts at when not 1 (`<ol start="5">`, "5. Fifth"). */
  start?: number;
  /** On a numbered list's items, how it counts when not 1, 2, 3: a, b, c; A, B, C; i, ii, iii; I, II, III (HTML's `type`). */
  numbering?: ListNumbering;
  checked?: boolean;
  row?: number;
  column?: number;
  header?: boolean;
  /** A merged table cell: how many rows and columns it covers from its own (`rowspan`, `colspan`), when more than one. */
  rowSpan?: number;
  columnSpan?: number;
};

/** The most rows or columns one cell may cover (HTML's own bound for `rowspan` is 65,534; 1,000 is plenty for a reading). */
export const MAX_CELL_SPAN = 1_000;

/** The largest number a numbered list may start at (CommonMark's own bound: nine digits). */
const MAX_LIST_START = 999_999_999;

/** The most rows and columns a table cell may claim: beyond it a stored style is not trusted. */
const MAX_TABLE_INDEX = 100_000;

/** `deleted`: struck through (text the author marked as no longer so); `superscript`/`subscript`: footnote numbers, exponents, formulas. */
export type MarkKind = "emphasis" | "strong" | "code" | "link" | "deleted" | "superscript" | "subscript";

/** The mark each inline HTML tag makes, by its lower-case name: a page's, a book's, or raw HTML written inside Markdown. */
export const HTML_TAG_MARKS: Readonly<Record<string, MarkKind>> = {
  em: "emphasis",
  i: "emphasis",
  strong: "strong",
  b: "strong",
  code: "code",
  kbd: "code",
  samp: "code",
  a: "link",
  del: "deleted",
  s: "deleted",
  strike: "deleted",
  sup: "superscript",
  sub: "subscript",
};
/** `href` only on links, and only an absolute http(s) or mailto address (nothing else is kept). */
export type InlineMark = { kind: MarkKind; start: number; end: number; href?: string };

/** A mark inside one block, counted from the block's first code unit (what converters produce). */
export type BlockMark = InlineMark & { block: number };

const BLOCK_KINDS: ReadonlySet<string> = new Set<BlockKind>([
  "heading",
  "list-item",
  "quote",
  "preformatted",
  "caption",
  "image",
  "table-cell",
  "term",
  "definition",
]);
const MARK_KINDS: ReadonlySet<string> = new Set<MarkKind>(["emphasis", "strong", "code", "link", "deleted", "superscript", "subscript"]);

/** A link target a reading may carry: absolute http(s) or mailto, so no javascript: or data: URL is ever rendered. */
export function safeHref(href: string | null | undefined): string | undefined {
  const value = href?.trim();
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" || url.protocol === "mailto:" ? url.href : undefined;
  } catch {
    return undefined; // relative addresses have nothing to resolve against once the reading is saved
  }
}

/**
 * A line break the source asks for inside a paragraph (`<br>`, Markdown's hard break): converters
 * write it into a block's raw text as LINE SEPARATOR, and collapseWithMarks keeps it as "\n" — a
 * poem's lines, an address's — and two or more in a row (a stanza's end) as a paragraph break,
 * which splitAtParagraphBreaks then makes two blocks of.
 */
export const LINE_BREAK = "\u2028";

/**
 * HTML's whitespace collapsing (ASCII whitespace runs become one space, then the ends are trimmed),
 * carrying marks along: the text is exactly collapseWhitespace(raw) (lib/documents/convert-reading.ts)
 * when `raw` holds no LINE_BREAK, and a run of whitespace holding one becomes "\n", two or more "\n\n".
 * Each mark covers the same characters it covered in `raw`; marks left empty are dropped.
 */
export function collapseWithMarks<M extends { start: number; end: number }>(
  raw: string,
  marks: readonly M[],
): { text: string; marks: M[] } {
  const isSpace = (char: string) => char === " " || char === "\t" || char === "\n" || char === "\r" || char === "\f" || char === LINE_BREAK;
  const at: number[] = new Array<number>(raw.length + 1);
  let collapsed = "";
  for (let index = 0; index < raw.length;) {
    if (!isSpace(raw[index])) {
      at[index] = collapsed.length;
      collapsed += raw[index++];
      continue;
    }
    at[index] = collapsed.length;
    let end = index + 1;
    while (end < raw.length && isSpace(raw[end])) end++;
    const breaks = raw.slice(index, end).split(LINE_BREAK).length - 1;
    collapsed += breaks === 0 ? " " : breaks === 1 ? "\n" : "\n\n";
    for (index++; index < end; index++) at[index] = collapsed.length;
  }
  at[raw.length] = collapsed.length;
  const text = collapsed.trim();
  const lead = collapsed.length - collapsed.trimStart().length;
  const place = (offset: number) => Math.min(Math.max(at[offset] - lead, 0), text.length);
  const placed = marks.map((mark) => ({ ...mark, start: place(mark.start), end: place(mark.end) })).filter((mark) => mark.end > mark.start);
  return { text, marks: placed };
}

/**
 * A collapsed block cut where it holds a paragraph break (collapseWithMarks's "\n\n" for a run of
 * line breaks), each piece with the marks over it (a mark across a break is cut, one part per piece).
 * A page can wrap thousands of stanzas in hundreds of nested tags: the cut marks are bounded by a
 * few per piece and mark (past it the rest are left off, never the text), not their product.
 */
export function splitAtParagraphBreaks<M extends { start: number; end: number }>(block: {
  text: string;
  marks: readonly M[];
}): { text: string; marks: M[] }[] {
  if (!block.text.includes("\n\n")) return [{ text: block.text, marks: [...block.marks] }];
  const texts = block.text.split("\n\n");
  const starts: number[] = [];
  let at = 0;
  for (const text of texts) {
    starts.push(at);
    at += text.length + 2;
  }
  const pieces = texts.map((text) => ({ text, marks: [] as M[] }));
  let budget = 4 * (block.marks.length + pieces.length) + 1_000;
  // Piece by piece, the marks over it (those started and not yet ended), so the budget runs out for
  // the last pieces, not for the last marks: a stanza keeps all its marks or, past the budget, none.
  const byStart = [...block.marks].sort((a, b) => a.start - b.start);
  let next = 0;
  let over: M[] = [];
  for (const [index, piece] of pieces.entries()) {
    const [start, end] = [starts[index], starts[index] + piece.text.length];
    while (next < byStart.length && byStart[next].start < end) over.push(byStart[next++]);
    over = over.filter((mark) => mark.end > start);
    for (const mark of over) {
      if (budget-- <= 0) return pieces;
      piece.marks.push({ ...mark, start: Math.max(mark.start, start) - start, end: Math.min(mark.end, end) - start });
    }
  }
  return pieces;
}

/** A cell of several paragraphs is several blocks at the same row and column, one after another. */
export function countTableCells(blocks: readonly (BlockStyle | null)[]): number {
  let cells = 0;
  for (const [index, block] of blocks.entries()) {
    if (block?.kind !== "table-cell") continue;
    const previous = blocks[index - 1];
    if (previous?.kind !== "table-cell" || previous.row !== block.row || previous.column !== block.column) cells++;
  }
  return cells;
}

/**
 * The structure a converter's blocks describe, over the canonical text those blocks become:
 * `blockStarts[i]` is where source block i starts in the text (finishReading works them out; a
 * dropped empty block has no paragraph). Null when there is nothing to keep (all plain paragraphs,
 * no marks, pages nor sections), so a plain reading stores no structure at all.
 */
export function structureOfBlocks(input: {
  keptBlocks: readonly number[];
  blockStarts: readonly number[];
  styles?: readonly (BlockStyle | null | undefined)[];
  marks?: readonly BlockMark[];
  pages: TextStructure["pages"];
  sections: TextStructure["sections"];
}): TextStructure | null {
  const blocks = input.keptBlocks.map((block) => normalizeStyle(input.styles?.[block]));
  const kept = new Set(input.keptBlocks);
  const marks = (input.marks ?? [])
    .filter((mark) => kept.has(mark.block))
    .map(({ block, ...mark }) => ({ ...mark, start: input.blockStarts[block] + mark.start, end: input.blockStarts[block] + mark.end }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const isPlain = blocks.every((style) => style === null) && marks.length === 0 && input.pages.length === 0 && input.sections.length === 0;
  return isPlain ? null : { blocks, marks, pages: input.pages, sections: input.sections };
}

function normalizeStyle(style: BlockStyle | null | undefined): BlockStyle | null {
  if (!style || !BLOCK_KINDS.has(style.kind)) return null;
  if (style.kind === "heading") return { kind: "heading", level: Math.min(Math.max(Math.round(style.level ?? 2), 1), 6) };
  if (style.kind === "list-item") {
    // `level` of a list item: how deeply its list is nested (1, the outermost, is left out).
    const level = Number.isInteger(style.level) ? Math.min(style.level as number, 6) : 1;
    const checked = typeof style.checked === "boolean" ? { checked: style.checked } : {};
    const start =
      style.ordered && Number.isInteger(style.start) && Math.abs(style.start as number) <= MAX_LIST_START ? { start: style.start } : {};
    const numbering = style.ordered && LIST_NUMBERINGS.has(style.numbering) ? { numbering: style.numbering } : {};
    return {
      kind: "list-item",
      ...(style.ordered ? { ordered: true } : {}),
      ...(level > 1 ? { level } : {}),
      ...start,
      ...numbering,
      ...checked,
    };
  }
  if (style.kind === "table-cell") {
    const index = (value: unknown) =>
      Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_TABLE_INDEX ? (value as number) : null;
    const row = index(style.row);
    const column = index(style.column);
    if (row === null || column === null) return null;
    const span = (value: unknown) => (Number.isInteger(value) && (value as number) > 1 ? Math.min(value as number, MAX_CELL_SPAN) : null);
    const [rowSpan, columnSpan] = [span(style.rowSpan), span(style.columnSpan)];
    return {
      kind: "table-cell",
      row,
      column,
      ...(style.header === true ? { header: true } : {}),
      ...(rowSpan ? { rowSpan } : {}),
      ...(columnSpan ? { columnSpan } : {}),
    };
  }
  if (style.kind === "quote") {
    const level = Number.isInteger(style.level) ? Math.min(style.level as number, 6) : 1;
    return { kind: "quote", ...(level > 1 ? { level } : {}) };
  }
  return { kind: style.kind };
}

/**
 * The stored structure, read back defensively for `text`: a block list of the wrong length, a mark
 * outside the text or across a paragraph break, an unknown kind or an unsafe link is dropped rather
 * than trusted, so whatever is stored can only change how the text looks, never the text itself.
 */
export function readTextStructure(stored: string | null | undefined, text: string): TextStructure | null {
  if (!stored) return null;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  const paragraphs = paragraphRanges(text);
  const rawBlocks = Array.isArray(record.blocks) ? record.blocks : [];
  const blocks =
    rawBlocks.length === paragraphs.length
      ? rawBlocks.map((style) => normalizeStyle(isRecord(style) ? (style as BlockStyle) : null))
      : paragraphs.map(() => null);
  const marks: InlineMark[] = [];
  for (const mark of Array.isArray(record.marks) ? record.marks : []) {
    if (!isRecord(mark) || !MARK_KINDS.has(String(mark.kind))) continue;
    const { start, end } = mark as { start: unknown; end: unknown };
    if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) <= (start as number)) continue;
    if (!withinOneParagraph(paragraphs, start as number, end as number)) continue;
    const kind = mark.kind as MarkKind;
    if (kind === "link") {
      const href = safeHref(typeof mark.href === "string" ? mark.href : undefined);
      if (href) marks.push({ kind, start: start as number, end: end as number, href });
    } else {
      marks.push({ kind, start: start as number, end: end as number });
    }
  }
  marks.sort((a, b) => a.start - b.start || b.end - a.end);
  const offsets = (list: unknown) => (Array.isArray(list) ? list.filter(isRecord) : []);
  const pages = offsets(record.pages)
    .filter((page) => Number.isInteger(page.number) && Number.isInteger(page.start) && (page.start as number) <= text.length)
    .map((page) => ({ number: page.number as number, start: page.start as number }));
  const sections = offsets(record.sections)
    .filter((section) => typeof section.title === "string" && Number.isInteger(section.start) && (section.start as number) <= text.length)
    .map((section) => ({ title: section.title as string, start: section.start as number }));
  return { blocks, marks, pages, sections };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function withinOneParagraph(paragraphs: readonly ParagraphRange[], start: number, end: number): boolean {
  return paragraphs.some((paragraph) => start >= paragraph.start && end <= paragraph.end);
}

/** The marks of each paragraph, in order (marks must be sorted by start, as stored). */
export function marksByParagraph(paragraphs: readonly ParagraphRange[], marks: readonly InlineMark[]): InlineMark[][] {
  const result: InlineMark[][] = paragraphs.map(() => []);
  let paragraph = 0;
  for (const mark of marks) {
    while (paragraph < paragraphs.length && paragraphs[paragraph].end <= mark.start) paragraph++;
    if (paragraph === paragraphs.length) break;
    if (mark.start >= paragraphs[paragraph].start && mark.end <= paragraphs[paragraph].end) result[paragraph].push(mark);
  }
  return result;
}

/** The id of the block a chapter starts at, for the reading's contents to link to (components/reader/article-view.tsx). */
export function sectionAnchor(start: number): string {
  return `chapter-at-${start}`;
}
