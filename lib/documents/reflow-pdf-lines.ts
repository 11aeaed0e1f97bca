/**
 * Rebuilding a PDF's text as paragraphs. A PDF has no paragraphs, only lines placed on pages; this
 * module decides, from the lines' positions, sizes and faces, which are running headers, footers and page
 * numbers (dropped), where a paragraph ends (a wider gap, an indented first line, a line that ends
 * short although the next word would have fitted, a change of type size or face), and where a word was
 * hyphenated at the end of a line (joined). Paragraphs run on across page breaks, and the start of
 * each page is kept as a position in the text, so a note can cite "p. 12".
 */

/**
 * One line of a page, in PDF user space (y grows upwards): its text, left and right edges, baseline
 * and type size; and, where the PDF reader names them, the faces (fonts) its words are set in.
 */
export type PdfLine = { text: string; x: number; xEnd: number; y: number; size: number; fonts?: string[]; cells?: PdfCell[] };

/**
 * A stretch of a line's text set apart from the rest by a gap far wider than a word space, with its
 * left and right edges: a table's cell, when the lines around it have theirs in the same columns.
 * A line has `cells` only when it has two or more.
 */
export type PdfCell = { text: string; x: number; xEnd: number };

/** Where a block sits in a table found on the page: `row` and `column` from 0; `header` for the heading row. */
export type PdfTableCell = { row: number; column: number; header?: boolean };

export type ReflowedPdf = {
  blocks: string[];
  /**
   * Each block's heading level where it is a heading (set larger than the body, and short: a long
   * run of large type is an introduction, not a heading), null where it is body text. Level 1 is
   * the largest size the document sets headings in, 2 the next, and so on.
   */
  headingLevels: (number | null)[];
  /** Each block's place in a table (see tablesOf), null where it is not a table's cell. */
  tableCells: (PdfTableCell | null)[];
  /** Where page `page` (1-based) begins: `offset` code units into `blocks[block]`. */
  pages: { page: number; block: number; offset: number }[];
  /** The first block's text when it is set larger than the body in a size no other heading has (a title), else null. */
  headingTitle: string | null;
};

/** "- 12 -", "Page 3 of 40", "xiv", "12": a line that is only a page number. */
const PAGE_NUMBER = /^(?:page\s+)?[-–—(\[\s]*(?:\d{1,5}|[ivxlcdm]{1,8})[-–—)\]\s]*(?:(?:of|\/)\s*\d{1,5})?$/i;
/** How many lines at the top and at the bottom of a page may be running heads or feet. */
const EDGE_LINES = 2;

/**
 * `maxTableCells`: how many table cells the reading may have (READING_MAX_TABLE_CELLS, which a
 * reading over it is refused for). A PDF's tables are found, not stated: a table past that budget
 * is read a row to a line of text, rather than the PDF refused for it.
 */
export function reflowPdfLines(pages: PdfLine[][], { maxTableCells = Infinity } = {}): ReflowedPdf {
  const body = dropRunningHeadsAndFeet(pages);
  const all = body.flat();
  const bodySize = bodySizeOf(body);
  const bodyLines = all.filter((line) => Math.abs(line.size - bodySize) <= bodySize * 0.15);
  const left = mode(bodyLines.map((line) => Math.round(line.x))) ?? 0;
  const right = percentile(
    bodyLines.map((line) => line.xEnd),
    0.9,
  );
  const leading = median(
    body.flatMap((lines) =>
      lines
        .slice(1)
        .map((line, index) => lines[index].y - line.y)
        .filter((gap) => gap > 0 && gap < bodySize * 3),
    ),
  );
  const lineGap = leading > 0 && !isParagraphSpacing(body, bodySize, leading) ? leading : bodySize * SINGLE_SPACING;
  const measures = new Map(body.flatMap((lines) => [...measuresOf(lines, lineGap)]));

  const blocks: string[] = [];
  // The type size of each block set as a heading (null: body text), ranked into levels at the end.
  const headingSizes: (number | null)[] = [];
  const tableCells: (PdfTableCell | null)[] = [];
  const pageStarts: ReflowedPdf["pages"] = [];
  // The paragraph being built, as the lines that make it (joined once, when it ends), or null
  // between paragraphs. Edits at the end of one growing string re-read all of it on each line: a
  // PDF whose lines never end a paragraph made that quadratic (2,000 pages of 60 lines held the
  // server for minutes, found by an independent check). Each line now costs its own length.
  let current: Paragraph | null = null;
  let currentIsHeading = false;
  let currentSize = bodySize;
  let firstBlockIsHeading = false;
  let previous: PdfLine | null = null;
  let previousPage = -1;

  const spelling = documentSpelling(all);
  const headingsInTheirFace = linesAloneInAHeadingFace(body, bodySize, right);
  // Notes at the foot of a column wait for the paragraph they interrupt to end, then follow it.
  const notes = footnotesOf(body, bodySize, lineGap);
  let waitingNotes: PdfLine[][] = [];
  // Notes are notes, though numbered in a column of their own.
  const tables = tablesOf(
    body.map((lines) => lines.filter((line) => !notes.has(line))),
    spelling,
    maxTableCells,
  );

  const flush = () => {
    if (current !== null && current.length > 0) {
      if (blocks.length === 0) firstBlockIsHeading = currentIsHeading;
      blocks.push(current.parts.join(""));
      headingSizes.push(currentIsHeading && current.length <= MAX_HEADING_LENGTH ? currentSize : null);
      tableCells.push(null);
    }
    current = null;
    for (const group of waitingNotes) {
      // Their own paragraphs, rebuilt by their own measure and type size; a note's number set apart is no table's column.
      const asText = group.map(({ cells: _cells, ...line }) => line);
      for (const note of reflowPdfLines([asText]).blocks) {
        blocks.push(note);
        headingSizes.push(null);
        tableCells.push(null);
      }
    }
    waitingNotes = [];
  };

  body.forEach((lines, pageIndex) => {
    let isFirstOnPage = true;
    for (const line of lines) {
      const table = tables.get(line);
      if (table) {
        // A table's rows are no paragraph's lines: the paragraph before it ends, and each cell is a block of its own.
        if (isFirstOnPage) {
          for (let page = (pageStarts.at(-1)?.page ?? 0) + 1; page <= pageIndex + 1; page++)
            pageStarts.push({ page, block: blocks.length, offset: 0 });
          isFirstOnPage = false;
        }
        if (table[0]?.line === line) {
          // A table continued from the page before follows its first part: notes from that page wait until it ends.
          if (!(table[0].place && table[0].place.row > 0)) flush();
          for (const { text, place } of table) {
            blocks.push(text);
            headingSizes.push(null);
            tableCells.push(place);
          }
        }
        continue;
      }
      const group = notes.get(line);
      if (group) {
        if (group[0] === line) waitingNotes.push(group);
        continue;
      }
      const isHeading = line.size > bodySize * 1.15 || headingsInTheirFace.has(line);
      const startsParagraph =
        current === null ||
        previous === null ||
        isHeading !== currentIsHeading ||
        (isHeading && Math.abs(line.size - previous.size) > 0.5) ||
        endsParagraph(previous, line, {
          // A column or a passage set narrower than the page is measured by its own edges.
          left: measures.get(line)?.left ?? left,
          right: measures.get(previous)?.right ?? right,
          // A heading wrapped onto a second line is set at its own size's leading, wider than the body's.
          lineGap: isHeading ? lineGap * (line.size / bodySize) : lineGap,
          isNewPage: pageIndex !== previousPage,
          isHeading,
        });
      let offset: number;
      if (startsParagraph || current === null) {
        flush();
        current = { parts: [line.text], length: line.text.length };
        currentIsHeading = isHeading;
        currentSize = Math.round(line.size * 2) / 2;
        offset = 0;
      } else if (endsWithHyphenatedWord(lastCharacters(current, 3)) && /^\p{Ll}/u.test(line.text)) {
        if (!spelling.keepsHyphen(lastCharacters(current, MAX_WORD_LENGTH), line.text)) dropLastCharacter(current);
        offset = current.length;
        append(current, line.text);
      } else {
        if (lastCharacters(current, 1) === "\u00AD") dropLastCharacter(current);
        append(current, " ");
        offset = current.length;
        append(current, line.text);
      }
      if (isFirstOnPage) {
        // Pages with no body text of their own (a blank page, a full-page figure) begin where the next text does.
        for (let page = (pageStarts.at(-1)?.page ?? 0) + 1; page <= pageIndex + 1; page++) {
          pageStarts.push({ page, block: blocks.length, offset });
        }
        isFirstOnPage = false;
      }
      previous = line;
      previousPage = pageIndex;
    }
  });
  flush();
  for (let page = (pageStarts.at(-1)?.page ?? 0) + 1; page <= pages.length; page++)
    pageStarts.push({ page, block: blocks.length, offset: 0 });
  const sizes = [...new Set(headingSizes.filter((size): size is number => size !== null))].sort((a, b) => b - a);
  const headingLevels = headingSizes.map((size) => (size === null ? null : Math.min(sizes.indexOf(size) + 1, 6)));
  // A title is set in a size of its own: a first heading whose size later headings share ("Chapter 1", then "Chapter 2") is the first of them.
  const isTitle = firstBlockIsHeading && headingLevels.filter((level) => level === headingLevels[0]).length === 1;
  return { blocks, headingLevels, tableCells, pages: pageStarts, headingTitle: isTitle ? blocks[0] : null };
}

/** A table's cell as found: its text, the line (row) it was set on, and its place in the table. */
type FoundCell = { text: string; line: PdfLine; place: PdfTableCell };
/** What a table's line stands for in the reading: its cells, or (a table past the budget of cells) its rows as lines of text. */
type TableBlock = { text: string; line: PdfLine; place: PdfTableCell | null };

/**
 * A table found in a run of lines: its cells in reading order, how many rows and columns it has,
 * and the row each of the lines is in (a cell wrapped onto lines of its own makes a row of several).
 * Not `isComplete` while its last line spreads a cell's words apart: the line after it must carry
 * that cell on (see cellsInColumns).
 */
type FoundTable = { cells: FoundCell[]; rows: number; columns: number; rowOfLine: number[]; isComplete: boolean };

/**
 * A table as found on the pages so far: the lines its cells were found in (`rows`), those and any
 * heading row set again after a page break (`lines`), and the last page it reaches.
 */
type PlacedTable = { lines: PdfLine[]; rows: PdfLine[]; table: FoundTable; lastPage: number; endsPage: boolean };

/**
 * Tables: runs of two or more rows, one under the other on a page, each cut by wide gaps into
 * cells (see PdfLine's `cells`) that stand in a common set of columns. A table set in a PDF is only
 * its text placed in rows and columns: read as lines, its rows ran into one paragraph ("Region
 * Households Share (%) North 1,204 34.2 …"). Each table is keyed by every line in it, and holds its
 * cells in reading order; the first line of a run that does not fit the columns, or is neither
 * cut into cells nor a cell's wrapped text, ends the table, and a run that fits no columns is left
 * to be read as text. A table that ends one page and whose columns the first rows of the next page
 * continue is one table (see continuedTable); each page's part is keyed by its own lines, so the
 * page's start falls at its first row.
 */
function tablesOf(pages: PdfLine[][], spelling: Spelling, maxTableCells: number): Map<PdfLine, TableBlock[]> {
  // The lines each line made of a row's cells drawn apart stands for (see rowsDrawnApart), and the page of each line.
  const originals = new Map<PdfLine, PdfLine[]>();
  const pageOf = new Map<PdfLine, number>();
  const found: PlacedTable[] = [];
  pages.forEach((pageLines, page) => {
    const lines = rowsDrawnApart(pageLines, originals);
    for (const line of lines) pageOf.set(line, page);
    const onPage: { lines: PdfLine[]; table: FoundTable }[] = [];
    let run: PdfLine[] = [];
    const close = () => {
      // The longest table from each line of the run on: a line with a wide gap above a table is no row of it.
      let start = 0;
      while (start < run.length - 1) {
        let table: FoundTable | null = null;
        let tableEnd = start;
        // Lines start…fitEnd (not included) fit in rows and columns, a table or not yet one.
        let fitEnd = start + 1;
        // A line not cut into cells that fits no table found with the rows above may with the rows
        // below (a narrow column's justified line spreads its words apart, in what seem columns of
        // their own, until a longer cell under them spans the gaps, and the line is that cell's
        // wrapped text): the lines after it are tried, up to LOOKAHEAD_LINES past the table. A line
        // cut into cells that fits none ends the table.
        for (let end = start + 2; end <= Math.min(run.length, Math.max(tableEnd, start + 2) + LOOKAHEAD_LINES); end++) {
          const grown = cellsInColumns(run.slice(start, end), spelling, originals);
          if (grown !== null) {
            fitEnd = end;
            // A row and its wrapped text are no table yet, but may begin one.
            if (grown.rows >= 2 && grown.isComplete) [table, tableEnd] = [grown, end];
          } else if (end - 1 === fitEnd && (table === null || run[end - 1].cells)) break;
        }
        if (table === null) start += 1;
        else {
          onPage.push({ lines: run.slice(start, tableEnd), table });
          start = tableEnd;
        }
      }
      run = [];
    };
    let linesNotCut = 0;
    for (const line of lines) {
      const last = run.at(-1);
      // Rows one under the other: no further apart than a row with its cells' padding (Chromium's are two sizes apart).
      const isNextRow =
        last !== undefined &&
        last.y > line.y &&
        last.y - line.y <= Math.max(last.size, line.size) * 2.5 &&
        Math.abs(last.size - line.size) <= Math.max(last.size, line.size) * 0.15;
      if (!isNextRow) close();
      // A line not cut into cells under a row may be a cell's wrapped text: cellsInColumns judges.
      linesNotCut = line.cells ? 0 : linesNotCut + 1;
      if (line.cells || (run.length > 0 && linesNotCut <= MAX_WRAPPED_LINES)) run.push(line);
      else close();
    }
    close();
    for (const [index, part] of onPage.entries()) {
      const previous = found.at(-1);
      const continued =
        index === 0 && part.lines[0] === lines[0] && previous?.endsPage && previous.lastPage === page - 1
          ? continuedTable(previous, part, spelling, originals)
          : null;
      const endsPage = part.lines.at(-1) === lines.at(-1);
      if (continued) found[found.length - 1] = { ...continued, lastPage: page, endsPage };
      // Its own arrays: a continuation appends to them (continuedTable).
      else found.push({ lines: [...part.lines], rows: [...part.lines], table: part.table, lastPage: page, endsPage });
    }
  });

  const tables = new Map<PdfLine, TableBlock[]>();
  const firstOriginal = (line: PdfLine) => originals.get(line)?.[0] ?? line;
  let cellsLeft = maxTableCells;
  for (const { lines, table } of found) {
    // Past the budget, a table is read a row to a line of text: every word kept, in reading order.
    const fits = table.cells.length <= cellsLeft;
    if (fits) cellsLeft -= table.cells.length;
    // Each page's part of the table is keyed by that page's lines.
    const parts = new Map<number | undefined, TableBlock[]>();
    for (const block of fits ? table.cells : rowsAsLines(table.cells)) {
      const page = pageOf.get(block.line);
      if (!parts.has(page)) parts.set(page, []);
      parts.get(page)!.push({ ...block, line: firstOriginal(block.line) });
    }
    for (const line of lines) for (const original of originals.get(line) ?? [line]) tables.set(original, parts.get(pageOf.get(line)) ?? []);
  }
  return tables;
}

/**
 * The table `previous`, which ends a page, continued by `next`, which begins the following one, or
 * null when `next` is a table of its own: together they must stand in the same columns as each
 * does alone, and `next` must not begin with a heading row of its own. A heading row set again at
 * the top of the new page (Word's "repeat header row", LaTeX's longtable) is the same words as the
 * first: it is dropped, its lines kept in the table so that they are not read as text.
 */
function continuedTable(
  previous: PlacedTable,
  next: { lines: PdfLine[]; table: FoundTable },
  spelling: Spelling,
  drawnApart: ReadonlyMap<PdfLine, PdfLine[]>,
): Omit<PlacedTable, "lastPage" | "endsPage"> | null {
  // The lines of the table's first row, which are its first lines.
  const headingRowEnd = previous.table.rowOfLine.findIndex((row) => row !== 0);
  const headingLines = previous.rows.slice(0, headingRowEnd === -1 ? previous.rows.length : headingRowEnd);
  const isHeadingAgain = headingLines.every((line, index) => next.lines[index]?.text === line.text);
  // A heading row of other words begins another table.
  if (!isHeadingAgain && next.table.cells[0]?.place.header) return null;
  const nextRows = isHeadingAgain ? next.lines.slice(headingLines.length) : next.lines;
  // The columns are checked on the table's heading, its last rows and the new page's: reading the
  // whole table again for every page made a long table's reading grow with the square of its pages.
  const lastRows = previous.rows.slice(-CONTINUATION_ROWS).filter((line) => !headingLines.includes(line));
  const checked = cellsInColumns([...headingLines, ...lastRows, ...nextRows], spelling, drawnApart);
  if (checked === null || !checked.isComplete || checked.columns !== previous.table.columns || checked.columns !== next.table.columns)
    return null;
  // The new page's rows are numbered on from the last page's, without its heading row set again.
  const droppedRows = isHeadingAgain ? 1 : 0;
  const renumbered = (row: number) => previous.table.rows + row - droppedRows;
  const cells = next.table.cells
    .filter((cell) => !(isHeadingAgain && cell.place.row === 0))
    .map((cell) => ({ ...cell, place: { row: renumbered(cell.place.row), column: cell.place.column } }));
  // Appended in place (the table is the one found so far, replaced by what is returned): a copy a
  // page made a long table's reading grow with the square of its pages again.
  const { table } = previous;
  for (const cell of cells) table.cells.push(cell);
  for (const row of next.table.rowOfLine.slice(next.lines.length - nextRows.length)) table.rowOfLine.push(renumbered(row));
  table.rows += next.table.rows - droppedRows;
  table.isComplete = next.table.isComplete;
  for (const line of next.lines) previous.lines.push(line);
  for (const line of nextRows) previous.rows.push(line);
  return { lines: previous.lines, rows: previous.rows, table };
}

/** A table's rows as lines of text, their cells' words joined in reading order. */
function rowsAsLines(cells: FoundCell[]): TableBlock[] {
  const rows: TableBlock[] = [];
  let row = -1;
  for (const cell of cells) {
    if (cell.place.row === row) rows[rows.length - 1].text += ` ${cell.text}`;
    else rows.push({ text: cell.text, line: cell.line, place: null });
    row = cell.place.row;
  }
  return rows;
}

/** How many of a table's last lines the rows at the top of the next page must line up with to continue it. */
const CONTINUATION_ROWS = 12;

/** How many lines of a row's cells, wrapped, may come between its first line and its next cells or the next row. */
const MAX_WRAPPED_LINES = 8;

/**
 * How many lines past the table found so far are tried, after a line not cut into cells that it
 * cannot take, in case they make it a longer one: each try reads the table again.
 */
const LOOKAHEAD_LINES = 2 * MAX_WRAPPED_LINES;

/** A line's cells; a line not cut into cells is one. */
const cellsOfLine = (line: PdfLine): PdfCell[] => line.cells ?? [{ text: line.text, x: line.x, xEnd: line.xEnd }];

/**
 * A page's lines with each table row brought back together where its cells were drawn one after
 * another, each cell's lines top to bottom (LaTeX's paragraph columns, Word): a wrapped cell's
 * second line came between the row's first cells and the rest, which then made a line of their own
 * back up at the row's height. Such a line joins the row it shares a baseline with, when the lines
 * between are all below that row and to the left of it. `originals` learns which lines each joined
 * line stands for. Only tables are read from these lines: two columns of prose joined so are no table.
 */
function rowsDrawnApart(lines: PdfLine[], originals: Map<PdfLine, PdfLine[]>): PdfLine[] {
  const result: PdfLine[] = [];
  for (const line of lines) {
    const index = rowDrawnBefore(result, line);
    if (index === -1) {
      result.push(line);
      continue;
    }
    const row = result[index];
    const joined: PdfLine = {
      text: `${row.text} ${line.text}`,
      x: row.x,
      xEnd: line.xEnd,
      y: row.y,
      size: Math.max(row.size, line.size),
      fonts: [...new Set([...(row.fonts ?? []), ...(line.fonts ?? [])])],
      cells: [...cellsOfLine(row), ...cellsOfLine(line)],
    };
    originals.set(joined, [...(originals.get(row) ?? [row]), line]);
    result[index] = joined;
  }
  return result;
}

/** Where in `lines` (a page's so far) the row that `line` finishes was begun, or -1. */
function rowDrawnBefore(lines: PdfLine[], line: PdfLine): number {
  for (let index = lines.length - 2; index >= Math.max(0, lines.length - 1 - MAX_WRAPPED_LINES); index--) {
    const row = lines[index];
    const isBeside =
      Math.abs(row.y - line.y) <= line.size * 0.2 &&
      Math.abs(row.size - line.size) <= Math.max(row.size, line.size) * 0.15 &&
      line.x > row.xEnd;
    if (isBeside && lines.slice(index + 1).every((between) => between.y < row.y - line.size * 0.5 && between.xEnd < line.x)) return index;
  }
  return -1;
}

/** Longer than this, a cell is a line of prose, not a label or a figure: a table has a column of short cells at least. */
const SHORT_CELL = 30;

/** A column of list markers ("1." "•" "[3]") beside the text: a list's items, or references, set with a hanging indent. */
const MARKER_CELL = /^(?:[•◦▪▫‣∙●○■□*–—-]|\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)]|\[\d{1,3}\])$/u;

/** A table's row as found: its lines, its cells by column on its first line and as last wrapped, and each cell's whole text. */
type FoundRow = { lines: PdfLine[]; first: Map<number, PdfCell>; last: Map<number, PdfCell>; texts: Map<number, string> };

/**
 * The lines' cells placed in rows and columns, or null when they do not make a table. The columns
 * are where the cells stand across all the lines (cells that overlap across the page are in the
 * one column; a line's cells in one column are one cell, as a narrow column's justified line
 * spreads its words further apart than the columns are). A line is a row of its own, with cells in
 * two columns at least, or holds the wrapped text of the row above's cells (see isWrappedText).
 * Each column's cells line up at their left edges, their right edges (figures) or their centres.
 * Prose never does so: its words overlap from line to line; a two-column page's lines (the gutter
 * is a wide gap) are long, where a table has a column of short cells at least, and run on from
 * row to row (and `drawnApart`'s lines, which rowsDrawnApart put together, must not). A column of
 * list markers is a list's.
 */
function cellsInColumns(lines: PdfLine[], spelling: Spelling, drawnApart: ReadonlyMap<PdfLine, PdfLine[]>): FoundTable | null {
  if (!lines[0].cells) return null;
  const columns: { x: number; xEnd: number }[] = [];
  for (const cell of lines.flatMap(cellsOfLine).sort((a, b) => a.x - b.x)) {
    const last = columns.at(-1);
    if (last && cell.x < last.xEnd) last.xEnd = Math.max(last.xEnd, cell.xEnd);
    else columns.push({ x: cell.x, xEnd: cell.xEnd });
  }
  if (columns.length < 2) return null;
  const columnOf = (cell: PdfCell) => columns.findIndex((column) => cell.x >= column.x && cell.xEnd <= column.xEnd);
  const size = Math.max(...lines.map((line) => line.size));
  const rows: FoundRow[] = [];
  const rowOfLine: number[] = [];
  // The columns whose cell, on the row's last line, spread its words apart: only a wrapped cell's
  // line before its last is justified, so the next line must carry its text on (justified prose's
  // words, spread into "columns" too, run on into a line that fills them all).
  const spread = new Set<number>();
  // The least distance from a row's last line down to the next row.
  let rowGap = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    const cells = new Map<number, PdfCell>();
    const spreadHere = new Set<number>();
    for (const cell of cellsOfLine(line)) {
      const column = columnOf(cell);
      const before = cells.get(column);
      if (before) spreadHere.add(column);
      cells.set(column, before ? { text: `${before.text} ${cell.text}`, x: before.x, xEnd: cell.xEnd } : cell);
    }
    const row = rows.at(-1);
    if (row && isWrappedText(row, cells, columns, size) && continuesWords(row, line, rowGap)) {
      row.lines.push(line);
      for (const [column, cell] of cells) {
        row.texts.set(column, joinWrapped(row.texts.get(column) ?? "", cell.text, spelling));
        row.last.set(column, cell);
        spread.delete(column);
      }
    } else if (cells.size >= 2 && spread.size === 0) {
      if (row) rowGap = Math.min(rowGap, row.lines.at(-1)!.y - line.y);
      rows.push({
        lines: [line],
        first: cells,
        last: new Map(cells),
        texts: new Map([...cells].map(([column, cell]) => [column, cell.text])),
      });
    } else return null;
    for (const column of spreadHere) spread.add(column);
    rowOfLine.push(rows.length - 1);
  }
  const tolerance = size * 0.5;
  const isAligned = (edges: number[]) => Math.max(...edges) - Math.min(...edges) <= tolerance;
  const byColumn = columns.map((_, index) => rows.flatMap((row) => row.first.get(index) ?? []));
  const aligned = byColumn.every(
    (cells) =>
      isAligned(cells.map((cell) => cell.x)) ||
      isAligned(cells.map((cell) => cell.xEnd)) ||
      isAligned(cells.map((cell) => (cell.x + cell.xEnd) / 2)),
  );
  const textsByColumn = columns.map((_, index) => rows.flatMap((row) => row.texts.get(index) ?? []));
  if (!aligned || !textsByColumn.some((texts) => texts.every((text) => text.length <= SHORT_CELL))) return null;
  if (textsByColumn[0].every((text) => MARKER_CELL.test(text))) return null;
  // A sentence running on from a long cell to the one under it is a column of prose beside another (a
  // two-column page whose lines pdf.js reads across the gutter): a word broken at its end, or a cell
  // not ending a sentence over one beginning in lower case. Short cells may ("kg" over "kg").
  const runsOn = (upper: string | undefined, lower: string | undefined) =>
    upper !== undefined &&
    lower !== undefined &&
    upper.length > SHORT_CELL &&
    (endsWithHyphenatedWord(upper) || (!SENTENCE_END.test(upper) && /^\p{Ll}/u.test(lower)));
  if (rows.some((row, index) => [...row.texts].some(([column, text]) => runsOn(text, rows[index + 1]?.texts.get(column))))) return null;
  // A row put back together from lines drawn apart (rowsDrawnApart) is no table's when a cell of it
  // runs on from the one above, however short: two short columns of prose, drawn one after the
  // other, join line by line too, and read as a table's rows they were cut up across the columns.
  const continuesAbove = (row: FoundRow, index: number) =>
    index > 0 &&
    row.lines.some((line) => drawnApart.has(line)) &&
    [...row.texts].some(([column, text]) => {
      const upper = rows[index - 1].texts.get(column);
      return upper !== undefined && !SENTENCE_END.test(upper) && /^\p{Ll}/u.test(text);
    });
  if (rows.some(continuesAbove)) return null;
  const header = isHeaderRow(rows);
  return {
    cells: rows.flatMap((row, index) =>
      [...row.texts]
        .sort(([a], [b]) => a - b)
        .map(([column, text]) => ({
          text,
          line: row.lines[0],
          place: { row: index, column, ...(index === 0 && header ? { header } : {}) },
        })),
    ),
    rows: rows.length,
    isComplete: spread.size === 0,
    columns: columns.length,
    rowOfLine,
  };
}

/**
 * Whether a line's cells are the row above's text wrapped: each stands under a cell of that row
 * that was broken at a space or a hyphen, lines up with it (at the left, or centred), and begins
 * with a word that would not have fitted at its end in the column; and the line leaves empty a
 * column that row fills. LaTeX's paragraph columns and Word's cells set a wrapped line as far
 * below as the next row, so the spacing cannot tell; a new row ("Nails  3.90" under "Hair  0.31
 * (More than I needed.)") fills its first column, whose word would have fitted after the one above.
 */
function isWrappedText(row: FoundRow, cells: Map<number, PdfCell>, columns: { xEnd: number }[], size: number): boolean {
  if ([...row.last.keys()].every((column) => cells.has(column))) return false;
  return [...cells].every(([column, cell]) => {
    const above = row.last.get(column);
    if (above === undefined) return false;
    const isBroken = /\s/u.test(above.text) || endsWithHyphenatedWord(above.text);
    const isUnder =
      Math.abs(cell.x - above.x) <= size * 0.5 || Math.abs((cell.x + cell.xEnd) / 2 - (above.x + above.xEnd) / 2) <= size * 0.5;
    return isBroken && isUnder && !wordWouldFit({ ...cell, size }, columns[column].xEnd - above.xEnd);
  });
}

/**
 * Whether a line under a row reads on from its cells' words: it begins in lower case, or it sits no
 * further below the row than the rows are apart. A cell's text wrapped sits at its lines' leading,
 * never further down than the next row would; a wiki's infobox set "Surveyor, pamphleteer" over two
 * lines as the next row's value, a little lower than the rows above were apart, beside its label
 * centred on them.
 */
function continuesWords(row: FoundRow, line: PdfLine, rowGap: number): boolean {
  return /^\p{Ll}/u.test(line.text) || row.lines.at(-1)!.y - line.y <= rowGap + line.size * 0.05;
}

/** A cell's text and its next line: a word broken at the line's end joined as the paragraphs' are, else with a space. */
function joinWrapped(text: string, next: string, spelling: Spelling): string {
  if (!endsWithHyphenatedWord(text) || !/^\p{Ll}/u.test(next)) return `${text} ${next}`;
  return spelling.keepsHyphen(text.slice(-MAX_WORD_LENGTH), next) ? `${text}${next}` : `${text.slice(0, -1)}${next}`;
}

/**
 * Whether a table's first row heads it: set in faces none of the other rows is, or all words over
 * rows that each hold a figure ("Region  Households  Share (%)" over "North  1,204  34.2").
 */
function isHeaderRow(rows: FoundRow[]): boolean {
  const [first, ...rest] = rows;
  const faces = (row: FoundRow) => row.lines.flatMap((line) => line.fonts ?? []);
  const restFaces = new Set(rest.flatMap(faces));
  const ownFaces = faces(first).length > 0 && faces(first).every((face) => !restFaces.has(face));
  const hasFigure = (row: FoundRow) => [...row.texts.values()].some((text) => /^[\d\s.,:%–—-]*\d[\d\s.,:%–—-]*$/u.test(text));
  return ownFaces || (![...first.texts.values()].some((text) => /\d/u.test(text)) && rest.every(hasFigure));
}

/** A line's type size to the half point, as sizes are compared across the document. */
const roundedSize = (line: PdfLine) => Math.round(line.size * 2) / 2;

/**
 * The body text's type size: the size most lines are set in — unless they are notes outnumbering
 * the text, as in a law review (9-point notes under a third of a page of 11-point text took the
 * notes' size for the body's, and the text ran together as "larger" type, found by an independent
 * check). A larger size is the body's when its lines run as long as the commonest size's (text,
 * not headings), number at least a third as many, and on each page holding lines of the commonest
 * size are all set above them: notes sit under the text they annotate, page after page (two pages
 * at least: on one, a large-type introduction over the text looks the same). A page number under
 * the notes is no text.
 */
function bodySizeOf(pages: PdfLine[][]): number {
  const text = pages.map((lines) => lines.filter((line) => !PAGE_NUMBER.test(line.text)));
  const all = text.flat();
  const commonest = mode(all.map(roundedSize)) ?? 10;
  const larger = mode(all.filter((line) => roundedSize(line) >= commonest / 0.9).map(roundedSize));
  if (larger === undefined) return commonest;
  const linesOf = (size: number) => all.filter((line) => roundedSize(line) === size);
  const medianLength = (size: number) => median(linesOf(size).map((line) => line.text.length));
  if (linesOf(larger).length * 3 < linesOf(commonest).length || medianLength(larger) < medianLength(commonest) * 0.8) return commonest;
  const pagesWithNotes = text.filter((lines) => lines.some((line) => roundedSize(line) === commonest));
  const isUnderTheText = (lines: PdfLine[]) => {
    const top = Math.max(...lines.filter((line) => roundedSize(line) === commonest).map((line) => line.y));
    const body = lines.filter((line) => roundedSize(line) === larger);
    return body.length > 0 && body.every((line) => line.y > top);
  };
  return pagesWithNotes.length >= 2 && pagesWithNotes.every(isUnderTheText) ? larger : commonest;
}

/** Longer than this, a line in a face of its own is not taken for a heading. */
const MAX_FACE_HEADING_LENGTH = 100;

/**
 * Headings set at about the body's size, told apart by their face alone (a Word paper's bold
 * "Literature Review" and "Week 1: Commons and common rights" were read as text, found by an
 * independent check): a short line not ending a sentence, wholly in a face that is not the
 * body's and is never set inside a line of another face (italics for a title or a word's stress
 * are), with no line of that face and size just above or below it on its page (a passage set in
 * it, a poem in italics) — or two such lines, the first broken where the next word would not have
 * fitted in the measure ending at `right` (or both centred on one point), the second just under it
 * and ending short, before a line on the same page: a heading too long for one line (its two lines
 * were read as a paragraph of text). Two lines of an italic quotation at a page's foot run on.
 */
function linesAloneInAHeadingFace(pages: PdfLine[][], bodySize: number, right: number): Set<PdfLine> {
  const charactersByFace = new Map<string, number>();
  const facesWithinLines = new Set<string>();
  for (const line of pages.flat()) {
    const faces = line.fonts ?? [];
    for (const face of faces) charactersByFace.set(face, (charactersByFace.get(face) ?? 0) + line.text.length);
    if (faces.length > 1) for (const face of faces) facesWithinLines.add(face);
  }
  const bodyFace = [...charactersByFace].sort((a, b) => b[1] - a[1])[0]?.[0];
  const faceOf = (line: PdfLine | undefined) => (line?.fonts?.length === 1 ? line.fonts[0] : undefined);
  const isHeadingLine = (line: PdfLine) => {
    const face = faceOf(line);
    return (
      face !== undefined &&
      face !== bodyFace &&
      !facesWithinLines.has(face) &&
      Math.abs(line.size - bodySize) <= bodySize * 0.15 &&
      line.text.length <= MAX_FACE_HEADING_LENGTH &&
      !SENTENCE_END.test(line.text)
    );
  };
  const isAlike = (line: PdfLine, other: PdfLine) => faceOf(other) === faceOf(line) && Math.abs(other.size - line.size) <= 0.5;
  // A heading's second line: just under the first, which was broken where the next word would not
  // have fitted (or centred on the same point), and ending short before the line after it.
  const isWrappedHeading = (first: PdfLine, second: PdfLine, after: PdfLine | undefined) =>
    first.y - second.y > 0 &&
    first.y - second.y <= second.size * 2 &&
    (!nextWordWouldFit(first, second, right) || Math.abs((first.x + first.xEnd) / 2 - (second.x + second.xEnd) / 2) < second.size) &&
    after !== undefined &&
    nextWordWouldFit(second, after, right);
  const headings = new Set<PdfLine>();
  for (const lines of pages) {
    // Runs of lines alike (one face, one size), in the page's order.
    for (let start = 0, end = 1; start < lines.length; start = end, end = start + 1) {
      while (end < lines.length && faceOf(lines[start]) !== undefined && isAlike(lines[start], lines[end])) end++;
      const run = lines.slice(start, end);
      const isHeading =
        run.every(isHeadingLine) && (run.length === 1 || (run.length === 2 && isWrappedHeading(run[0], run[1], lines[end])));
      if (isHeading) for (const line of run) headings.add(line);
    }
  }
  return headings;
}

/** Baseline to baseline, in type sizes, of text set solid to loosely single-spaced. */
const SINGLE_SPACING = 1.2;

/** A sentence's end, closing quotes and brackets after it; a sentence's start: not a lower-case letter. */
const SENTENCE_END = /[.!?:;…。！？؟۔]["'”’»)\]]*$/u;
const SENTENCE_START = /^["'“‘«(\[]*[\p{Lu}\p{Lt}\p{Lo}\p{Nd}]/u;

/**
 * Whether the usual gap between lines is the space between paragraphs, not the leading inside one:
 * a page of one-line paragraphs (a list of short points, the web page a browser printed with its
 * paragraphs' margins) has no other gap, so the leading measured is that space, and every paragraph
 * ran into one (found by an exploratory tester). A double-spaced essay has the same wide gaps, but
 * its lines mostly end and begin mid-sentence; here at least 80% of them end a sentence before a
 * line that begins one. Loose gaps only: single-spaced text (under 1.6 sizes) keeps its leading.
 */
function isParagraphSpacing(pages: PdfLine[][], bodySize: number, leading: number): boolean {
  if (leading <= bodySize * 1.6) return false;
  let gaps = 0;
  let sentenceBreaks = 0;
  for (const lines of pages) {
    lines.slice(1).forEach((line, index) => {
      const previous = lines[index];
      if (Math.abs(previous.y - line.y - leading) > leading * 0.15) return;
      gaps += 1;
      if (SENTENCE_END.test(previous.text) && SENTENCE_START.test(line.text)) sentenceBreaks += 1;
    });
  }
  return gaps > 0 && sentenceBreaks >= gaps * 0.8;
}

/** Longer than this, a block set in large type is not a heading (an introduction, a pull quote). */
const MAX_HEADING_LENGTH = 200;

/** A paragraph's text so far, in parts; `length` in UTF-16 code units. */
type Paragraph = { parts: string[]; length: number };

function append(paragraph: Paragraph, text: string): void {
  paragraph.parts.push(text);
  paragraph.length += text.length;
}

/** The paragraph's last `count` code units (fewer in a shorter one), read from its last parts only. */
function lastCharacters(paragraph: Paragraph, count: number): string {
  let end = "";
  for (let index = paragraph.parts.length - 1; index >= 0 && end.length < count; index--) end = paragraph.parts[index].slice(-count) + end;
  return end.slice(-count);
}

/** Drops the paragraph's last code unit (a soft hyphen, a hyphen of a word broken at the line's end). */
function dropLastCharacter(paragraph: Paragraph): void {
  for (let index = paragraph.parts.length - 1; index >= 0; index--) {
    if (paragraph.parts[index] === "") continue;
    paragraph.parts[index] = paragraph.parts[index].slice(0, -1);
    paragraph.length -= 1;
    return;
  }
}

/** Whether the text (a paragraph's last few characters) ends with a letter and a hyphen: a word broken at a line's end. */
function endsWithHyphenatedWord(text: string): boolean {
  return /\p{L}[-\u00AD\u2010]$/u.test(text);
}

/** Longer than this, the letters before a line-end hyphen are not looked up as a word's first part. */
const MAX_WORD_LENGTH = 40;

/** Words with their hyphens inside, as a line's text has them: "well-known", "long-stand-ing" (a first part of one). */
const HYPHENATED_WORDS = /\p{L}+(?:[-\u2010]\p{L}+)+/gu;
const WORDS = /\p{L}+/gu;

/**
 * How the document spells its words inside its lines, where no line break decides it. A hyphen at a
 * line's end is mostly the typesetter's, and dropped ("hyphen-" "ated" → "hyphenated"); but a
 * compound's own hyphen ("well-" "known") is kept when the document writes the compound with it
 * in mid-line more often than without it (a syllabus's "well-known" came out as "wellknown",
 * found by an independent check).
 */
type Spelling = { keepsHyphen: (before: string, after: string) => boolean };

function documentSpelling(lines: PdfLine[]): Spelling {
  const counts = new Map<string, number>();
  const count = (word: string) => counts.set(word, (counts.get(word) ?? 0) + 1);
  for (const line of lines) {
    for (const [word] of line.text.matchAll(HYPHENATED_WORDS)) count(word.toLowerCase().replaceAll("\u2010", "-"));
    for (const [word] of line.text.matchAll(WORDS)) count(word.toLowerCase());
  }
  return {
    keepsHyphen: (before, after) => {
      // The whole word on each side: "long-stand-" and "ing", "self-" and "governing,".
      const firstPart = /[\p{L}-]*\p{L}(?=-$)/u.exec(before.replaceAll("\u2010", "-"))?.[0];
      const secondPart = /^\p{L}+(?:-\p{L}+)*/u.exec(after)?.[0];
      if (!firstPart || !secondPart) return false;
      const withHyphen = `${firstPart}-${secondPart}`.toLowerCase();
      const joined = `${firstPart}${secondPart}`.toLowerCase();
      return (counts.get(withHyphen) ?? 0) > (counts.get(joined) ?? 0);
    },
  };
}

type Layout = { left: number; right: number; lineGap: number; isNewPage: boolean; isHeading: boolean };

/** Whether `line` begins a new paragraph after `previous`. */
function endsParagraph(previous: PdfLine, line: PdfLine, layout: Layout): boolean {
  const indent = line.x - layout.left;
  const isIndented = indent > line.size * 0.8 && indent < line.size * 6;
  const wasIndented = previous.x - layout.left > previous.size * 0.8;
  if (!layout.isNewPage) {
    // A gap wider than the leading: a blank line between paragraphs (or a heading's space).
    if (previous.y - line.y > layout.lineGap * 1.4) return true;
    // A line above the previous one starts a paragraph (a caption, a box set beside the text) — unless it
    // is the top of the next column, to its right: a paragraph runs on there as it does onto a new page.
    if (line.y > previous.y + line.size * 0.5 && line.x < previous.xEnd) return true;
  }
  if (layout.isHeading) return false;
  // A list's next item: its marker at the item before's indent or further out.
  const isItem = LIST_MARKER.test(line.text);
  if (isItem && line.x <= previous.x + line.size * 0.5) return true;
  // A sentence running on: the line before did not end one and this one begins in lower case. No
  // paragraph begins so, whatever its indent or the room left above it — a list item's or a
  // reference's second line set under its text (a hanging indent), a short quotation's, a line
  // the measure rule misjudged.
  if (!SENTENCE_END.test(previous.text) && /^\p{Ll}/u.test(line.text)) return false;
  // A hanging indent's next line (a reference's, set in from its first): indented under a flush-left
  // line that ran most of the measure and stopped mid-sentence. A reference broken before a capital
  // ("New | Haven", "change in | England") became two paragraphs (found by an independent check).
  // A heading without a full stop is short: the paragraph indented under it still starts.
  const ranMostOfTheMeasure = previous.xEnd - layout.left > (layout.right - layout.left) * 0.75;
  if (isIndented && !wasIndented && ranMostOfTheMeasure && !SENTENCE_END.test(previous.text)) return false;
  // An indented first line — unless the previous line was indented the same way (a block quote),
  // or began a list item whose text this line continues under its marker.
  const isUnderItsMarker = LIST_MARKER.test(previous.text) && !isItem && line.x > previous.x;
  if (isIndented && !isUnderItsMarker && !(wasIndented && Math.abs(previous.x - line.x) < 1)) return true;
  // A line centred in the measure under one that is not: a heading or a title set at the body's
  // size ("Literature Review" in an APA paper, too long to have fitted at the end of the line
  // before it, ran into that paragraph, found by an independent check).
  if (isCentred(line, layout) && !isCentred(previous, layout)) return true;
  // Lines set flush right and ragged left (an epigraph, its attribution) end short at their left:
  // the previous line began far in although the next line's first word would have fitted before it
  // (an epigraph's "— Jane Austen" ran into its quotation, found by an independent check). Lines
  // starting at the same point are a block set in from the left, justified: judged as any others.
  const isRaggedLeft = Math.abs(previous.x - line.x) > line.size;
  if (isRaggedLeft && isFlushRight(previous, layout) && isFlushRight(line, layout)) return wordWouldFit(line, previous.x - layout.left);
  // The previous line ended short although the next line's first word would have fitted on it.
  return nextWordWouldFit(previous, line, layout.right);
}

/** Whether a line ends at the measure's right edge and starts well in from its left: set flush right. */
function isFlushRight(line: PdfLine, layout: Layout): boolean {
  return Math.abs(line.xEnd - layout.right) < line.size * 0.5 && line.x - layout.left > line.size * 2;
}

/** Whether a line is set in the middle of the measure, well in from its left edge: centred, not indented or flush left. */
function isCentred(line: PdfLine, layout: Layout): boolean {
  const isWellIn = line.x - layout.left > line.size * 2;
  return isWellIn && Math.abs((line.x + line.xEnd) / 2 - (layout.left + layout.right) / 2) < line.size;
}

/**
 * A list item's marker at a line's start: a bullet, "1." "2)" "(iv)" "b." "[3]", then a space. Not
 * a dash, a capital or a year: a sentence wrapped at "– and", "J. Smith" or "1984." is no item.
 */
const LIST_MARKER = /^(?:[•◦▪▫‣∙●○■□*]|\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)]|\[\d{1,3}\])\s/u;

/**
 * Footnotes: lines set smaller than the body at the foot of a column — below its last line of body
 * text by more than the leading (from text to notes) and a quarter, running down to the end of the page or to the top of the next
 * column. A paragraph that runs on over a page or a column break ran into them and was cut in two
 * (found with groff's footnotes): they are taken out of the flow, each group by its first line.
 * A caption under a figure in mid-column has body text below it, so it stays where it is.
 */
function footnotesOf(pages: PdfLine[][], bodySize: number, lineGap: number): Map<PdfLine, PdfLine[]> {
  const notes = new Map<PdfLine, PdfLine[]>();
  const isSmall = (line: PdfLine) => line.size <= bodySize * 0.9;
  const isBody = (line: PdfLine) => Math.abs(line.size - bodySize) <= bodySize * 0.15;
  for (const lines of pages) {
    for (let start = 1; start < lines.length; start++) {
      const above = lines[start - 1];
      // Set apart by more than the leading and a quarter: less than a paragraph's gap, as the change
      // to smaller type sets them apart too (LaTeX's notes sit 1.38 leadings below the text). The
      // leading from a line of text to a line of notes is half the text's and half the notes' own:
      // 14-point text's notes, in 9 points, sit 1.19 of its leadings below it (one was read as
      // text, mid-sentence, found by an independent check).
      const leadingToNote = (lineGap + lines[start].size * SINGLE_SPACING) / 2;
      if (!isSmall(lines[start]) || !isBody(above) || above.y - lines[start].y <= leadingToNote * 1.25) continue;
      let end = start + 1;
      while (end < lines.length && isSmall(lines[end]) && lines[end].y < lines[end - 1].y) end++;
      if (end < lines.length && lines[end].y <= lines[start].y) continue;
      const group = lines.slice(start, end);
      for (const line of group) notes.set(line, group);
      start = end - 1;
    }
  }
  return notes;
}

/** The edges of a run of text set to a measure of its own: a column, a narrow passage, an indented quotation. */
type Measure = { left: number; right: number };

/**
 * The measure each line is set to, where its own lines show one. Whether a line "ended short"
 * depends on the width its text was set to: measured against the page's, every line of a column of
 * a two-column paper, of a quotation indented from both sides, of a paragraph set narrow, ended
 * short, and each became a paragraph of its own (found by an exploratory tester). A page's lines
 * are taken in order into runs — each line just below the one before, at no more than the leading
 * and a half, overlapping it across the page and set in the same size — as pdftotext groups lines
 * into blocks. A run of three lines and more is set to a measure as prose is: its right edge is
 * its longest line's, and at most of its line breaks the next word would not have fitted before it
 * (that is how prose is broken into lines; a paragraph's end is the exception), and most of its
 * lines end mid-phrase; or, justified, a third of its lines end at its right edge. Its left edge is the one most of its lines start at (an indented first
 * line starts further in). A run broken anywhere (a poem's lines, an address, a list of short
 * points) has no measure of its own and is judged by the page's, as before.
 */
function measuresOf(lines: PdfLine[], lineGap: number): Map<PdfLine, Measure> {
  const measures = new Map<PdfLine, Measure>();
  let run: PdfLine[] = [];
  const close = () => {
    const measure = run.length >= 3 ? measureOf(run) : null;
    if (measure) for (const member of run) measures.set(member, measure);
    run = [];
  };
  for (const line of lines) {
    const last = run.at(-1);
    const isBelow = last !== undefined && last.y > line.y && last.y - line.y <= lineGap * 1.5;
    const overlaps = last !== undefined && Math.min(last.xEnd, line.xEnd) > Math.max(last.x, line.x);
    const isSameSize = last !== undefined && Math.abs(last.size - line.size) <= Math.max(last.size, line.size) * 0.15;
    if (!(isBelow && overlaps && isSameSize)) close();
    run.push(line);
  }
  close();
  return measures;
}

/**
 * Punctuation a line of verse, or a list's item, usually ends with; prose's lines mostly end
 * mid-phrase. Dashes too: Dickinson's end her lines as commas do (a web page's stanzas of hers,
 * printed, read as prose broken to the longest line's measure, two lines run into one).
 */
const PHRASE_END = /[.,;:!?…)\]"'”’»–—]$/u;

function measureOf(run: PdfLine[]): Measure | null {
  const right = Math.max(...run.map((line) => line.xEnd));
  const breaks = run.slice(1).map((line, index) => ({ previous: run[index], line }));
  const brokenAsProse = breaks.filter(({ previous, line }) => !nextWordWouldFit(previous, line, right)).length;
  const endingPhrases = breaks.filter(({ previous }) => PHRASE_END.test(previous.text.trimEnd())).length;
  // Justified text: lines ending at the same point to a fraction of a point, which a poem's lines,
  // set to no measure, do not — however many short paragraphs (footnotes, a list's items) it holds.
  const justified = run.filter((line) => right - line.xEnd <= 0.5).length;
  const isProse = brokenAsProse * 3 >= breaks.length * 2 && endingPhrases * 2 <= breaks.length;
  if (!isProse && justified < Math.max(2, Math.ceil(run.length / 3))) return null;
  return { left: mode(run.map((line) => Math.round(line.x))) ?? run[0].x, right };
}

/** Whether `line`'s first word would have fitted at the end of `previous`, in a measure ending at `right`. */
function nextWordWouldFit(previous: PdfLine, line: PdfLine, right: number): boolean {
  return wordWouldFit(line, right - previous.xEnd);
}

/** Whether `line`'s (or a cell's) first word, and a space, would have fitted in `room` points. */
function wordWouldFit(line: Pick<PdfLine, "text" | "x" | "xEnd" | "size">, room: number): boolean {
  const averageCharWidth = (line.xEnd - line.x) / Math.max(1, line.text.length);
  const firstWord = line.text.split(" ")[0];
  return room > (firstWord.length + 1) * averageCharWidth + line.size * 0.5;
}

/**
 * Running heads and feet, dropped; everything else kept. A PDF does not mark them, so they are
 * judged by what makes them furniture in print, precisely enough that a chapter heading at the top
 * of a page, or a body line that happens to start with a word and a number ("Alpha 1. The policy
 * question…"), is never taken for one (a greedy rule — any edge line whose digit-masked text recurs
 * on a third of the pages — dropped every "Chapter 1/2/3" and the first body line under it, found
 * by an exploratory tester). A line is furniture when all of these hold:
 *
 * - It is at a page's top or bottom edge and set apart from the body text, by more than the
 *   leading or by a change of type size: a line at the normal leading from a line of its own size
 *   runs on with the paragraph, whatever its text.
 * - It is not set larger than the body: a larger line at a page's top is a heading.
 * - It is a page number ("12", "- 4 -", "Page 3 of 12", "xiv"); or it sits in a slot (the same
 *   edge, type size and height on the page, within a point or two) that holds such a line on a
 *   clear majority of the pages with text, or of the left or the right pages (heads alternate
 *   between them), and its own text recurs in that slot: the same text on another page (a book's
 *   title, a chapter's title, a footer with a date), or the same text but for a number that counts
 *   up with the pages ("Chapter 3 · 41", "Chapter 3 · 42"). "Week 1", "Week 2" headings differ in
 *   a number that counts up once per chapter, not once per page: kept.
 */
function dropRunningHeadsAndFeet(pages: PdfLine[][]): PdfLine[][] {
  const all = pages.flat();
  if (all.length === 0) return pages;
  const bodySize = bodySizeOf(pages);
  const pageRows = pages.map((lines) => rows(lines, bodySize));
  const leading = median(
    pageRows.flatMap((byHeight) =>
      byHeight
        .slice(1)
        .map((row, index) => byHeight[index].y - row.y)
        .filter((gap) => gap > 0 && gap < bodySize * 3),
    ),
  );
  // More than a leading and a quarter: a double-spaced paper's head sits 1.33 leadings above its
  // text (1.4 let it into the text, mid-sentence, found by an independent check); a line at the
  // leading runs on, and what is dropped must still recur (below).
  const apart = (leading > 0 ? leading : bodySize * 1.2) * 1.25;

  // The candidates: lines in the rows set apart at each page's top and bottom, not set larger than the body.
  type Candidate = { line: PdfLine; page: number; edge: "top" | "bottom"; slot: string };
  const candidates: Candidate[] = [];
  const seen = new Set<PdfLine>();
  pageRows.forEach((byHeight, page) => {
    const edge = (ordered: Row[], name: Candidate["edge"]) => {
      // The deepest of the first EDGE_LINES rows that has a wide gap after it: it and the rows before it are apart from the body.
      let depth = 0;
      for (let index = 0; index < Math.min(EDGE_LINES, ordered.length); index++) {
        const next = ordered[index + 1];
        if (next === undefined || Math.abs(ordered[index].y - next.y) > apart || !sameSize(ordered[index], next)) depth = index + 1;
      }
      for (const row of ordered.slice(0, depth))
        for (const line of row.lines)
          if (line.size <= bodySize * 1.15 && !seen.has(line)) {
            seen.add(line);
            candidates.push({ line, page, edge: name, slot: "" });
          }
    };
    edge(byHeight, "top");
    edge([...byHeight].reverse(), "bottom");
  });

  // Slots: the same edge and type size, and a height within a point or two of the slot's first line.
  const groups = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const key = `${candidate.edge}|${Math.round(candidate.line.size * 2) / 2}`;
    const members = groups.get(key);
    if (members) members.push(candidate);
    else groups.set(key, [candidate]);
  }
  for (const [key, members] of groups) {
    members.sort((a, b) => a.line.y - b.line.y);
    let slotStart = Number.NEGATIVE_INFINITY;
    for (const member of members) {
      if (member.line.y - slotStart > Math.max(2, member.line.size * 0.25)) slotStart = member.line.y;
      member.slot = `${key}|${slotStart}`;
    }
  }

  const pagesWithText = pages.map((lines) => lines.length > 0);
  const textPages = [0, 1].map((parity) => pagesWithText.filter((has, index) => has && index % 2 === parity).length);
  const slotPages = new Map<string, Set<number>>();
  const textPagesBy = new Map<string, Set<number>>();
  const note = (map: Map<string, Set<number>>, key: string, page: number) => map.set(key, (map.get(key) ?? new Set()).add(page));
  const textKeys = (candidate: Candidate) => {
    const text = candidate.line.text.toLowerCase().replace(/\s+/g, " ");
    const masked = text.replace(/\d+/g, "#");
    // The text itself, and for each number in it, the text with that number's distance from the page index.
    return [
      `=${text}`,
      ...[...text.matchAll(/\d+/g)].map((match, index) => `#${masked}|${index}|${Number(match[0]) - candidate.page}`),
    ].map((key) => `${candidate.slot}|${key}`);
  };
  for (const candidate of candidates) {
    note(slotPages, candidate.slot, candidate.page);
    for (const key of textKeys(candidate)) note(textPagesBy, key, candidate.page);
  }
  const isRecurringSlot = (slot: string) => {
    const onPages = [...(slotPages.get(slot) ?? [])];
    if (onPages.length < 2) return false;
    const byParity = [0, 1].map((parity) => onPages.filter((page) => page % 2 === parity).length);
    return (
      onPages.length > (textPages[0] + textPages[1]) / 2 || byParity.some((count, parity) => count >= 2 && count > textPages[parity] / 2)
    );
  };
  const isFolioHead = folioHeads(candidates, all, bodySize);
  const furniture = new Set(
    candidates
      .filter(
        (candidate) =>
          PAGE_NUMBER.test(candidate.line.text) ||
          (isRecurringSlot(candidate.slot) &&
            (isFolioHead(candidate) || textKeys(candidate).some((key) => (textPagesBy.get(key)?.size ?? 0) >= 2))),
      )
      .map((candidate) => candidate.line),
  );
  return pages.map((lines) => lines.filter((line) => !furniture.has(line)));
}

/** A line and the index of its page. */
type LineOnPage = { line: PdfLine; page: number };

/** A number at a line's start or end, a word of its own: the folio of "10 CHAPTER 2. THE POOR LAW", "1.1. ENCLOSURE 3". */
const NUMBER_AT_AN_END = /^(\d{1,5})\s|\s(\d{1,5})$/g;

/**
 * Running heads whose words change with nearly every page (a book's section titles), known by their
 * page number instead: a number at one end of the line that is the page's own, as the document's
 * other folios count it (the page's index plus the same offset as on at least one other page), with the
 * head spread across the measure — its words at one edge, the number at the other, so the line is far
 * wider than its characters. A heading such as "Week 3" at the top of page 3 is no wider than its
 * words: kept. (A LaTeX book's heads, "1.1. PARLIAMENTARY ENCLOSURE 3", fell into sentences mid-way,
 * found by an independent check.)
 */
function folioHeads(candidates: LineOnPage[], lines: PdfLine[], bodySize: number): (candidate: LineOnPage) => boolean {
  const folioOffsets = (candidate: LineOnPage) =>
    [...candidate.line.text.matchAll(NUMBER_AT_AN_END)].map((match) => Number(match[1] ?? match[2]) - candidate.page);
  const pagesByOffset = new Map<number, Set<number>>();
  for (const candidate of candidates)
    for (const offset of folioOffsets(candidate)) pagesByOffset.set(offset, (pagesByOffset.get(offset) ?? new Set()).add(candidate.page));
  const bodyAdvance = median(
    lines
      .filter((line) => Math.abs(line.size - bodySize) <= bodySize * 0.15 && line.text.length >= 20)
      .map((line) => (line.xEnd - line.x) / line.text.length),
  );
  const isSpreadAcross = (line: PdfLine) => bodyAdvance > 0 && (line.xEnd - line.x) / line.text.length > bodyAdvance * 1.5;
  return (candidate) =>
    isSpreadAcross(candidate.line) && folioOffsets(candidate).some((offset) => (pagesByOffset.get(offset)?.size ?? 0) >= 2);
}

/** Lines sharing a baseline (within half the type size): a running head's title and its page number set apart. */
type Row = { y: number; lines: PdfLine[] };

/** Whether two rows are set in the same type size (within 15%): a change of size sets a smaller running head apart from the body even close above it. */
function sameSize(a: Row, b: Row): boolean {
  const size = (row: Row) => Math.max(...row.lines.map((line) => line.size));
  return Math.abs(size(a) - size(b)) <= Math.max(size(a), size(b)) * 0.15;
}

/** A page's lines as rows, from the top of the page down. */
function rows(lines: PdfLine[], bodySize: number): Row[] {
  const result: Row[] = [];
  for (const line of [...lines].sort((a, b) => b.y - a.y)) {
    const last = result.at(-1);
    if (last && last.y - line.y <= Math.min(line.size, bodySize) * 0.5) last.lines.push(line);
    else result.push({ y: line.y, lines: [line] });
  }
  return result;
}

function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}
