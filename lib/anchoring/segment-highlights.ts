/**
 * Cuts text into runs that each carry one set of highlights, so that overlapping annotations can
 * be painted as flat, non-nested spans: wherever any highlight starts or ends, a new run begins.
 */

export type Highlight = { id: string; start: number; end: number };

/** `ids`: the highlights covering the whole segment, ordered by highlight start, then by id. */
export type Segment = { start: number; end: number; ids: string[] };

type Span = { start: number; end: number };

/**
 * Splits [rangeStart, rangeEnd) at every highlight boundary inside it. The segments tile the range
 * exactly, uncovered text included (with no ids); highlights reaching outside it are clipped.
 */
export function segmentRange(rangeStart: number, rangeEnd: number, highlights: readonly Highlight[]): Segment[] {
  return segmentParagraphs([{ start: rangeStart, end: rangeEnd }], highlights)[0];
}

/**
 * `segmentRange` for every paragraph at once, in one sweep: the highlights are sorted once rather
 * than once per paragraph, which matters when a page paints a thousand annotations. A highlight
 * spanning several paragraphs appears in the segments of each. Paragraphs must be in document
 * order and must not overlap (as `paragraphRanges` returns them).
 *
 * O(n log n + p + k + output) for n highlights, p paragraphs and k boundaries: each segment costs
 * only the ids it lists, never a pass over all highlights.
 */
export function segmentParagraphs(paragraphs: readonly Span[], highlights: readonly Highlight[]): Segment[][] {
  // Highlights open in (start, id) order, so a Set's insertion order already is the order each
  // segment lists them in, and closing one is O(1) wherever it sits.
  const open = new Set<number>();
  return sweepRuns(paragraphs, highlights, {
    open: (rank) => open.add(rank),
    close: (rank) => open.delete(rank),
    run: (start, end, byRank) => ({ start, end, ids: Array.from(open, (rank) => highlights[byRank[rank]].id) }),
  });
}

/**
 * What painting a run needs, without listing the highlights covering it: the top one (the
 * latest-starting, shown on top; -1 for uncovered text), how many cover it, and the top one of
 * those that are `isMine` (-1 for none: a crowd shows the reader's own on top of everyone's).
 * Indexes are into the `highlights` given.
 */
export type PaintRun = { start: number; end: number; top: number; depth: number; topMine: number };

/**
 * `segmentParagraphs` as painting needs it (components/reader/article-body.tsx): the same runs,
 * each with its top highlight, depth and ownership instead of the list of every highlight covering
 * it. Ten thousand overlapping annotations cover a run ~50 deep on average, so the lists cost a
 * million array slots per paint; this is O(n log n + p + k) with no per-run lists. Which highlights
 * cover a run, when asked (a click), follows from their ranges: a run is covered exactly by those
 * with start ≤ run.start and run.end ≤ end.
 */
export function paintRuns(paragraphs: readonly Span[], highlights: readonly (Highlight & { isMine?: boolean })[]): PaintRun[][] {
  // Open highlights by rank, in opening (= rank) order: the top is the last one still open, so
  // closed ones are dropped from the end lazily (each rank is pushed and dropped once). The
  // reader's own have a stack of their own, kept the same way.
  const stack: number[] = [];
  const mine: number[] = [];
  const isOpen = new Uint8Array(highlights.length);
  let openCount = 0;
  const dropClosed = (ranks: number[]) => {
    while (ranks.length > 0 && isOpen[ranks[ranks.length - 1]] === 0) ranks.pop();
  };
  return sweepRuns(paragraphs, highlights, {
    open: (rank, highlight) => {
      isOpen[rank] = 1;
      openCount += 1;
      stack.push(rank);
      if (highlight.isMine === true) mine.push(rank);
    },
    close: (rank) => {
      isOpen[rank] = 0;
      openCount -= 1;
      dropClosed(stack);
      dropClosed(mine);
    },
    run: (start, end, byRank) => ({
      start,
      end,
      top: stack.length > 0 ? byRank[stack[stack.length - 1]] : -1,
      depth: openCount,
      topMine: mine.length > 0 ? byRank[mine[mine.length - 1]] : -1,
    }),
  });
}

/**
 * The one sweep behind segmentParagraphs and paintRuns: highlights sorted once by (start, id,
 * input order) — their rank — and walked with the paragraphs, telling `tracker` each highlight
 * that opens or closes (by rank) and asking it for each run between two boundaries, with
 * `byRank` (rank → index in `highlights`). Indexes are sorted, not copies of the highlights:
 * copying 10,000 of them cost more than the whole sweep.
 * Paragraphs must be in document order and must not overlap (as `paragraphRanges` returns them).
 */
function sweepRuns<H extends Highlight, R>(
  paragraphs: readonly Span[],
  highlights: readonly H[],
  tracker: {
    open: (rank: number, highlight: H) => void;
    close: (rank: number, highlight: H) => void;
    run: (start: number, end: number, byRank: readonly number[]) => R;
  },
): R[][] {
  assertOrderedSpans(paragraphs);
  // Empty highlights cover nothing and would only add boundaries that cut nothing.
  const byRank: number[] = [];
  for (let index = 0; index < highlights.length; index += 1) if (highlights[index].start < highlights[index].end) byRank.push(index);
  byRank.sort((a, b) => highlights[a].start - highlights[b].start || compareIds(highlights[a].id, highlights[b].id) || a - b);
  const byStart = byRank.map((index) => highlights[index]);
  const byEnd = byStart.map((_, rank) => rank).sort((a, b) => byStart[a].end - byStart[b].end);
  let nextToOpen = 0;
  let nextToClose = 0;
  const advanceTo = (position: number) => {
    // Open before closing: a highlight lying wholly between two paragraphs opens and closes here.
    while (nextToOpen < byStart.length && byStart[nextToOpen].start <= position) {
      tracker.open(nextToOpen, byStart[nextToOpen]);
      nextToOpen += 1;
    }
    while (nextToClose < byEnd.length && byStart[byEnd[nextToClose]].end <= position) {
      const rank = byEnd[nextToClose++];
      tracker.close(rank, byStart[rank]);
    }
  };
  const nextBoundaryBefore = (limit: number) =>
    Math.min(limit, byStart[nextToOpen]?.start ?? limit, byStart[byEnd[nextToClose]]?.end ?? limit);

  return paragraphs.map((paragraph) => {
    const runs: R[] = [];
    let position = paragraph.start;
    advanceTo(position);
    while (position < paragraph.end) {
      const boundary = nextBoundaryBefore(paragraph.end);
      runs.push(tracker.run(position, boundary, byRank));
      position = boundary;
      advanceTo(position);
    }
    return runs;
  });
}

/** Code-unit order rather than localeCompare: the same on every server and browser. */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function assertOrderedSpans(spans: readonly Span[]): void {
  let previousEnd = -Infinity;
  for (const { start, end } of spans) {
    if (!(start <= end)) throw new RangeError(`The range ${start}–${end} is reversed.`);
    if (start < previousEnd) {
      throw new RangeError(`The range ${start}–${end} overlaps or comes before the one ending at ${previousEnd}.`);
    }
    previousEnd = end;
  }
}
