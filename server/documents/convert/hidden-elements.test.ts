import { describe, expect, it } from "vitest";
import { finishReading } from "@/lib/documents/convert-reading";
import { epubWithChapter } from "@/tests/epub";
import { convertEpub } from "./convert-epub";
import { hidingSelectors } from "./hidden-elements";

const LIMITS = { maxUnzippedBytes: 10_000_000, maxPages: 100, maxParagraphs: 10_000, maxTableCells: 10_000 };

describe("a book's hidden text", () => {
  it("is left out of the reading: hidden attribute, inline style, and a top-level rule of its stylesheets", () => {
    const book = epubWithChapter(
      [
        '<p>Seen first, in chapter one.<span class="pagenum">12</span> It continues.</p>',
        "<p hidden>HIDDEN-ATTRIBUTE</p>",
        '<p style="display: none">INLINE-NONE</p>',
        '<p style="color: red; visibility:hidden;">INLINE-INVISIBLE</p>',
        '<p class="secret">CLASS-HIDDEN</p>',
        '<p class="print-only">Shown on screen, hidden only in print.</p>',
        "<p>Seen last.</p>",
      ].join(""),
      {
        head: '<link rel="stylesheet" type="text/css" href="css/book.css"/><style>.secret { display : none !important }</style>',
        files: {
          "css/book.css": "/* page numbers kept for print */ .pagenum{display:none} @media print { .print-only { display: none } }",
        },
      },
    );
    const { text } = finishReading(convertEpub(book, LIMITS));
    expect(text).toBe("Seen first, in chapter one. It continues.\n\nShown on screen, hidden only in print.\n\nSeen last.");
  });

  it("reads the hiding selectors of top-level rules only", () => {
    expect(
      hidingSelectors("a, .b { display: none } .c { display: block } @media print { .d { display: none } } #e{visibility:hidden}"),
    ).toEqual(["a", ".b", "#e"]);
  });
});
