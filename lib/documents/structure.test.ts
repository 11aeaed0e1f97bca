import { describe, expect, it } from "vitest";
import { collapseWhitespace, convertMarkdown, finishReading } from "./convert-reading";
import {
  collapseWithMarks,
  LINE_BREAK,
  marksByParagraph,
  MAX_CELL_SPAN,
  readTextStructure,
  safeHref,
  splitAtParagraphBreaks,
} from "./structure";
import { paragraphRanges } from "./canonical-text";

describe("collapseWithMarks", () => {
  it("gives exactly collapseWhitespace's text, and each mark keeps its characters", () => {
    // A seeded generator: words, ASCII whitespace runs, no-break spaces, marks at random places.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = ["word", " ", "\n\t ", "\u00a0", "é", "  ", "x", "\r\n", "déjà", "\f"];
    for (let round = 0; round < 500; round++) {
      let raw = "";
      const marks: { start: number; end: number; label: string }[] = [];
      const count = 1 + Math.floor(random() * 12);
      for (let index = 0; index < count; index++) {
        const start = raw.length;
        raw += pieces[Math.floor(random() * pieces.length)];
        if (random() < 0.3) marks.push({ start, end: raw.length, label: raw.slice(start) });
      }
      const result = collapseWithMarks(raw, marks);
      expect(result.text).toBe(collapseWhitespace(raw));
      // The same text with line breaks the source asked for among the spaces: one kept as "\n", two or more as a paragraph break.
      const broken = raw.replaceAll("\f", LINE_BREAK);
      const expected = broken.replace(/[ \t\n\r\f\u2028]+/g, (run) => ["\u0020", "\n"][run.split(LINE_BREAK).length - 1] ?? "\n\n").trim();
      expect(collapseWithMarks(broken, []).text).toBe(expected);
      expect(splitAtParagraphBreaks(collapseWithMarks(broken, [])).map((piece) => piece.text)).toEqual(expected.split("\n\n"));
      for (const mark of result.marks) {
        // What the mark covers now is what it covered, collapsed (less any whitespace trimmed at the ends).
        const covered = result.text.slice(mark.start, mark.end);
        expect(collapseWhitespace(mark.label).length === 0 || covered.trim() === collapseWhitespace(mark.label).trim()).toBe(true);
      }
    }
  });
});

describe("Markdown keeps its structure", () => {
  const draft = finishReading(
    convertMarkdown(
      [
        "# The title",
        "",
        "Intro with *emphasis*, **strong**, `code` and a [link](https://example.org/a) and [a bad one](javascript:alert(1)).",
        "",
        "## A section",
        "",
        "- first item",
        "- second *item*",
        "",
        "1. one",
        "2. two",
        "",
        "> quoted words",
        "",
        "```",
        "let x = 1;",
        "```",
      ].join("\n"),
    ),
  );

  it("has the same canonical text as before: one paragraph per block", () => {
    expect(draft.title).toBe("The title");
    expect(draft.paragraphs).toEqual([
      "Intro with emphasis, strong, code and a link and a bad one.",
      "A section",
      "first item",
      "second item",
      "one",
      "two",
      "quoted words",
      "let x = 1;",
    ]);
  });

  it("says what each paragraph is", () => {
    expect(draft.structure?.blocks).toEqual([
      null,
      { kind: "heading", level: 2 },
      { kind: "list-item" },
      { kind: "list-item" },
      { kind: "list-item", ordered: true },
      { kind: "list-item", ordered: true },
      { kind: "quote" },
      { kind: "preformatted" },
    ]);
  });

  it("marks emphasis, strong, code and safe links over the right characters, never a javascript: link", () => {
    const covered = draft.structure!.marks.map((mark) => [mark.kind, draft.text.slice(mark.start, mark.end), mark.href]);
    expect(covered).toEqual([
      ["emphasis", "emphasis", undefined],
      ["strong", "strong", undefined],
      ["code", "code", undefined],
      ["link", "link", "https://example.org/a"],
      ["emphasis", "item", undefined],
    ]);
  });

  it("keeps how deeply a quote is quoted: a quote within a quote is one level deeper, at most six", () => {
    const nested = finishReading(
      convertMarkdown(["> Outer words", ">", "> > Inner words", "> >", "> > > Innermost words", "", "> Outer again"].join("\n")),
    );
    expect(nested.paragraphs.map((paragraph, index) => [paragraph, nested.structure?.blocks[index]])).toEqual([
      ["Outer words", { kind: "quote" }],
      ["Inner words", { kind: "quote", level: 2 }],
      ["Innermost words", { kind: "quote", level: 3 }],
      ["Outer again", { kind: "quote" }],
    ]);
    // Read back from storage, a level is kept only where it can be drawn.
    const stored = JSON.stringify({
      blocks: [
        { kind: "quote", level: 2 },
        { kind: "quote", level: 99 },
        { kind: "quote", level: "x" },
      ],
      marks: [],
    });
    expect(readTextStructure(stored, "One\n\nTwo\n\nThree")?.blocks).toEqual([
      { kind: "quote", level: 2 },
      { kind: "quote", level: 6 },
      { kind: "quote" },
    ]);
  });

  it("keeps a numbered list's counting when read back, and only one that can be drawn", () => {
    const stored = JSON.stringify({
      blocks: [
        { kind: "list-item", ordered: true, numbering: "a" },
        { kind: "list-item", ordered: true, numbering: "x" },
        { kind: "list-item", numbering: "I" },
      ],
      marks: [],
    });
    expect(readTextStructure(stored, "One\n\nTwo\n\nThree")?.blocks).toEqual([
      { kind: "list-item", ordered: true, numbering: "a" },
      { kind: "list-item", ordered: true },
      { kind: "list-item" },
    ]);
  });

  it("stores nothing for plain paragraphs", () => {
    expect(finishReading(convertMarkdown("One paragraph.\n\nAnother one.")).structure).toBeNull();
  });
});

describe("readTextStructure", () => {
  const text = "Heading\n\nA paragraph with words.";
  it("reads back what was stored", () => {
    const stored = JSON.stringify({
      blocks: [{ kind: "heading", level: 1 }, null],
      marks: [{ kind: "emphasis", start: 11, end: 20 }],
      pages: [],
      sections: [],
    });
    expect(readTextStructure(stored, text)).toEqual({
      blocks: [{ kind: "heading", level: 1 }, null],
      marks: [{ kind: "emphasis", start: 11, end: 20 }],
      pages: [],
      sections: [],
    });
  });

  it("drops what it cannot trust: marks across paragraphs or past the end, unknown kinds, unsafe links, a wrong block count", () => {
    const stored = JSON.stringify({
      blocks: [{ kind: "heading" }],
      marks: [
        { kind: "strong", start: 3, end: 12 },
        { kind: "emphasis", start: 20, end: 999 },
        { kind: "blink", start: 11, end: 12 },
        { kind: "link", start: 11, end: 12, href: "javascript:alert(1)" },
        { kind: "link", start: 11, end: 12, href: "data:text/html,x" },
        { kind: "code", start: 13, end: 13 },
      ],
    });
    expect(readTextStructure(stored, text)).toEqual({ blocks: [null, null], marks: [], pages: [], sections: [] });
    expect(readTextStructure("not json", text)).toBeNull();
    expect(readTextStructure(null, text)).toBeNull();
  });

  it("keeps a table cell only with a whole, non-negative row and column", () => {
    const cells = "a\n\nb\n\nc\n\nd";
    const stored = JSON.stringify({
      blocks: [
        { kind: "table-cell", row: 0, column: 0, header: true },
        { kind: "table-cell", row: 1, column: 2, header: "yes" },
        { kind: "table-cell", row: -1, column: 0 },
        { kind: "table-cell", row: 1.5 },
      ],
      marks: [],
    });
    expect(readTextStructure(stored, cells)?.blocks).toEqual([
      { kind: "table-cell", row: 0, column: 0, header: true },
      { kind: "table-cell", row: 1, column: 2 },
      null,
      null,
    ]);
  });

  it("keeps a merged cell's spans only as whole numbers above 1, at most MAX_CELL_SPAN", () => {
    const cells = "a\n\nb\n\nc\n\nd";
    const stored = JSON.stringify({
      blocks: [
        { kind: "table-cell", row: 0, column: 0, rowSpan: 3, columnSpan: 2 },
        { kind: "table-cell", row: 0, column: 2, rowSpan: 1, columnSpan: 1.5 },
        { kind: "table-cell", row: 1, column: 2, rowSpan: 1e9, columnSpan: "4" },
        { kind: "table-cell", row: 2, column: 2, rowSpan: -2 },
      ],
      marks: [],
    });
    expect(readTextStructure(stored, cells)?.blocks).toEqual([
      { kind: "table-cell", row: 0, column: 0, rowSpan: 3, columnSpan: 2 },
      { kind: "table-cell", row: 0, column: 2 },
      { kind: "table-cell", row: 1, column: 2, rowSpan: MAX_CELL_SPAN },
      { kind: "table-cell", row: 2, column: 2 },
    ]);
  });

  it("reads back terms, definitions, a task's box only when it is true or false, and the struck and raised marks", () => {
    const text = "a\n\nb\n\nc\n\nd\n\nx2";
    const stored = JSON.stringify({
      blocks: [
        { kind: "term" },
        { kind: "definition", level: 3 },
        { kind: "list-item", checked: true },
        { kind: "list-item", checked: "yes", ordered: true, start: 1e12 },
        null,
      ],
      marks: [
        { kind: "deleted", start: 0, end: 1 },
        { kind: "superscript", start: 13, end: 14 },
        { kind: "subscript", start: 12, end: 13 },
        { kind: "underline", start: 3, end: 4 },
      ],
    });
    const structure = readTextStructure(stored, text);
    expect(structure?.blocks).toEqual([
      { kind: "term" },
      { kind: "definition" },
      { kind: "list-item", checked: true },
      { kind: "list-item", ordered: true },
      null,
    ]);
    expect(structure?.marks).toEqual([
      { kind: "deleted", start: 0, end: 1 },
      { kind: "subscript", start: 12, end: 13 },
      { kind: "superscript", start: 13, end: 14 },
    ]);
  });

  it("keeps only http(s) and mailto links", () => {
    expect(safeHref("https://example.org/x?y=1")).toBe("https://example.org/x?y=1");
    expect(safeHref("mailto:a@example.org")).toBe("mailto:a@example.org");
    expect(safeHref("JavaScript:alert(1)")).toBeUndefined();
    expect(safeHref("/relative")).toBeUndefined();
  });

  it("hands each paragraph its own marks", () => {
    const paragraphs = paragraphRanges("ab\n\ncd\n\nef");
    const marks = [
      { kind: "emphasis" as const, start: 0, end: 1 },
      { kind: "strong" as const, start: 8, end: 10 },
    ];
    expect(marksByParagraph(paragraphs, marks)).toEqual([[marks[0]], [], [marks[1]]]);
  });
});
