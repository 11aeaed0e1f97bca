import { describe, expect, it } from "vitest";
import { carryStructure } from "./carry-structure";
import type { TextStructure } from "./structure";

/**
 * A correction made in the in-app editor (plain text) keeps the old version's structure where its
 * words survive. Each case writes the expected structure out by hand: which paragraphs are what,
 * and which words each mark covers in the new text.
 */
const OLD = [
  "Spring floods",
  "In spring the water rises quickly along the banks.",
  "Farmers move their animals.",
  "The mill burned down.",
].join("\n\n");
const at = (text: string, words: string) => ({ start: text.indexOf(words), end: text.indexOf(words) + words.length });
const OLD_STRUCTURE: TextStructure = {
  blocks: [{ kind: "heading", level: 2 }, null, { kind: "list-item" }, { kind: "list-item" }],
  marks: [
    { kind: "emphasis", ...at(OLD, "rises quickly") },
    { kind: "link", ...at(OLD, "Farmers"), href: "https://example.org/farmers" },
    { kind: "strong", ...at(OLD, "mill") },
  ],
  pages: [
    { number: 1, start: 0 },
    { number: 2, start: OLD.indexOf("Farmers") },
  ],
  sections: [],
};

/** What each mark covers in `text`, with its kind: comparable by eye. */
const covered = (text: string, structure: TextStructure | null) =>
  structure?.marks.map((mark) => [mark.kind, text.slice(mark.start, mark.end)]);

describe("carryStructure", () => {
  it("keeps headings, list items and marks when a sentence is corrected", () => {
    const text = OLD.replace("rises quickly along", "rises very quickly along").replace("animals", "cattle and sheep");
    const structure = carryStructure(OLD, OLD_STRUCTURE, text);
    expect(structure?.blocks).toEqual(OLD_STRUCTURE.blocks);
    expect(covered(text, structure)).toEqual([
      ["emphasis", "rises very quickly"],
      ["link", "Farmers"],
      ["strong", "mill"],
    ]);
    expect(structure?.marks[1].href).toBe("https://example.org/farmers");
    expect(structure?.pages).toEqual([
      { number: 1, start: 0 },
      { number: 2, start: text.indexOf("Farmers") },
    ]);
  });

  it("drops a mark whose words are gone, and shrinks one that lost its edge", () => {
    const text = OLD.replace("The mill burned down.", "The bakery burned down.").replace("rises quickly", "rises");
    expect(covered(text, carryStructure(OLD, OLD_STRUCTURE, text))).toEqual([
      ["emphasis", "rises"],
      ["link", "Farmers"],
    ]);
  });

  it("keeps a heading retitled whole in place, makes a new paragraph plain, and splits a list item into two", () => {
    const text = [
      "Floods in spring",
      "In spring the water rises quickly along the banks.",
      "A paragraph the owner added.",
      "Farmers move. Their animals.",
      "The mill burned down.",
    ].join("\n\n");
    const split = text.replace("Farmers move. Their animals.", "Farmers move.\n\nTheir animals.");
    expect(carryStructure(OLD, OLD_STRUCTURE, text)?.blocks).toEqual([
      { kind: "heading", level: 2 },
      null,
      null,
      { kind: "list-item" },
      { kind: "list-item" },
    ]);
    expect(carryStructure(OLD, OLD_STRUCTURE, split)?.blocks).toEqual([
      { kind: "heading", level: 2 },
      null,
      null,
      { kind: "list-item" },
      { kind: "list-item" },
      { kind: "list-item" },
    ]);
  });

  it("keeps a mark inside the paragraph where it starts when a paragraph is split inside it", () => {
    const text = OLD.replace("rises quickly", "rises\n\nquickly");
    const structure = carryStructure(OLD, OLD_STRUCTURE, text);
    expect(covered(text, structure)?.[0]).toEqual(["emphasis", "rises"]);
  });

  it("has nothing to carry from a plain version, nor onto a text that shares no words", () => {
    expect(carryStructure(OLD, null, `${OLD} More.`)).toBeNull();
    const unrelated = "Nothing alike here\n\nat all";
    expect(carryStructure(OLD, OLD_STRUCTURE, unrelated)).toMatchObject({ blocks: [null, null], marks: [] });
  });
});

describe("carryStructure: numbered lists keep their numbers", () => {
  const QUESTIONS = [
    "Answer these before the seminar.",
    "Who signed the agreement?",
    "What did it promise?",
    "Which side broke it first?",
    "Why did the talks fail?",
  ];
  const numbered = { kind: "list-item", ordered: true } as const;
  const OLD_QUESTIONS: TextStructure = { blocks: [null, numbered, numbered, numbered, numbered], marks: [], pages: [], sections: [] };

  it("starts the items after a paragraph put into the list at the number they had, not at 1", () => {
    const text = [...QUESTIONS.slice(0, 3), "Read pages 4 to 9 before the next two questions.", ...QUESTIONS.slice(3)].join("\n\n");
    const structure = carryStructure(QUESTIONS.join("\n\n"), OLD_QUESTIONS, text);
    // Questions 3 and 4 stay 3 and 4 (they were "1." and "2." of a list of their own).
    expect(structure?.blocks).toEqual([null, numbered, numbered, null, { ...numbered, start: 3 }, numbered]);
  });

  it("counts on after an item taken out, and keeps a list's own start", () => {
    const old: TextStructure = { ...OLD_QUESTIONS, blocks: [null, { ...numbered, start: 5 }, numbered, numbered, numbered] };
    const text = [QUESTIONS[0], QUESTIONS[1], ...QUESTIONS.slice(3)].join("\n\n");
    const structure = carryStructure(QUESTIONS.join("\n\n"), old, text);
    // 5, 7, 8 would be the old numbers; the list renumbers as any edited list does: 5, 6, 7.
    expect(structure?.blocks).toEqual([null, { ...numbered, start: 5 }, numbered, numbered]);
  });

  it("keeps two lists apart when the paragraph between them is taken out", () => {
    const text = ["Part one.", "First.", "Second.", "Part two.", "Ninth.", "Tenth."];
    const old: TextStructure = {
      blocks: [null, numbered, numbered, null, { ...numbered, start: 9 }, numbered],
      marks: [],
      pages: [],
      sections: [],
    };
    const withoutPartTwo = text.filter((paragraph) => paragraph !== "Part two.");
    const structure = carryStructure(text.join("\n\n"), old, withoutPartTwo.join("\n\n"));
    expect(structure?.blocks).toEqual([null, numbered, numbered, { ...numbered, start: 9 }, numbered]);
  });
});

describe("carryStructure: edits together", () => {
  it("keeps a heading retitled in the same correction that swaps the paragraphs before it and deletes the one after it", () => {
    const paragraphs = [
      "When the printer in Gulberg reissued the letters in 1998, the typesetter corrected the spelling throughout.",
      "Of these, the drawing is the hardest to transcribe. A scanner sees a smudge; a reader sees a mood.",
      "IV. Editions",
      "An edition is a promise that the words will stay where you left them.",
      "Consider the famous line about the river.",
    ];
    const structure: TextStructure = {
      blocks: [null, null, { kind: "heading", level: 2 }, null, null],
      marks: [],
      pages: [],
      sections: [],
    };
    // Each edit alone kept the heading; together, the word diff paired its words with the deleted paragraph's.
    const text = [paragraphs[1], paragraphs[0], "IV. On Editions", paragraphs[4]].join("\n\n");
    expect(carryStructure(paragraphs.join("\n\n"), structure, text)?.blocks).toEqual([null, null, { kind: "heading", level: 2 }, null]);
  });
});
