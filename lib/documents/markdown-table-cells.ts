import { takeFrontMatter } from "./markdown-front-matter";

/**
 * How many table cells a Markdown reading has at least, counted from its lines without parsing it.
 *
 * Parsing is what a table too large to keep costs: a pasted 1,000 × 100 table took 5.7 s to parse
 * and count in one idle process (~20 s over HTTP on a loaded machine) before it was refused
 * (server/documents/convert-source.ts; `npm run bench:conversion`).
 * This count lets it be refused at once. It must never be more than the count after parsing, or a
 * reading within the limit would be refused, so it counts only what is certainly a cell of its own:
 *
 * - tables at the top level (a header row at the line's start, after a blank line, not inside a
 *   fenced code block or an HTML block), whose delimiter row has as many cells as the header;
 * - their rows up to the first line that is blank, holds no "|", or could begin another block;
 * - in each row, the cells (of the header's columns) whose content is plain words: it begins with a
 *   letter or digit and holds no markup that could leave a cell without text (an image, a link,
 *   HTML, code, an escape or an entity).
 */
export function countPlainMarkdownTableCells(source: string): number {
  const lines = takeFrontMatter(source.replace(/^\uFEFF/, "")).body.split(/\r?\n/);
  let cells = 0;
  let fence: string | null = null;
  // Where the HTML block being passed ends: a line matching this, or (for "blank") the next blank line.
  let htmlEnd: RegExp | "blank" | null = null;
  let previousBlank = true;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const blank = line.trim() === "";
    if (fence !== null) {
      if (line.trimStart().startsWith(fence) && /^ {0,3}(`{3,}|~{3,})\s*$/.test(line)) fence = null;
    } else if (htmlEnd !== null) {
      if (htmlEnd === "blank" ? blank : htmlEnd.test(line)) htmlEnd = null;
    } else if (FENCE_OPENING.test(line)) {
      fence = FENCE_OPENING.exec(line)![1];
    } else if (/^ {0,3}</.test(line)) {
      const [, end] = HTML_BLOCKS.find(([start]) => start.test(line)) ?? [null, "blank" as const];
      htmlEnd = end !== "blank" && end.test(line.replace(/^ {0,3}<[!?]?/, "")) ? null : end;
    } else if (previousBlank) {
      const columns = tableColumns(line, lines[index + 1]);
      if (columns > 0) {
        cells += plainCells(line, columns);
        index += 2; // past the header and the delimiter row
        for (; index < lines.length && isCertainlyRow(lines[index]); index++) cells += plainCells(lines[index], columns);
        index -= 1; // the line that ended the table is read as any other, next
        previousBlank = false;
        continue;
      }
    }
    previousBlank = blank && fence === null && htmlEnd === null;
  }
  return cells;
}

/** A code fence's opening line: its run of backticks or tildes is what closes it. */
const FENCE_OPENING = /^ {0,3}(`{3,}|~{3,})/;

/**
 * HTML blocks that end where their closing appears (CommonMark's kinds 1–5), even past blank
 * lines; any other line beginning with "<" is taken as an HTML block ending at the next blank line.
 */
const HTML_BLOCKS: [start: RegExp, end: RegExp][] = [
  [/^ {0,3}<(script|pre|style|textarea)(\s|>|$)/i, /<\/(script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
  [/^ {0,3}<![A-Za-z]/, />/],
];

/** The header's column count when `header` and `delimiter` begin a top-level table; 0 when they do not, for certain. */
function tableColumns(header: string, delimiter: string | undefined): number {
  if (delimiter === undefined || !isCertainlyRow(header) || !delimiter.includes("|")) return 0;
  // Without a pipe first, "- | -" would be a list item: its first cell must be more than a "- ".
  if (!/^(\|\s*:?-+|:-+|--+):?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(delimiter)) return 0;
  const headerCells = cellsOf(header);
  // A header of nothing but pipes heads no table.
  if (headerCells.every((cell) => cell.trim() === "")) return 0;
  return headerCells.length === cellsOf(delimiter).length ? headerCells.length : 0;
}

/** A line that is a row of the table above it, for certain: not blank, with a "|", and nothing another block could begin with. */
function isCertainlyRow(line: string): boolean {
  return line.includes("|") && /^[^\s>#`~<*+=_[!\\-]/.test(line) && !/^\d+[.)]/.test(line);
}

/** The row's cells among the table's `columns` that hold plain words. */
function plainCells(row: string, columns: number): number {
  return cellsOf(row)
    .slice(0, columns)
    .filter((cell) => /^[\p{L}\p{N}][\p{L}\p{N} .,;:'"?%+-]*$/u.test(cell.trim())).length;
}

/** A row's cells: split at its pipes, the ones at its ends belonging to no cell. (A "\|" is no split; a cell holding one is not plain.) */
function cellsOf(row: string): string[] {
  const cells = row.trim().split(/(?<!\\)\|/);
  if (cells.length > 1 && cells[0].trim() === "") cells.shift();
  if (cells.length > 1 && cells[cells.length - 1].trim() === "") cells.pop();
  return cells;
}
