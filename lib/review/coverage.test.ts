import { describe, expect, it } from "vitest";
import { joinParagraphs, paragraphRanges } from "@/lib/documents/canonical-text";
import { countWords, coverageLabel, engagedParagraphs } from "./coverage";

// Paragraphs at [0,5) "Alpha", [7,11) "Beta", [13,18) "Gamma", [20,25) "Delta".
const paragraphs = paragraphRanges(joinParagraphs(["Alpha", "Beta", "Gamma", "Delta"]));

describe("engagedParagraphs", () => {
  it("counts a span inside one paragraph once, however many spans land there", () => {
    expect(
      engagedParagraphs(paragraphs, [
        { start: 1, end: 3 },
        { start: 0, end: 5 },
      ]),
    ).toEqual([0]);
  });

  it("engages every paragraph a span overlaps, across the blank lines", () => {
    expect(engagedParagraphs(paragraphs, [{ start: 3, end: 14 }])).toEqual([0, 1, 2]);
  });

  it("treats end as exclusive and ignores spans wholly inside a separator", () => {
    expect(engagedParagraphs(paragraphs, [{ start: 5, end: 7 }])).toEqual([]);
    expect(engagedParagraphs(paragraphs, [{ start: 11, end: 14 }])).toEqual([2]);
    expect(engagedParagraphs(paragraphs, [{ start: 4, end: 5 }])).toEqual([0]);
  });

  it("returns ascending indexes whatever the order of the spans", () => {
    expect(
      engagedParagraphs(paragraphs, [
        { start: 21, end: 22 },
        { start: 8, end: 9 },
      ]),
    ).toEqual([1, 3]);
  });

  it("engages nothing without spans or paragraphs", () => {
    expect(engagedParagraphs(paragraphs, [])).toEqual([]);
    expect(engagedParagraphs([], [{ start: 0, end: 3 }])).toEqual([]);
  });
});

describe("coverageLabel", () => {
  it("numbers paragraphs from 1", () => {
    expect(coverageLabel([2, 4, 8], 15)).toBe("Paragraphs engaged: 3, 5, 9 of 15");
    expect(coverageLabel([], 15)).toBe("Paragraphs engaged: none of 15");
  });
});

describe("countWords", () => {
  it("counts runs of letters or digits, not Markdown punctuation", () => {
    expect(countWords("  Two words\n\n- and **three** more, 42 ")).toBe(6);
    expect(countWords("")).toBe(0);
    expect(countWords("— * -")).toBe(0);
  });
});
