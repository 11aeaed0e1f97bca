import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { finishReading } from "@/lib/documents/convert-reading";
import { extractHtmlArticle } from "./extract-html-article";

const savedPage = readFileSync(path.resolve(__dirname, "../../tests/fixtures/readings/saved-page.html"), "utf8");

// The expected text is written out by hand from the page: the article's paragraphs, in order, and nothing of the page around it.
const ARTICLE = [
  "A river never runs straight for long. Water on the outside of a bend moves faster, and it cuts into the bank, while water on the inside slows down and drops the sand it was carrying.",
  "Over decades, the bends grow. The outer bank retreats, the inner bank builds a point bar, and the channel swings wider and wider across its plain, like a rope shaken at one end.",
  "Oxbow lakes",
  "Eventually two bends meet. In a flood the river takes the shortcut, and the old loop is left behind as a crescent of still water: an oxbow lake, slowly filling with silt and reeds.",
  "“Rivers are roads that move,” Pascal wrote, “and carry us where we wish to go.”",
  "Engineers who straighten rivers learn this lesson again and again: the river remembers its bends, and in a wet year it finds them.",
];

describe("extractHtmlArticle (a saved web page)", () => {
  it("keeps the article's paragraphs in order and drops navigation, ads, share widgets, comments, related links and the footer", () => {
    const converted = extractHtmlArticle(savedPage);
    expect(converted.blocks).toEqual(ARTICLE);
    expect(converted).toMatchObject({ title: "Why Rivers Meander", author: "Ada Brook", language: "en-GB" });
    const reading = finishReading(converted);
    expect(reading.text).toBe(ARTICLE.join("\n\n"));
    for (const furniture of [
      "Advertisement",
      "Share on Facebook",
      "Great post",
      "How deltas form",
      "All rights reserved",
      "News",
      "Subscribe",
    ]) {
      expect(reading.text).not.toContain(furniture);
    }
  });

  it("never runs or keeps markup: scripts, inline handlers and tags are gone, their text as text only", () => {
    const converted = extractHtmlArticle(
      `<html><body><article><h1>T</h1><p>Safe &lt;b&gt;text&lt;/b&gt; with <b onclick="alert(1)">bold</b><script>alert(2)</script> and a<br>break, long enough to be an article paragraph for the extractor to keep.</p></article></body></html>`,
    );
    expect(converted.blocks).toEqual([
      "Safe <b>text</b> with bold and a break, long enough to be an article paragraph for the extractor to keep.",
    ]);
  });

  it("gives no blocks for a page with no text, so adding it answers 422", () => {
    expect(extractHtmlArticle("<html><body><nav>Home</nav><script>x()</script></body></html>").blocks).toEqual([]);
  });
});

describe("the structure of an extracted article", () => {
  const page = `<!doctype html><html lang="en"><head><title>Rivers</title></head><body><article>
    <h1>Rivers</h1>
    <p>Rivers carry <em>sediment</em> and <a href="https://example.org/silt">silt</a> to the <a href="/sea">sea</a>, which is a long way from here, over many miles of plain and marsh.</p>
    <h2>Deltas</h2>
    <ul><li>The Nile <strong>delta</strong></li><li><p>The Ganges delta</p></li></ul>
    <ol><li>First the water slows.</li></ol>
    <blockquote><p>A river is the report card for its watershed.</p></blockquote>
    <pre>  flow = area × speed</pre>
  </article></body></html>`;

  it("keeps headings, list items, quotes and code, and the marks over their words", () => {
    const converted = extractHtmlArticle(page);
    const draft = finishReading(converted);
    const kinds = draft.paragraphs.map((paragraph, index) => [paragraph, draft.structure?.blocks[index] ?? null]);
    expect(kinds).toEqual([
      ["Rivers carry sediment and silt to the sea, which is a long way from here, over many miles of plain and marsh.", null],
      ["Deltas", { kind: "heading", level: 2 }],
      ["The Nile delta", { kind: "list-item" }],
      ["The Ganges delta", { kind: "list-item" }],
      ["First the water slows.", { kind: "list-item", ordered: true }],
      ["A river is the report card for its watershed.", { kind: "quote" }],
      ["  flow = area × speed", { kind: "preformatted" }],
    ]);
    const marks = draft.structure!.marks.map((mark) => [mark.kind, draft.text.slice(mark.start, mark.end), mark.href]);
    // The relative link has nothing to resolve against once saved: its words stay, the link does not.
    expect(marks).toEqual([
      ["emphasis", "sediment", undefined],
      ["link", "silt", "https://example.org/silt"],
      ["strong", "delta", undefined],
    ]);
  });

  it("keeps a figure's caption as a caption block, and a table's cells as paragraphs in reading order", () => {
    const withFigure = `<!doctype html><html lang="en"><head><title>Floods</title></head><body><article>
      <h1>Floods</h1>
      <p>The river rose twice in one year, and the town kept careful records of both floods for the archive.</p>
      <figure><img src="flood.jpg" alt=""><figcaption>Figure 1. The <em>spring</em> flood of 1927.</figcaption></figure>
      <p>Records were kept by the mill, and later by the town hall, which still holds them in its basement.</p>
      <table><tr><th>Year</th><th>Height</th></tr><tr><td>1927</td><td>4.2 m</td></tr></table>
    </article></body></html>`;
    const draft = finishReading(extractHtmlArticle(withFigure));
    const kinds = draft.paragraphs.map((paragraph, index) => [paragraph, draft.structure?.blocks[index] ?? null]);
    expect(kinds).toEqual([
      ["The river rose twice in one year, and the town kept careful records of both floods for the archive.", null],
      ["Figure 1. The spring flood of 1927.", { kind: "caption" }],
      ["Records were kept by the mill, and later by the town hall, which still holds them in its basement.", null],
      ["Year", null],
      ["Height", null],
      ["1927", null],
      ["4.2 m", null],
    ]);
    expect(draft.structure!.marks.map((mark) => draft.text.slice(mark.start, mark.end))).toEqual(["spring"]);
  });
});
