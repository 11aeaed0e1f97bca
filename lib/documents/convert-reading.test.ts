import { describe, expect, it } from "vitest";
import { paragraphRanges } from "./canonical-text";
import { convertMarkdown, convertPlainText, EmptyReadingError, finishReading, MAX_MARKDOWN_NESTING } from "./convert-reading";
import { ArticleFormatError } from "./parse-plain-text-article";
import { parsePlainTextArticle } from "./parse-plain-text-article";

describe("convertMarkdown", () => {
  it("makes each heading, paragraph, list item, quote and code block one paragraph; a leading # heading is the title", () => {
    const converted = convertMarkdown(
      [
        "# On *Walking*",
        "",
        "It is a **great** art, said [Thoreau](https://example.org), to saunter.",
        "A second line of the same paragraph.",
        "",
        "## Two rules",
        "",
        "- Go slowly.",
        "- Take `nothing`.",
        "",
        "> Quoted words",
        "",
        "```",
        "line one",
        "",
        "",
        "line two",
        "```",
        "",
        "<div onclick='x()'>raw html is not text</div>",
        "",
        "![a heron](heron.png)",
      ].join("\n"),
    );
    expect(converted.title).toBe("On Walking");
    expect(converted.blocks).toEqual([
      "It is a great art, said Thoreau, to saunter. A second line of the same paragraph.",
      "Two rules",
      "Go slowly.",
      "Take nothing.",
      "Quoted words",
      "line one\nline two",
      "a heron",
    ]);
  });

  it("reads a GitHub table as cells by row and column, its first row the heading; an image alone in its paragraph is an image's description", () => {
    const reading = finishReading(
      convertMarkdown(
        [
          "Tides by port:",
          "",
          "| Port | Morning | Evening |",
          "| --- | :-: | --: |",
          "| *Dover* | 06:10 | |",
          "| Calais | | 18:40 |",
          "",
          "![The harbour at low water](harbour.png)",
          "",
          "A ![small](icon.png) icon in a sentence.",
        ].join("\n"),
      ),
    );
    expect(reading.paragraphs.map((paragraph, index) => [paragraph, reading.structure?.blocks[index] ?? null])).toEqual([
      ["Tides by port:", null],
      ["Port", { kind: "table-cell", row: 0, column: 0, header: true }],
      ["Morning", { kind: "table-cell", row: 0, column: 1, header: true }],
      ["Evening", { kind: "table-cell", row: 0, column: 2, header: true }],
      ["Dover", { kind: "table-cell", row: 1, column: 0 }],
      ["06:10", { kind: "table-cell", row: 1, column: 1 }],
      ["Calais", { kind: "table-cell", row: 2, column: 0 }],
      ["18:40", { kind: "table-cell", row: 2, column: 2 }],
      ["The harbour at low water", { kind: "image" }],
      ["A small icon in a sentence.", null],
    ]);
    expect(reading.structure?.marks.map((mark) => [mark.kind, reading.text.slice(mark.start, mark.end)])).toEqual([["emphasis", "Dover"]]);
    expect(reading.imagesLeftOut).toBe(0);
    expect(finishReading(convertMarkdown("A map: ![](map.png)\n\n![](photo.jpg)\n\n![A lamp](lamp.png)")).imagesLeftOut).toBe(2);
  });

  it("reads a byline under the title as the author, and leaves a first paragraph that only starts with 'By' as text", () => {
    expect(convertMarkdown("# Walden\n\nBy Henry David Thoreau\n\nI went to the woods.")).toMatchObject({
      title: "Walden",
      author: "Henry David Thoreau",
      blocks: ["I went to the woods."],
    });
    expect(convertMarkdown("# Notes\n\n*By Jane Roe and John van Doe*\n\nText.").author).toBe("Jane Roe and John van Doe");
    expect(convertMarkdown("# River\n\nBy the river we walked.\n\nText.")).toMatchObject({
      author: null,
      blocks: ["By the river we walked.", "Text."],
    });
    // The front matter's author wins, and its byline line stays as written.
    expect(convertMarkdown("---\nauthor: A. Writer\n---\n# T\n\nBy Someone Else\n\nText.")).toMatchObject({
      author: "A. Writer",
      blocks: ["By Someone Else", "Text."],
    });
    // Without a title, a first line is not read as a byline.
    expect(convertMarkdown("By Henry David Thoreau\n\nText.").author).toBeNull();
  });

  it("keeps a source's own language only when it is a language tag, as the API would", () => {
    const source = (language: string) => ({ title: "Rivers", author: null, language, statedMinutes: null, blocks: ["Rivers meander."] });
    expect(finishReading(source(" pt-BR ")).language).toBe("pt-BR");
    // An uploaded page's <html lang='en" onmouseover="alert(1)'>: shown escaped, but a value the API refuses.
    expect(finishReading(source('en" onmouseover="alert(1)')).language).toBeNull();
    expect(finishReading(source("English")).language).toBeNull();
    expect(finishReading(source('en" x'), { language: "fr" }).language).toBe("fr");
  });

  it("keeps how deeply a list is nested", () => {
    const reading = finishReading(convertMarkdown("1. First\n   - a point\n     - a detail\n2. Second\n\n> - quoted item"));
    expect(reading.paragraphs.map((paragraph, index) => [paragraph, reading.structure?.blocks[index]])).toEqual([
      ["First", { kind: "list-item", ordered: true }],
      ["a point", { kind: "list-item", level: 2 }],
      ["a detail", { kind: "list-item", level: 3 }],
      ["Second", { kind: "list-item", ordered: true }],
      ["quoted item", { kind: "list-item" }],
    ]);
  });

  it("keeps GitHub's strikethrough, task lists and footnotes: struck words and labels stay in the text, boxes in the style", () => {
    const reading = finishReading(
      convertMarkdown(
        [
          "Boils at 100 °C ~~everywhere~~ at sea level.[^1] About ~50 people, ~ roughly.",
          "- [ ] Read chapter two\n- [x] Write the summary\n  on two lines\n- plain item",
          "[^1]: *About* 70 °C on Everest.\n    Still the note.",
          "[^long]:\n    ```\n    code first\n    ```",
          "A [^missing] reference stays as written.",
        ].join("\n\n"),
      ),
    );
    expect(reading.paragraphs).toEqual([
      "Boils at 100 °C everywhere at sea level.1 About ~50 people, ~ roughly.",
      "Read chapter two",
      "Write the summary on two lines",
      "plain item",
      "1 About 70 °C on Everest. Still the note.",
      "long",
      "code first",
      "A [^missing] reference stays as written.",
    ]);
    expect(reading.structure?.blocks.slice(1, 4)).toEqual([
      { kind: "list-item", checked: false },
      { kind: "list-item", checked: true },
      { kind: "list-item" },
    ]);
    expect(reading.structure?.blocks[6]).toEqual({ kind: "preformatted" });
    expect(reading.structure?.marks.map((mark) => [mark.kind, reading.text.slice(mark.start, mark.end)])).toEqual([
      ["deleted", "everywhere"],
      ["superscript", "1"],
      ["superscript", "1"],
      ["emphasis", "About"],
      ["superscript", "long"],
    ]);
  });

  it("makes reference-style links and images the links and descriptions they stand for", () => {
    // Before: "[the tables][1]" lost its address, and "![a wave][logo]" its words (alone in its paragraph, the paragraph).
    const converted = convertMarkdown(
      "See [the tables][1], [Gauges][] and [no such][nope].\n\n![A wave over a rock][logo]\n\n[1]: https://example.org/tides\n[gauges]: https://example.org/gauges\n[logo]: logo.png",
    );
    expect(converted.blocks).toEqual(["See the tables, Gauges and [no such][nope].", "A wave over a rock"]);
    expect(converted.styles?.[1]).toEqual({ kind: "image" });
    expect(converted.marks).toEqual([
      { kind: "link", block: 0, start: 4, end: 14, href: "https://example.org/tides" },
      { kind: "link", block: 0, start: 16, end: 22, href: "https://example.org/gauges" },
    ]);
  });

  it("links a bare address as GitHub does: https://…, www.… and an email address", () => {
    const converted = convertMarkdown("Tides at https://example.org/tides, www.example.com or ask tide@example.org.");
    expect(converted.blocks).toEqual(["Tides at https://example.org/tides, www.example.com or ask tide@example.org."]);
    expect(converted.marks).toEqual([
      { kind: "link", block: 0, start: 9, end: 34, href: "https://example.org/tides" },
      { kind: "link", block: 0, start: 36, end: 51, href: "http://www.example.com/" },
      { kind: "link", block: 0, start: 59, end: 75, href: "mailto:tide@example.org" },
    ]);
  });

  it("keeps a hard line break as a line of its paragraph; breaks in a row end a stanza; a heading stays one line", () => {
    const reading = finishReading(
      convertMarkdown(
        [
          "The woods are lovely, *dark*  \nand deep,\\\n\\\nBut I have promises  \n   to keep.\nAnd miles to go",
          "Setext  \nheading\n---",
          "| a |\n| --- |\n| one<br>two |", // raw HTML is dropped, but a <br> is a line break
        ].join("\n\n"),
      ),
    );
    expect(reading.paragraphs).toEqual([
      "The woods are lovely, dark\nand deep,",
      "But I have promises\nto keep. And miles to go",
      "Setext heading",
      "a",
      "one\ntwo",
    ]);
    expect(reading.structure?.blocks.slice(0, 3)).toEqual([null, null, { kind: "heading", level: 2 }]);
  });

  it("keeps every block free of blank lines, so the canonical text splits back into exactly its paragraphs", () => {
    const reading = finishReading(convertMarkdown("Para\u00a0one   has\ttabs.\n\n    code\n\n\n    more code\n\n* item\n\n  continued"));
    expect(paragraphRanges(reading.text).map((range) => range.text)).toEqual(reading.paragraphs);
    expect(reading.paragraphs[0]).toBe("Para\u00a0one has tabs."); // a no-break space is text, not layout
  });
});

describe("convertMarkdown's nesting bound", () => {
  it("reads quotes and lists nested as deep as MAX_MARKDOWN_NESTING, and refuses one level more, saying where", () => {
    const deepest = convertMarkdown(`Before.\n\n${"> ".repeat(MAX_MARKDOWN_NESTING - 2)}- 1. deep words\n`);
    expect(deepest.blocks).toEqual(["Before.", "deep words"]);
    expect(() => convertMarkdown(`Before.\n\n${"> ".repeat(MAX_MARKDOWN_NESTING)}- deeper\n`)).toThrow(
      new ArticleFormatError(
        `Line 3 nests quotes or lists ${MAX_MARKDOWN_NESTING + 1} deep; a reading may nest them at most ${MAX_MARKDOWN_NESTING} deep. Flatten them, or add the text as plain text.`,
      ),
    );
  });

  it("refuses 40,000 nested quotes before parsing them (the parser took 47 s over them, then overflowed the stack)", () => {
    expect(() => convertMarkdown(`# Quotes\n\n${">".repeat(40_000)} x\n`)).toThrow(/Line 3 nests quotes or lists 40,000 deep/);
  });

  it("does not count a thematic break or a line of dashes as nesting", () => {
    expect(convertMarkdown(`Above.\n\n${"-".repeat(200)}\n\nBelow.`).blocks).toEqual(["Above.", "Below."]);
  });
});

describe("convertPlainText", () => {
  const seedLike = "A Title\n\n5 Min Read\n\nBy Jo Doe\n\nFirst paragraph\nwrapped.\n\nSecond.\n\nShare This Article";

  it("without a title given, reads the text the way the seed importer does", () => {
    const converted = convertPlainText(seedLike, { hasTitle: false });
    const seed = parsePlainTextArticle(seedLike);
    expect(converted).toEqual({ title: seed.title, author: seed.author, language: null, statedMinutes: 5, blocks: seed.paragraphs });
    expect(finishReading(converted).text).toBe(seed.text);
  });

  it("with a title given, every block is body text; trailing furniture is still dropped", () => {
    const reading = finishReading(convertPlainText(seedLike, { hasTitle: true }), { title: "Mine", author: "Me" });
    expect(reading.paragraphs).toEqual(["A Title", "5 Min Read", "By Jo Doe", "First paragraph wrapped.", "Second."]);
    expect(reading).toMatchObject({ title: "Mine", author: "Me", readingMinutes: 1 });
  });

  it("a single paragraph with no title is titled by its first words", () => {
    const words = Array.from({ length: 40 }, (_, index) => `word${index}`).join(" ");
    const reading = finishReading(convertPlainText(words, { hasTitle: false }));
    expect(reading.paragraphs).toEqual([words]);
    expect(reading.title.endsWith("…")).toBe(true);
    expect(reading.title.length).toBeLessThanOrEqual(81);
  });

  it("without a title given, keeps a first sentence, paragraph or stanza in the text and titles the reading by its first words", () => {
    const sentence = "The river was high that spring, and every morning the ferry left later than the timetable promised it would.";
    const rest = "Nobody complained.";
    for (const [source, options, first] of [
      [`${sentence}\n\n${rest}`, {}, sentence],
      // Short, but a sentence: it ends in a full stop.
      [`It rained.\n\n${rest}`, {}, "It rained."],
      // Longer than a title (150 characters), though it has no full stop.
      [`${"word ".repeat(40).trim()}\n\n${rest}`, {}, "word ".repeat(40).trim()],
      // A poem's first stanza, its line breaks kept.
      [
        "Whose woods these are I think I know\nHis house is in the village though\n\nHe will not see me stopping here",
        { keepLineBreaks: true },
        "Whose woods these are I think I know\nHis house is in the village though",
      ],
    ] as const) {
      const reading = finishReading(convertPlainText(source, { hasTitle: false, ...options }));
      expect(reading.paragraphs[0]).toBe(first);
      expect(first.replaceAll("\n", " ").startsWith(reading.title.replace(/…$/, ""))).toBe(true);
    }
    // A title line, a poem's title and byline: still the title, as before.
    expect(
      convertPlainText("Stopping by Woods\nBy Robert Frost\n\nWhose woods these are", { hasTitle: false, keepLineBreaks: true }),
    ).toMatchObject({
      title: "Stopping by Woods",
      author: "Robert Frost",
      blocks: ["Whose woods these are"],
    });
    expect(convertPlainText("What Is to Be Done?\n\nA question.", { hasTitle: false })).toMatchObject({
      title: "What Is to Be Done?",
      blocks: ["A question."],
    });
  });

  it("reads Unicode's line separator and next line as line breaks, and its paragraph separator as a paragraph break", () => {
    const source = "Title\u2028\u2028Para\u2029Two\u0085Three\u2028wrapped";
    expect(finishReading(convertPlainText(source, { hasTitle: true })).paragraphs).toEqual(["Title", "Para", "Two Three wrapped"]);
    expect(convertPlainText(source, { hasTitle: false })).toMatchObject({ title: "Title", blocks: ["Para", "Two Three wrapped"] });
  });

  it("refuses a text with nothing to read", () => {
    expect(() => finishReading(convertPlainText(" \n\n \n", { hasTitle: true }))).toThrow(EmptyReadingError);
    expect(() => finishReading(convertMarkdown("<!-- only a comment -->\n\n---"))).toThrow(EmptyReadingError);
    // Only HTML in a Markdown file: said as such, with what to do.
    expect(() => convertMarkdown("<p>html content in md</p>")).toThrow(
      "This Markdown holds only HTML, which a Markdown reading leaves out (it is never shown as it is): save it as an .html file and add that instead.",
    );
    // A title and nothing under it says so, not that the file is empty.
    expect(() => finishReading(convertMarkdown("# Field notes"))).toThrow(/under its title, “Field notes”: add the text itself/);
  });
});
