import { describe, expect, it } from "vitest";
import { convertPlainText, finishReading } from "./convert-reading";
import { readUnderscoredEmphasis, takeGutenbergBook } from "./gutenberg";

// A Project Gutenberg plain-text eBook as it is downloaded (its header, the book, the licence after it), CRLF line ends and all.
const EBOOK = [
  "\uFEFFThe Project Gutenberg eBook of Walden, and On The Duty Of Civil Disobedience",
  "",
  "This ebook is for the use of anyone anywhere in the United States and",
  "most other parts of the world at no cost and with almost no restrictions",
  "whatsoever. You may copy it, give it away or re-use it under the terms",
  "of the Project Gutenberg License included with this ebook or online",
  "at www.gutenberg.org.",
  "",
  "Title: Walden, and On The Duty Of Civil Disobedience",
  "",
  "Author: Henry David Thoreau",
  "",
  "Release date: January 1, 1995 [eBook #205]",
  "                Most recently updated: October 30, 2024",
  "",
  "Language: English",
  "",
  "*** START OF THE PROJECT GUTENBERG EBOOK WALDEN, AND ON THE DUTY OF CIVIL DISOBEDIENCE ***",
  "",
  "Produced by Judith Boss, and David Widger",
  "",
  "",
  "WALDEN",
  "",
  "by Henry David Thoreau",
  "",
  "[Illustration]",
  "",
  "Economy",
  "",
  "When I wrote the following pages, or rather the bulk of them, I lived",
  "alone, in the woods, a mile from any neighbor, in a house which I had",
  "built myself, on the shore of _Walden Pond_.",
  "",
  "[Illustration]",
  "",
  "[Illustration: The pond in winter]",
  "",
  "*** END OF THE PROJECT GUTENBERG EBOOK WALDEN, AND ON THE DUTY OF CIVIL DISOBEDIENCE ***",
  "",
  "Updated editions will replace the previous one--the old editions will",
  "be renamed.",
  "",
  "START: FULL LICENSE",
  "",
  "THE FULL PROJECT GUTENBERG LICENSE",
  "PLEASE READ THIS BEFORE YOU DISTRIBUTE OR USE THIS WORK",
].join("\r\n");

describe("a Project Gutenberg eBook", () => {
  it("is read as the book between its markers, named by its catalogue record, without the header or the licence", () => {
    // Before: the reading was titled "The Project Gutenberg eBook of Walden…" and ended in the licence.
    const converted = convertPlainText(EBOOK, { hasTitle: false });
    expect(converted).toMatchObject({
      title: "Walden, and On The Duty Of Civil Disobedience",
      author: "Henry David Thoreau",
      language: "en",
      sourceUrl: "https://www.gutenberg.org/ebooks/205",
    });
    // Nor the transcriber's credit, the title page repeating the record, or the bare "[Illustration]" marks;
    // its underscored italics are emphasis.
    const reading = finishReading(converted);
    expect(reading.paragraphs).toEqual([
      "Economy",
      "When I wrote the following pages, or rather the bulk of them, I lived alone, in the woods, a mile from any neighbor, in a house which I had built myself, on the shore of Walden Pond.",
      "[Illustration: The pond in winter]",
    ]);
    expect(reading.structure?.marks.map((mark) => [mark.kind, reading.text.slice(mark.start, mark.end)])).toEqual([
      ["emphasis", "Walden Pond"],
    ]);
  });

  it("reads an older eBook's markers (THIS, EBook, an 'End of the Project Gutenberg' line), and one without its end", () => {
    const older =
      "Title: Walden\n\n*** START OF THIS PROJECT GUTENBERG EBOOK WALDEN ***\n\nThe book.\n\nEnd of the Project Gutenberg EBook of Walden, by Henry David Thoreau\n\nThe licence.";
    expect(takeGutenbergBook(older)).toMatchObject({ text: "\n\nThe book.\n\n", title: "Walden", author: null, sourceUrl: null });
    expect(takeGutenbergBook("*** START OF THE PROJECT GUTENBERG EBOOK X ***\nAll of it.")?.text).toBe("\nAll of it.");
  });

  it("is not a text that only speaks of Project Gutenberg", () => {
    expect(takeGutenbergBook("We read it on Project Gutenberg.\n\nThe START OF THE PROJECT GUTENBERG EBOOK line marks a book.")).toBeNull();
  });
});

describe("a Gutenberg text's underscored italics", () => {
  it("are emphasis over their words, the underscores gone; an underscore inside a word is the word's", () => {
    expect(readUnderscoredEmphasis(["_Walden_ and _the_ pond", "snake_case_name and __init__ stay", "_spans\ntwo lines_"])).toEqual({
      blocks: ["Walden and the pond", "snake_case_name and __init__ stay", "spans\ntwo lines"],
      marks: [
        { kind: "emphasis", block: 0, start: 0, end: 6 },
        { kind: "emphasis", block: 0, start: 11, end: 14 },
        { kind: "emphasis", block: 2, start: 0, end: 15 },
      ],
    });
  });
});
