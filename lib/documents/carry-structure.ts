import { mapOldToNew } from "@/lib/anchoring/text-diff";
import { blockRuns, type ListNode } from "./block-runs";
import { paragraphRanges, type ParagraphRange } from "./canonical-text";
import type { BlockStyle, InlineMark, TextStructure } from "./structure";

/**
 * The structure of a corrected text, carried over from the version it corrects. The in-app editor
 * edits plain text (paragraphs separated by a blank line), so a correction alone would read as
 * plain paragraphs and lose the headings, lists, quotes and emphasis the source had. Instead the
 * same word-level diff that re-anchors annotations (lib/anchoring/text-diff.ts) says where each
 * old character went, and the structure follows the characters:
 *
 * - a new paragraph is what the old paragraph most of its surviving characters came from was (a
 *   heading stays a heading, both halves of a split list item are list items); a paragraph made
 *   only of new words takes the style of the old paragraph it replaces in place, if one does,
 *   else it is a plain paragraph;
 * - a mark spans from the first to the last of its surviving characters, so a word corrected inside
 *   an emphasised phrase stays emphasised; a mark whose words are all gone is dropped, and one
 *   whose survivors now lie in two paragraphs keeps the part in the paragraph where it starts;
 * - a numbered item keeps its number: where a paragraph put into a numbered list (or one taken out
 *   between two lists) leaves the items after it in a list of their own, that list starts at the
 *   number its first item had, not at 1; an item taken out of a list still counts the rest anew;
 * - page and section starts move to where their first surviving word went (the text's start stays).
 *
 * Null when there is nothing to carry, or when the versions differ too much for the diff (a new
 * edition, not a correction: it brings its own structure or none).
 */
export function carryStructure(oldText: string, oldStructure: TextStructure | null, newText: string): TextStructure | null {
  if (!oldStructure) return null;
  const map = mapOldToNew(oldText, newText);
  if (!map) return null;
  const oldParagraphs = paragraphRanges(oldText);
  const newParagraphs = paragraphRanges(newText);
  const paragraphAt = paragraphIndexer(newParagraphs);

  // Per new paragraph: how many surviving characters each old paragraph gave it.
  const votes = newParagraphs.map(() => new Map<number, number>());
  for (const old of oldParagraphs) {
    for (let offset = old.start; offset < old.end; offset++) {
      // Words vote, spaces do not: a space survives between any two words, whatever they were.
      if (map[offset] < 0 || /\s/.test(oldText[offset])) continue;
      const target = paragraphAt(map[offset]);
      if (target >= 0) votes[target].set(old.index, (votes[target].get(old.index) ?? 0) + 1);
    }
  }
  const sources = votes.map((counts) => {
    let best = -1;
    let most = 0;
    for (const [source, count] of counts) if (count > most) [best, most] = [source, count];
    return best;
  });
  // Paragraphs rewritten whole, in place: a run of new paragraphs with no surviving words between
  // two that came from old paragraphs p and n takes the styles of the old paragraphs between p and
  // n, one for one, when there are as many ("Spring" retitled "Springtime" is still the heading).
  for (let first = 0; first < sources.length; first++) {
    if (sources[first] >= 0) continue;
    let last = first;
    while (last + 1 < sources.length && sources[last + 1] < 0) last++;
    const before = first > 0 ? sources[first - 1] : -1;
    const after = last + 1 < sources.length ? sources[last + 1] : oldParagraphs.length;
    if (after - before - 1 === last - first + 1)
      for (let index = first; index <= last; index++) sources[index] = before + 1 + index - first;
    first = last;
  }
  const carried: (BlockStyle | null)[] = sources.map((source) => (source >= 0 ? (oldStructure.blocks[source] ?? null) : null));
  const blocks = withListNumbers(carried, sources, numberedItems(oldParagraphs, oldStructure.blocks), newParagraphs);

  const marks: InlineMark[] = [];
  for (const mark of oldStructure.marks) {
    const survivors: number[] = [];
    for (let offset = mark.start; offset < mark.end; offset++) if (map[offset] >= 0) survivors.push(map[offset]);
    if (survivors.length === 0) continue;
    let start = survivors[0];
    const paragraph = newParagraphs[paragraphAt(start)];
    let end = Math.min(survivors[survivors.length - 1] + 1, paragraph.end);
    // A space that survived beside deleted words is not the mark's: it keeps the ends it had.
    if (!/\s/.test(oldText[mark.start])) while (start < end && /\s/.test(newText[start])) start++;
    if (!/\s/.test(oldText[mark.end - 1])) while (end > start && /\s/.test(newText[end - 1])) end--;
    if (end > start) marks.push({ ...mark, start, end });
  }
  marks.sort((a, b) => a.start - b.start || b.end - a.end);

  const movedStart = (start: number) => {
    if (start === 0) return 0;
    for (let offset = start; offset < map.length; offset++) if (map[offset] >= 0 && !/\s/.test(oldText[offset])) return map[offset];
    return newText.length;
  };
  const pages = oldStructure.pages.map((page) => ({ ...page, start: movedStart(page.start) }));
  const sections = oldStructure.sections.map((section) => ({ ...section, start: movedStart(section.start) }));

  const isPlain = blocks.every((style) => style === null) && marks.length === 0 && pages.length === 0 && sections.length === 0;
  return isPlain ? null : { blocks, marks, pages, sections };
}

/** Each numbered list item's number and the list it is in, as the page renders them (blockRuns). */
function numberedItems(
  paragraphs: readonly ParagraphRange[],
  blocks: (BlockStyle | null)[],
): Map<number, { number: number; list: ListNode }> {
  const items = new Map<number, { number: number; list: ListNode }>();
  const visit = (list: ListNode) => {
    let number = list.start;
    for (const entry of list.entries) {
      if (typeof entry !== "number") visit(entry);
      else if (list.tag === "ol") items.set(entry, { number: number++, list });
    }
  };
  for (const run of blockRuns(paragraphs, { blocks, marks: [], pages: [], sections: [] })) if (run.kind === "list") visit(run.list);
  return items;
}

/**
 * The carried styles with each numbered list starting where its first item's number was. Without
 * the old `start`s, the lists are walked as the page groups them; an item that begins a list, or
 * follows an item from another old list, and would count otherwise, gets a `start` (which makes the
 * page begin a list there, in the same place among its siblings), and the items after it count on
 * from it — so an item taken out or split in two renumbers what follows, as any edited list does.
 * One walk: linear in the paragraphs, whatever the number of lists.
 */
function withListNumbers(
  carried: readonly (BlockStyle | null)[],
  sources: readonly number[],
  oldItems: ReturnType<typeof numberedItems>,
  newParagraphs: readonly ParagraphRange[],
): (BlockStyle | null)[] {
  const blocks = carried.map((style): BlockStyle | null => {
    if (!style?.ordered || style.start === undefined) return style;
    const { start: _start, ...rest } = style;
    return rest;
  });
  const renumber = (list: ListNode) => {
    let number = list.start;
    let previous: number | null = null;
    for (const entry of list.entries) {
      if (typeof entry !== "number") {
        renumber(entry);
        continue;
      }
      const old = list.tag === "ol" ? oldItems.get(sources[entry]) : undefined;
      if (old && old.number !== number && (previous === null || oldItems.get(sources[previous])?.list !== old.list)) {
        blocks[entry] = { ...blocks[entry]!, start: old.number };
        number = old.number;
      }
      number += 1;
      previous = entry;
    }
  };
  for (const run of blockRuns(newParagraphs, { blocks: [...blocks], marks: [], pages: [], sections: [] })) {
    if (run.kind === "list") renumber(run.list);
  }
  return blocks;
}

/** Which paragraph holds an offset (-1 for a separator), by binary search over the sorted ranges. */
function paragraphIndexer(paragraphs: ReturnType<typeof paragraphRanges>): (offset: number) => number {
  return (offset) => {
    let low = 0;
    let high = paragraphs.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (offset < paragraphs[middle].start) high = middle - 1;
      else if (offset >= paragraphs[middle].end) low = middle + 1;
      else return middle;
    }
    return -1;
  };
}
