import { describe, expect, it } from "vitest";
import { furthestWithinPace, READING_PACE_WORDS_PER_MINUTE, wordsBeforeEachParagraph } from "./pace";

describe("how far a reader can have got in the time they were active", () => {
  const paragraphs = ["One two three.", "", "  Four five\nsix seven  ", "Eight."];

  it("counts the words before each paragraph, blank ones and odd spacing included", () => {
    expect(wordsBeforeEachParagraph(paragraphs)).toEqual([0, 3, 3, 7]);
    expect(wordsBeforeEachParagraph([])).toEqual([]);
  });

  it("reaches a paragraph once everything before it could have been read at the pace", () => {
    const before = [0, 500, 1000, 1500];
    const secondsFor = (words: number) => (words / READING_PACE_WORDS_PER_MINUTE) * 60;
    expect(furthestWithinPace(before, 0)).toBe(0);
    expect(furthestWithinPace(before, secondsFor(499))).toBe(0);
    expect(furthestWithinPace(before, secondsFor(500))).toBe(1);
    expect(furthestWithinPace(before, secondsFor(1499))).toBe(2);
    expect(furthestWithinPace(before, secondsFor(1500))).toBe(3);
    expect(furthestWithinPace(before, 24 * 3600)).toBe(3);
    expect(furthestWithinPace(before, -5)).toBe(0);
    // A run of empty paragraphs is crossed at once.
    expect(furthestWithinPace(wordsBeforeEachParagraph(paragraphs), secondsFor(3))).toBe(2);
  });
});
