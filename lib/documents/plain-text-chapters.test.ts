import { describe, expect, it } from "vitest";
import { convertPlainText, finishReading } from "./convert-reading";
import { findPlainTextChapters } from "./plain-text-chapters";

const sectionTitles = (blocks: string[]) => findPlainTextChapters(blocks)?.sections.map((section) => section.title) ?? null;

describe("a plain-text book's chapters", () => {
  it("are the paragraphs that are only a chapter's heading, in the ways books write them", () => {
    expect(
      sectionTitles([
        "CHAPTER I. Down the Rabbit-Hole",
        "Alice was beginning…",
        "CHAPTER II. The Pool of Tears",
        "Curiouser and curiouser!",
      ]),
    ).toEqual(["CHAPTER I. Down the Rabbit-Hole", "CHAPTER II. The Pool of Tears"]);
    expect(
      sectionTitles(["Chapter 1", "a", "Chapter Two", "b", "Chapter the Third", "c", "CHAPTER TWENTY-ONE", "d", "PREFACE", "e"]),
    ).toEqual(["Chapter 1", "Chapter Two", "Chapter the Third", "CHAPTER TWENTY-ONE", "PREFACE"]);
  });

  it("are never prose that begins with a chapter's word, nor a single heading", () => {
    expect(sectionTitles(["Part of the problem is the river.", "Act civil, they said.", "Book mix", "Chapter and verse"])).toBeNull();
    expect(
      sectionTitles(["Chapter 1 was about the river, and this sentence goes on long enough to be a paragraph of prose.", "Chapter 2"]),
    ).toBeNull();
    expect(sectionTitles(["CHAPTER I", "The only chapter."])).toBeNull();
  });

  it("leave out the contents list (three or more headings in a row), and set a book's parts a level above its chapters", () => {
    const contents = ["CHAPTER I. Loomings", "CHAPTER II. The Carpet-Bag", "CHAPTER III. The Spouter-Inn"];
    expect(
      sectionTitles([
        "Contents",
        ...contents,
        "CHAPTER I. Loomings",
        "Call me Ishmael.",
        "CHAPTER II. The Carpet-Bag",
        "I stuffed a shirt or two.",
      ]),
    ).toEqual(["CHAPTER I. Loomings", "CHAPTER II. The Carpet-Bag"]);
    const parts = findPlainTextChapters(["BOOK I", "CHAPTER I", "a", "CHAPTER II", "b", "BOOK II", "CHAPTER I", "c"])!;
    expect(parts.styles.filter(Boolean).map((style) => style!.level)).toEqual([2, 3, 3, 2, 3]);
  });

  it("become the reading's headings and sections, so a book opens with its chapters' list", () => {
    // Before: one run of paragraphs, "CHAPTER II." among them as one more.
    const book =
      "Alice in Wonderland\n\nCHAPTER I.\nDown the Rabbit-Hole\n\nAlice was beginning to get very tired.\n\nCHAPTER II.\nThe Pool of Tears\n\nCuriouser and curiouser!";
    const reading = finishReading(convertPlainText(book, { hasTitle: false }));
    expect(reading.title).toBe("Alice in Wonderland");
    expect(reading.sections).toEqual([
      { title: "CHAPTER I. Down the Rabbit-Hole", start: 0 },
      { title: "CHAPTER II. The Pool of Tears", start: reading.text.indexOf("CHAPTER II.") },
    ]);
    expect(reading.structure?.blocks.map((style) => style?.kind ?? null)).toEqual(["heading", null, "heading", null]);
  });
});

describe("a plain-text book's contents list", () => {
  it("keeps its entries as lines, where a hard-wrapped paragraph's lines are joined", () => {
    // Before: "CHAPTER I. Down the Rabbit-Hole CHAPTER II. The Pool of Tears CHAPTER III. …", one sentence.
    const book =
      "Alice in Wonderland\n\nContents\n\n CHAPTER I.     Down the Rabbit-Hole\n CHAPTER II.    The Pool of Tears\n CHAPTER III.   A Caucus-Race\n\n" +
      "CHAPTER I.\nDown the Rabbit-Hole\n\nAlice was beginning\nto get very tired.\n\nCHAPTER II.\nThe Pool of Tears\n\nCuriouser!";
    const reading = finishReading(convertPlainText(book, { hasTitle: false }));
    expect(reading.paragraphs).toEqual([
      "Contents",
      "CHAPTER I. Down the Rabbit-Hole\nCHAPTER II. The Pool of Tears\nCHAPTER III. A Caucus-Race",
      "CHAPTER I. Down the Rabbit-Hole",
      "Alice was beginning to get very tired.",
      "CHAPTER II. The Pool of Tears",
      "Curiouser!",
    ]);
    expect(reading.sections.map((section) => section.title)).toEqual(["CHAPTER I. Down the Rabbit-Hole", "CHAPTER II. The Pool of Tears"]);
  });
});
