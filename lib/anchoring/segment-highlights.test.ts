import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { type Highlight, paintRuns, type Segment, segmentParagraphs, segmentRange } from "./segment-highlights";

const SEED_FILE = path.resolve(__dirname, "../../content/taliban-ttp-and-pakistan.txt");
const text = parsePlainTextArticle(readFileSync(SEED_FILE, "utf8")).text;

/** Segments as compact [start, end, ids] rows, for readable expectations. */
function rows(segments: Segment[]): [number, number, string][] {
  return segments.map(({ start, end, ids }) => [start, end, ids.join(",")]);
}

/** A small seeded generator (mulberry32), so that a failing case can be reproduced. */
function randomNumbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the segments must say, the slow way: which highlights cover each code unit. */
function idsCovering(position: number, highlights: readonly Highlight[]): string[] {
  const covering: number[] = [];
  for (const [inputIndex, { start, end }] of highlights.entries()) {
    if (start <= position && position < end) covering.push(inputIndex);
  }
  return covering
    .sort((a, b) => {
      const [first, second] = [highlights[a], highlights[b]];
      return first.start - second.start || (first.id < second.id ? -1 : first.id > second.id ? 1 : 0) || a - b;
    })
    .map((inputIndex) => highlights[inputIndex].id);
}

function expectSegmentsToTile(segments: Segment[], start: number, end: number, highlights: readonly Highlight[]) {
  let position = start;
  const idsPerUnit: string[][] = [];
  for (const [index, segment] of segments.entries()) {
    expect(segment.start).toBe(position);
    expect(segment.end).toBeGreaterThan(segment.start);
    // Maximal: a new segment starts only where the covering set changes.
    if (index > 0) expect(segment.ids).not.toEqual(segments[index - 1].ids);
    for (let unit = segment.start; unit < segment.end; unit += 1) idsPerUnit.push(segment.ids);
    position = segment.end;
  }
  expect(position).toBe(end);
  // One comparison for the whole range: an expect per code unit would take seconds.
  const expected = Array.from({ length: end - start }, (_, offset) => idsCovering(start + offset, highlights));
  expect(idsPerUnit).toEqual(expected);
}

describe("segmentRange", () => {
  it("is one uncovered segment when nothing is highlighted", () => {
    expect(rows(segmentRange(10, 20, []))).toEqual([[10, 20, ""]]);
  });

  it("splits at the edges of one highlight", () => {
    expect(rows(segmentRange(0, 10, [{ id: "a", start: 3, end: 6 }]))).toEqual([
      [0, 3, ""],
      [3, 6, "a"],
      [6, 10, ""],
    ]);
  });

  it("nests one highlight inside another", () => {
    const highlights = [
      { id: "inner", start: 4, end: 6 },
      { id: "outer", start: 2, end: 8 },
    ];
    expect(rows(segmentRange(0, 10, highlights))).toEqual([
      [0, 2, ""],
      [2, 4, "outer"],
      [4, 6, "outer,inner"],
      [6, 8, "outer"],
      [8, 10, ""],
    ]);
  });

  it("splits partially overlapping highlights into three runs", () => {
    const highlights = [
      { id: "b", start: 4, end: 9 },
      { id: "a", start: 1, end: 6 },
    ];
    expect(rows(segmentRange(0, 10, highlights))).toEqual([
      [0, 1, ""],
      [1, 4, "a"],
      [4, 6, "a,b"],
      [6, 9, "b"],
      [9, 10, ""],
    ]);
  });

  it("lists identical spans by id, and equal ids in the order given", () => {
    const highlights = [
      { id: "z", start: 2, end: 5 },
      { id: "m", start: 2, end: 5 },
      { id: "a", start: 2, end: 5 },
      { id: "m", start: 2, end: 5 },
    ];
    expect(rows(segmentRange(0, 7, highlights))).toEqual([
      [0, 2, ""],
      [2, 5, "a,m,m,z"],
      [5, 7, ""],
    ]);
  });

  it("keeps adjacent highlights in separate segments with no gap and no overlap", () => {
    const highlights = [
      { id: "second", start: 5, end: 10 },
      { id: "first", start: 0, end: 5 },
    ];
    expect(rows(segmentRange(0, 10, highlights))).toEqual([
      [0, 5, "first"],
      [5, 10, "second"],
    ]);
  });

  it("clips highlights that reach outside the range, and ignores those wholly outside", () => {
    const highlights = [
      { id: "before", start: 0, end: 5 },
      { id: "left", start: 5, end: 12 },
      { id: "around", start: 0, end: 100 },
      { id: "right", start: 18, end: 30 },
      { id: "after", start: 20, end: 30 },
    ];
    expect(rows(segmentRange(10, 20, highlights))).toEqual([
      [10, 12, "around,left"],
      [12, 18, "around"],
      [18, 20, "around,right"],
    ]);
  });

  it("ignores empty and reversed highlights, and returns nothing for an empty range", () => {
    const highlights = [
      { id: "empty", start: 3, end: 3 },
      { id: "reversed", start: 6, end: 2 },
    ];
    expect(rows(segmentRange(0, 10, highlights))).toEqual([[0, 10, ""]]);
    expect(segmentRange(4, 4, [{ id: "a", start: 0, end: 10 }])).toEqual([]);
    expect(() => segmentRange(5, 4, [])).toThrow(RangeError);
  });

  it("matches a brute-force count for random highlights", () => {
    const random = randomNumbers(20_240_601);
    const randomOffset = (limit: number) => Math.floor(random() * limit);
    for (let round = 0; round < 200; round += 1) {
      const length = 1 + randomOffset(60);
      const highlights = Array.from({ length: randomOffset(12) }, (_, index) => {
        // Reach a little past both ends so that clipping is exercised too.
        const start = randomOffset(length + 10) - 5;
        return { id: `h${randomOffset(6)}-${index}`, start, end: start + randomOffset(20) };
      });
      const rangeStart = randomOffset(length);
      const rangeEnd = rangeStart + randomOffset(length - rangeStart + 1);
      expectSegmentsToTile(segmentRange(rangeStart, rangeEnd, highlights), rangeStart, rangeEnd, highlights);
    }
  });
});

describe("segmentParagraphs", () => {
  const paragraphs = paragraphRanges(text);

  it("repeats a highlight spanning several paragraphs in each, and leaves the separators out", () => {
    const [first, second, third] = paragraphs;
    const spanning = { id: "spanning", start: first.end - 3, end: third.start + 4 };
    const [firstSegments, secondSegments, thirdSegments, fourthSegments] = segmentParagraphs(paragraphs, [spanning]);

    expect(rows(firstSegments)).toEqual([
      [first.start, first.end - 3, ""],
      [first.end - 3, first.end, "spanning"],
    ]);
    expect(text.slice(first.end - 3, first.end)).toBe("so?");
    expect(rows(secondSegments)).toEqual([[second.start, second.end, "spanning"]]);
    expect(rows(thirdSegments)).toEqual([
      [third.start, third.start + 4, "spanning"],
      [third.start + 4, third.end, ""],
    ]);
    expect(rows(fourthSegments)).toEqual([[paragraphs[3].start, paragraphs[3].end, ""]]);
  });

  it("agrees with segmentRange paragraph by paragraph", () => {
    const random = randomNumbers(7);
    const highlights = Array.from({ length: 300 }, (_, index) => {
      const start = Math.floor(random() * text.length);
      return { id: `note-${index}`, start, end: Math.min(text.length, start + 1 + Math.floor(random() * 900)) };
    });
    const all = segmentParagraphs(paragraphs, highlights);
    expect(all).toHaveLength(paragraphs.length);
    for (const [index, paragraph] of paragraphs.entries()) {
      expect(all[index]).toEqual(segmentRange(paragraph.start, paragraph.end, highlights));
    }
  });

  it("segments a thousand overlapping highlights over the whole article exactly", () => {
    const random = randomNumbers(1_000);
    const highlights = Array.from({ length: 1_000 }, (_, index) => {
      const start = Math.floor(random() * text.length);
      const end = Math.min(text.length, start + 1 + Math.floor(random() * 400));
      return { id: `note-${String(index).padStart(4, "0")}`, start, end };
    });
    const segmented = segmentParagraphs(paragraphs, highlights);
    // Every boundary splits at most one segment in two, so this bounds the work done.
    expect(segmented.flat().length).toBeLessThanOrEqual(paragraphs.length + 2 * highlights.length);
    for (const [index, paragraph] of paragraphs.entries()) {
      expectSegmentsToTile(segmented[index], paragraph.start, paragraph.end, highlights);
    }
  });

  it("handles paragraphs with nothing between them and an empty paragraph", () => {
    const touching = [
      { start: 0, end: 4 },
      { start: 4, end: 4 },
      { start: 4, end: 8 },
    ];
    const segmented = segmentParagraphs(touching, [{ id: "a", start: 2, end: 6 }]);
    expect(segmented.map(rows)).toEqual([
      [
        [0, 2, ""],
        [2, 4, "a"],
      ],
      [],
      [
        [4, 6, "a"],
        [6, 8, ""],
      ],
    ]);
  });

  it("refuses paragraphs out of order or overlapping, rather than miss highlights", () => {
    expect(() =>
      segmentParagraphs(
        [
          { start: 10, end: 20 },
          { start: 0, end: 5 },
        ],
        [],
      ),
    ).toThrow(RangeError);
    expect(() =>
      segmentParagraphs(
        [
          { start: 0, end: 10 },
          { start: 5, end: 15 },
        ],
        [],
      ),
    ).toThrow(/overlaps/);
  });
});

describe("paintRuns", () => {
  const paragraphs = paragraphRanges(text);

  it("says for each run what segmentParagraphs' lists imply: the top highlight, the depth and the top one of mine", () => {
    const random = randomNumbers(15);
    for (const count of [0, 1, 40, 2_000]) {
      const highlights = Array.from({ length: count }, (_, index) => {
        const start = Math.floor(random() * text.length) - 3;
        // Some empty or reversed, some crossing paragraphs, a few sharing an id's prefix and start.
        const end = start + Math.floor(random() * 300) - 2;
        return { id: `n${Math.floor(random() * count)}-${index}`, start, end, isMine: random() < 0.3 };
      });
      const indexById = new Map(highlights.map((highlight, index) => [highlight.id, index]));
      const expected = segmentParagraphs(paragraphs, highlights).map((segments) =>
        segments.map(({ start, end, ids }) => ({
          start,
          end,
          top: ids.length > 0 ? indexById.get(ids[ids.length - 1])! : -1,
          depth: ids.length,
          topMine: ids.map((id) => indexById.get(id)!).findLast((index) => highlights[index].isMine) ?? -1,
        })),
      );
      expect(paintRuns(paragraphs, highlights)).toEqual(expected);
    }
  });
});
