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
