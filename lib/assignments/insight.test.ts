import { describe, expect, it } from "vitest";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { coverageByAuthor, heatLevel, isQuestion, paragraphInsight, type InsightThread } from "./insight";

const TEXT = ["First paragraph here.", "Second one, the confusing one.", "Third and last."].join("\n\n");
const paragraphs = paragraphRanges(TEXT);
const at = (words: string) => [TEXT.indexOf(words), TEXT.indexOf(words) + words.length] as const;

let next = 0;
function thread(words: string | null, fields: Partial<InsightThread> = {}): InsightThread {
  const [start, end] = words ? at(words) : [null, null];
  return {
    id: `t${next++}`,
    start,
    end,
    author: { id: "ana", name: "Ana" },
    quote: words ?? "",
    color: "yellow",
    tags: [],
    replies: 0,
    ...fields,
  };
}

describe("paragraphInsight", () => {
  it("counts threads, questions (by colour or tag) and replies per paragraph, by hand", () => {
    const marker = { color: "purple", tag: "Question" };
    const rows = paragraphInsight(
      paragraphs,
      [
        thread("confusing", { color: "purple", replies: 2 }),
        thread("Second one", { tags: ["question"], replies: 1 }),
        thread("Second one", { color: "green" }),
        thread("here.\n\nSecond", { replies: 1 }), // spans the first two paragraphs
        thread(null, { replies: 5 }), // no place on this version: not on the map
      ],
      marker,
    );
    expect(rows.map(({ annotations, questions, replies }) => [annotations, questions, replies])).toEqual([
      [1, 0, 1],
      [4, 2, 4],
      [0, 0, 0],
    ]);
    // Activity (threads + replies) 2, 8, 0: quarters of the busiest 8.
    expect(rows.map((row) => row.heat)).toEqual([1, 4, 0]);
    expect(rows[1].threads.filter((listed) => listed.isQuestion)).toHaveLength(2);
    expect(rows[0].excerpt).toBe("First paragraph here.");
  });

  it("marks no question when the assignment names neither colour nor tag", () => {
    expect(isQuestion({ color: "purple", tags: ["question"] }, { color: null, tag: null })).toBe(false);
    expect(isQuestion({ color: "purple", tags: [] }, { color: "purple", tag: null })).toBe(true);
    expect(isQuestion({ color: "yellow", tags: ["QUESTION"] }, { color: null, tag: "question" })).toBe(true);
  });

  it("grades heat by quarters of the busiest paragraph", () => {
    expect([0, 1, 2, 3, 4, 8].map((activity) => heatLevel(activity, 8))).toEqual([0, 1, 1, 2, 2, 4]);
    expect(heatLevel(0, 0)).toBe(0);
  });

  it("gives each author the paragraphs their threads touch", () => {
    const coverage = coverageByAuthor(paragraphs, [
      thread("Third"),
      thread("First", { author: { id: "ben", name: "Ben" } }),
      thread("Second one"),
      thread(null),
    ]);
    expect(coverage.get("ana")).toEqual([1, 2]);
    expect(coverage.get("ben")).toEqual([0]);
  });
});
