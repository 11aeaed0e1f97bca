import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { paintRuns } from "@/lib/anchoring/segment-highlights";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import type { InlineMark } from "@/lib/documents/structure";
import type { PaintedHighlight } from "./article-body";
import { blockHtml, openingWords, type ParagraphButton } from "./block-html";

// blockHtml writes HTML that React does not escape for it: everything that comes from a reading,
// an annotation or a structure must reach the page as text or as a checked attribute.
function paint(text: string, highlights: PaintedHighlight[], marks: InlineMark[] = [], paragraphButton: ParagraphButton = "annotate") {
  const paragraph = paragraphRanges(text)[0];
  const html = blockHtml({
    text,
    paragraph,
    isFirst: true,
    pageStarts: [],
    runs: paintRuns([paragraph], highlights)[0],
    marks,
    highlights,
    flashing: undefined,
    detailsFor: "all",
    paragraphButton,
  });
  return parseHTML(`<!doctype html><html><body><p>${html}</p></body></html>`).document;
}

describe("blockHtml", () => {
  it("escapes the text and the ids, so markup in either stays words", () => {
    const text = `<script>alert("x")</script> & <img src=x onerror=alert(1)>`;
    const document = paint(text, [{ id: `a"><b id="x`, start: 0, end: 8, color: "yellow", isMine: true }]);
    expect(document.querySelector("p")?.textContent).toBe(text);
    expect(document.querySelectorAll("script, img, b")).toHaveLength(0);
    const mark = document.querySelector("mark");
    expect(mark?.getAttribute("data-annotation-id")).toBe(`a"><b id="x`);
    expect(mark?.getAttribute("aria-details")).toBe(`annotation-a"><b id="x`);
  });

  it("writes a link only for an http(s) or mailto address; any other keeps its words", () => {
    const text = "safe and unsafe";
    const document = paint(
      text,
      [],
      [
        { kind: "link", start: 0, end: 4, href: "https://example.org/?a=1&b=2" },
        { kind: "link", start: 9, end: 15, href: "javascript:alert(1)" },
      ],
    );
    const links = [...document.querySelectorAll("a")];
    expect(links.map((link) => link.getAttribute("href"))).toEqual(["https://example.org/?a=1&b=2"]);
    expect(document.querySelector("p")?.textContent).toBe(text);
  });

  it("puts the paragraph button first, holding no text", () => {
    const document = paint("words", []);
    const button = document.querySelector("p > button:first-child");
    expect(button?.getAttribute("aria-label")).toBe("Annotate paragraph 1: “words”");
    expect(button?.textContent).toBe("");
  });

  it("names each paragraph's button by its number and opening words, escaped", () => {
    expect(openingWords("From a foreign policy perspective, Pakistan has long")).toBe("From a foreign policy perspective,…");
    expect(openingWords("  Short one.  ")).toBe("Short one.");
    expect(openingWords("Pneumonoultramicroscopicsilicovolcanoconiosis-and-more-besides is long")).toBe(
      "Pneumonoultramicroscopicsilicovolcanocon…",
    );
    const document = paint(`A "quoted" <b>tag</b> & more words here`, []);
    expect(document.querySelector("button")?.getAttribute("aria-label")).toBe(`Annotate paragraph 1: “A "quoted" <b>tag</b> & more…”`);
    expect(document.querySelector("p")?.textContent).toBe(`A "quoted" <b>tag</b> & more words here`);
  });

  it("names the button for the move while a highlight is being moved: it no longer starts a note", () => {
    const button = paint("Its new place here", [], [], "move").querySelector("button");
    expect(button?.getAttribute("aria-label")).toBe("Move the highlight to paragraph 1: “Its new place here”");
    expect(button?.getAttribute("title")).toBe("Move the highlight to this paragraph");
  });
});
