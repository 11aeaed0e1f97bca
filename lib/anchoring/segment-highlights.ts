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
  assertOrderedSpans(paragraphs);

  // Empty highlights cover nothing and would only add boundaries that cut nothing.
  const byStart = highlights
    .map((highlight, inputIndex) => ({ ...highlight, inputIndex }))
    .filter((highlight) => highlight.start < highlight.end)
    .sort((a, b) => a.start - b.start || compareIds(a.id, b.id) || a.inputIndex - b.inputIndex);
  const byEnd = byStart.map((_, rank) => rank).sort((a, b) => byStart[a].end - byStart[b].end);

  // Highlights open in (start, id) order, so a Set's insertion order already is the order each
  // segment lists them in, and closing one is O(1) wherever it sits.
  const open = new Set<number>();
  let nextToOpen = 0;
  let nextToClose = 0;
  const advanceTo = (position: number) => {
    // Open before closing: a highlight lying wholly between two paragraphs opens and closes here.
    while (nextToOpen < byStart.length && byStart[nextToOpen].start <= position) open.add(nextToOpen++);
    while (nextToClose < byEnd.length && byStart[byEnd[nextToClose]].end <= position) open.delete(byEnd[nextToClose++]);
  };
  const nextBoundaryBefore = (limit: number) =>
    Math.min(limit, byStart[nextToOpen]?.start ?? limit, byStart[byEnd[nextToClose]]?.end ?? limit);

  return paragraphs.map((paragraph) => {
    const segments: Segment[] = [];
    let position = paragraph.start;
    advanceTo(position);
    while (position < paragraph.end) {
      const boundary = nextBoundaryBefore(paragraph.end);
      segments.push({ start: position, end: boundary, ids: Array.from(open, (rank) => byStart[rank].id) });
      position = boundary;
      advanceTo(position);
    }
    return segments;
  });
}

/**
 * What painting a run needs, without listing the highlights covering it: the top one (the
 * latest-starting, shown on top; -1 for uncovered text), how many cover it, and whether any of
 * them is `isMine`. Indexes are into the `highlights` given.
 */
export type PaintRun = { start: number; end: number; top: number; depth: number; isAnyMine: boolean };

/**
 * `segmentParagraphs` as painting needs it (components/reader/article-body.tsx): the same runs,
 * each with its top highlight, depth and ownership instead of the list of every highlight covering
 * it. Ten thousand overlapping annotations cover a run ~50 deep on average, so the lists cost a
 * million array slots per paint; this is O(n log n + p + k) with no per-run lists. Which highlights
 * cover a run, when asked (a click), follows from their ranges: a run is covered exactly by those
 * with start ≤ run.start and run.end ≤ end.
 */
export function paintRuns(paragraphs: readonly Span[], highlights: readonly (Highlight & { isMine?: boolean })[]): PaintRun[][] {
  assertOrderedSpans(paragraphs);
  const byStart = highlights
    .map((highlight, inputIndex) => ({
      start: highlight.start,
      end: highlight.end,
      id: highlight.id,
      isMine: highlight.isMine === true,
      inputIndex,
    }))
    .filter((highlight) => highlight.start < highlight.end)
    .sort((a, b) => a.start - b.start || compareIds(a.id, b.id) || a.inputIndex - b.inputIndex);
  const byEnd = byStart.map((_, rank) => rank).sort((a, b) => byStart[a].end - byStart[b].end);

  // Open highlights by rank, in opening (= rank) order: the top is the last one still open, so
  // closed ones are dropped from the end lazily (each rank is pushed and dropped once).
  const stack: number[] = [];
  const isOpen = new Uint8Array(byStart.length);
  let openCount = 0;
  let openMine = 0;
  let nextToOpen = 0;
  let nextToClose = 0;
  const advanceTo = (position: number) => {
    while (nextToOpen < byStart.length && byStart[nextToOpen].start <= position) {
      isOpen[nextToOpen] = 1;
      openCount += 1;
      if (byStart[nextToOpen].isMine) openMine += 1;
      stack.push(nextToOpen++);
    }
    while (nextToClose < byEnd.length && byStart[byEnd[nextToClose]].end <= position) {
      const rank = byEnd[nextToClose++];
      isOpen[rank] = 0;
      openCount -= 1;
      if (byStart[rank].isMine) openMine -= 1;
    }
    while (stack.length > 0 && isOpen[stack[stack.length - 1]] === 0) stack.pop();
  };
  const nextBoundaryBefore = (limit: number) =>
    Math.min(limit, byStart[nextToOpen]?.start ?? limit, byStart[byEnd[nextToClose]]?.end ?? limit);

  return paragraphs.map((paragraph) => {
    const runs: PaintRun[] = [];
    let position = paragraph.start;
    advanceTo(position);
    while (position < paragraph.end) {
      const boundary = nextBoundaryBefore(paragraph.end);
      const top = stack.length > 0 ? byStart[stack[stack.length - 1]].inputIndex : -1;
      runs.push({ start: position, end: boundary, top, depth: openCount, isAnyMine: openMine > 0 });
      position = boundary;
      advanceTo(position);
    }
    return runs;
  });
}

/** Code-unit order rather than localeCompare: the same on every server and browser. */
function compareIds(a: string, b: string): number {
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
