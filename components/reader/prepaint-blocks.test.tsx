import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { convertMarkdown, finishReading } from "@/lib/documents/convert-reading";
import { ArticleBody, prepaintBlocks, type PaintedHighlight } from "./article-body";

// A large reading's page sends its blocks painted on the server (prepaintBlocks) in place of its
// highlights; the browser hydrates them, then paints the highlights it fetched. Both must be the
// very HTML ArticleBody paints, or the page would change under the reader (or fail to hydrate).

const structured = finishReading(
  convertMarkdown(
    [
      "# Title",
      "Opening with *stress* and a [source](https://example.org/src).",
      "- alpha item",
      "- beta **bold** item",
      "> a quotation",
    ].join("\n\n"),
  ),
);
const plain = { text: "First paragraph of plain text, long enough.\n\nSecond one, also with words.\n\nThird and last.", structure: null };

/** Many highlights, stacked into crowds in places, from a fixed seed. */
function randomHighlights(length: number, count: number): PaintedHighlight[] {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: count }, (_, index) => {
    const start = Math.floor(next() * (length - 1));
    return {
      id: `h${index}`,
      start,
      end: Math.min(length, start + 1 + Math.floor(next() * 30)),
      color: HIGHLIGHT_COLORS[index % HIGHLIGHT_COLORS.length],
      isMine: next() < 0.3,
    };
  });
}

function markup(
  reading: { text: string; structure: typeof structured.structure | null },
  highlights: PaintedHighlight[],
  prepainted?: string[],
) {
  return renderToStaticMarkup(
    <ArticleBody
      text={reading.text}
      versionId="v1"
      structure={reading.structure}
      highlights={highlights}
      detailsFor={null}
      onAnnotateParagraph={() => {}}
      prepainted={prepainted}
    />,
  );
}

describe("prepaintBlocks", () => {
  for (const [name, reading] of [
    ["a structured reading", structured],
    ["a plain reading", plain],
  ] as const) {
    it(`gives ${name} the HTML ArticleBody paints, crowds included`, () => {
      for (const count of [0, 3, 200]) {
        const highlights = randomHighlights(reading.text.length, count);
        const painted = markup(reading, highlights);
        const prepainted = prepaintBlocks(reading.text, reading.structure, highlights);
        expect(markup(reading, [], prepainted), `${count} highlights`).toBe(painted);
        if (count > 0) {
          // The comparison tells paints apart: the same blocks without the highlights are other HTML.
          expect(markup(reading, []), `${count} highlights`).not.toBe(painted);
          expect(painted).toContain("<mark");
        }
      }
      expect(markup(reading, randomHighlights(reading.text.length, 200))).toContain("hl--crowd");
    });
  }
});
