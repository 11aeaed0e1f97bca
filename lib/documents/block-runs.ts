import type { ParagraphRange } from "./canonical-text";
import type { BlockStyle, ListNumbering, TextStructure } from "./structure";

/** Paragraphs as they render together: alone, or a run making one list, table or description list. */
export type BlockRun =
  | { kind: "single"; first: number; last: number }
  | { kind: "list"; first: number; last: number; list: ListNode }
  | { kind: "table"; first: number; last: number }
  | { kind: "description-list"; first: number; last: number };

/**
 * A list as it renders: its items (paragraph indexes) and the lists nested in it, in order. A
 * nested list sits in an item of its own (`<li class="reader__nested">`, drawn without a marker or
 * a number), so a screen reader hears it inside the list it belongs to, and the items after it go
 * on counting in the same list.
 */
export type ListNode = {
  tag: "ul" | "ol";
  level: number;
  start: number;
  /** A numbered list counted in letters or Roman numerals (`<ol type>`); absent: 1, 2, 3. */
  numbering?: ListNumbering;
  first: number;
  entries: (number | ListNode)[];
};

/**
 * Paragraphs grouped as they render: consecutive list items one list, deeper items nested in it
 * (a different kind of list, or one the source numbers anew or counts otherwise, at the same depth starts another), a run
 * of table cells one table (until a cell goes back to an earlier row or column: a new table), a run
 * of terms and definitions one description list; anything else stands alone.
 */
export function blockRuns(paragraphs: readonly ParagraphRange[], structure: TextStructure | null | undefined): BlockRun[] {
  const runs: BlockRun[] = [];
  let lastCell: BlockStyle | null = null;
  // The lists open at the last list item, outermost first (empty outside a run of list items).
  let open: ListNode[] = [];
  // The run those lists render in.
  let listRun: Extract<BlockRun, { kind: "list" }> | null = null;
  for (const paragraph of paragraphs) {
    const style = structure?.blocks[paragraph.index] ?? null;
    const previous = runs[runs.length - 1];
    if (style?.kind !== "list-item") open = [];
    if (style?.kind === "list-item") {
      const tag = style.ordered ? "ol" : "ul";
      const level = style.level ?? 1;
      // A list the source numbers from elsewhere ("5. Fifth") starts there, and is a list of its own.
      const startsAt = style.ordered ? style.start : undefined;
      const numbering = style.ordered ? style.numbering : undefined;
      const list = (): ListNode => ({ tag, level, start: startsAt ?? 1, numbering, first: paragraph.index, entries: [] });
      while (open.length > 0 && open[open.length - 1].level > level) open.pop();
      const top = open[open.length - 1];
      if (top && top.level === level && (top.tag !== tag || top.numbering !== numbering || startsAt !== undefined)) open.pop();
      const parent = open[open.length - 1];
      if (!parent) {
        open = [list()];
        listRun = { kind: "list", first: paragraph.index, last: paragraph.index, list: open[0] };
        runs.push(listRun);
      } else if (parent.level < level) {
        const nested = list();
        parent.entries.push(nested);
        open.push(nested);
      }
      open[open.length - 1].entries.push(paragraph.index);
      listRun!.last = paragraph.index;
    } else if (style?.kind === "table-cell") {
      const [row, column] = [style.row ?? 0, style.column ?? 0];
      const continues =
        previous?.kind === "table" &&
        lastCell !== null &&
        (row > (lastCell.row ?? 0) || (row === lastCell.row && column >= (lastCell.column ?? 0)));
      if (continues) previous.last = paragraph.index;
      else runs.push({ kind: "table", first: paragraph.index, last: paragraph.index });
      lastCell = style;
    } else if (style?.kind === "term" || style?.kind === "definition") {
      if (previous?.kind === "description-list") previous.last = paragraph.index;
      else runs.push({ kind: "description-list", first: paragraph.index, last: paragraph.index });
    } else {
      runs.push({ kind: "single", first: paragraph.index, last: paragraph.index });
    }
  }
  return runs;
}
