import { describe, expect, it } from "vitest";
import { paragraphAround, wordsBetween, wordsCovering } from "./quote-words";

const TEXT =
  "First paragraph here.\n\nThe Taliban’s approach reflects “a deliberate policy choice,” not capacity — said (twice).\n\nLast one.";

describe("choosing a quote word by word", () => {
  it("finds the paragraph around a passage, and every paragraph a passage spans", () => {
    const at = TEXT.indexOf("deliberate");
    const paragraph = paragraphAround(TEXT, at, at + 10);
    expect(TEXT.slice(paragraph.start, paragraph.end)).toBe(
      "The Taliban’s approach reflects “a deliberate policy choice,” not capacity — said (twice).",
    );
    const spanning = paragraphAround(TEXT, TEXT.indexOf("here"), TEXT.indexOf("Taliban"));
    expect(TEXT.slice(spanning.start, spanning.end)).toBe(TEXT.slice(0, TEXT.indexOf("\n\nLast")));
    expect(paragraphAround(TEXT, 0, 5)).toEqual({ start: 0, end: TEXT.indexOf("\n\n") });
  });

  it("steps over words without the punctuation at their edges, keeping a dash as a word", () => {
    const paragraph = paragraphAround(TEXT, TEXT.indexOf("The"), TEXT.indexOf("The") + 3);
    const words = wordsBetween(TEXT, paragraph.start, paragraph.end).map((word) => word.word);
    expect(words).toEqual([
      "The",
      "Taliban’s",
      "approach",
      "reflects",
      "a",
      "deliberate",
      "policy",
      "choice",
      "not",
      "capacity",
      "—",
      "said",
      "twice",
    ]);
  });

  it("steps over a word ending in 100,000 marks in one pass, and keeps a symbol outside the basic plane whole", () => {
    const text = `a word${"!".repeat(100_000)}x${"!".repeat(100_000)} 𝄞🎉 end`;
    expect(wordsBetween(text, 0, text.length).map((word) => word.word.length)).toEqual([1, 100_005, 4, 3]);
    const marked = "“quoted” 🎉word🎉";
    expect(wordsBetween(marked, 0, marked.length).map((word) => word.word)).toEqual(["quoted", "word"]);
  });

  it("starts from the words a selection reaches into, even mid-word", () => {
    const paragraph = paragraphAround(TEXT, TEXT.indexOf("The"), TEXT.indexOf("The") + 3);
    const words = wordsBetween(TEXT, paragraph.start, paragraph.end);
    const start = TEXT.indexOf("liberate");
    const { first, last } = wordsCovering(words, start, TEXT.indexOf("choice") + 2);
    expect([words[first].word, words[last].word]).toEqual(["deliberate", "choice"]);
  });
});
