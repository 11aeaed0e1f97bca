import { parseHTML } from "linkedom";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { convertMarkdown, finishReading } from "@/lib/documents/convert-reading";
import { ArticleBody, type PaintedHighlight } from "./article-body";
import { idsUnderMark } from "./highlight-picker";

const draft = finishReading(
  convertMarkdown(
    [
      "# Title",
      "Opening with *stress* and a [source](https://example.org/src).",
      "## Part two",
      "- alpha item",
      "- beta **bold** item",
      "",
      "1. first",
      "2. second",
      "",
      "> a quotation",
      "",
      "```",
      "line one",
      "  line two",
      "```",
    ].join("\n\n"),
  ),
);

function render(highlights: PaintedHighlight[] = []) {
  const markup = renderToStaticMarkup(<ArticleBody text={draft.text} versionId="v1" structure={draft.structure} highlights={highlights} />);
  return parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
}

describe("ArticleBody with a structure", () => {
  it("renders headings, lists, quotes and code with their own elements", () => {
    const document = render();
    // The reading's top heading level is an <h2> under the page's <h1> title, whatever "#"s it had.
    expect(document.querySelector("h2")?.textContent).toBe("Part two");
    expect([...document.querySelectorAll("ul > li")].map((item) => item.textContent)).toEqual(["alpha item", "beta bold item"]);
    expect([...document.querySelectorAll("ol > li")].map((item) => item.textContent)).toEqual(["first", "second"]);
    expect(document.querySelector("blockquote")?.textContent).toBe("a quotation");
    expect(document.querySelector("pre")?.textContent).toBe("line one\n  line two");
    expect(document.querySelector("em")?.textContent).toBe("stress");
    expect(document.querySelector("strong")?.textContent).toBe("bold");
    const link = document.querySelector("a");
    expect(link?.getAttribute("href")).toBe("https://example.org/src");
    expect(link?.getAttribute("rel")).toContain("noopener");
  });

  it("keeps the body's textContent exactly the canonical text, with highlights crossing marks and blocks", () => {
    const crossing: PaintedHighlight[] = [
      { id: "a", start: draft.text.indexOf("with"), end: draft.text.indexOf("source") + 3, color: "yellow", isMine: true },
      { id: "b", start: draft.text.indexOf("beta"), end: draft.text.indexOf("second"), color: "blue", isMine: false },
    ];
    for (const highlights of [[], crossing]) {
      const document = render(highlights);
      expect(document.querySelector(".reader__body")?.textContent).toBe(draft.text);
    }
    const document = render(crossing);
    // The emphasis sits inside the highlight run; the link is split at the highlight's end.
    expect(document.querySelector("mark em")?.textContent).toBe("stress");
    expect([...document.querySelectorAll("a")].map((link) => link.textContent)).toEqual(["sou", "rce"]);
  });

  it("renders a plain version as paragraphs, as before", () => {
    const markup = renderToStaticMarkup(<ArticleBody text={"One.\n\nTwo."} versionId="v1" />);
    const document = parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
    expect([...document.querySelectorAll("p")].map((paragraph) => paragraph.textContent)).toEqual(["One.", "Two."]);
  });
  it("makes an outline of the headings: no level skipped below the page's <h1>", () => {
    const text = ["A", "B", "C", "D"].join("\n\n");
    const structure = {
      blocks: [
        { kind: "heading" as const, level: 3 },
        { kind: "heading" as const, level: 5 },
        null,
        { kind: "heading" as const, level: 2 },
      ],
      marks: [],
      pages: [],
      sections: [],
    };
    const markup = renderToStaticMarkup(<ArticleBody text={text} versionId="v1" structure={structure} />);
    const document = parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
    expect([...document.querySelectorAll("h2, h3, h4, h5, h6, p")].map((element) => `${element.tagName}:${element.textContent}`)).toEqual([
      "H2:A",
      "H3:B",
      "P:C",
      "H2:D",
    ]);
  });

  it("renders a figure's caption as a <figure>'s <figcaption>, and page starts as empty page-break markers", () => {
    const text = ["First page text that runs on", "onto the second page here.", "Figure 1. A map of the river.", "Third page."].join(
      "\n\n",
    );
    const structure = {
      blocks: [null, null, { kind: "caption" as const }, null],
      marks: [],
      pages: [
        { number: 1, start: 0 },
        { number: 2, start: text.indexOf("the second") },
        { number: 3, start: text.indexOf("Third") },
      ],
      sections: [],
    };
    const highlights: PaintedHighlight[] = [
      { id: "h", start: text.indexOf("onto"), end: text.indexOf("here"), color: "green", isMine: true },
    ];
    const markup = renderToStaticMarkup(<ArticleBody text={text} versionId="v1" structure={structure} highlights={highlights} />);
    const document = parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
    expect(document.querySelector("figure > figcaption")?.textContent).toBe("Figure 1. A map of the river.");
    const breaks = [...document.querySelectorAll('[role~="doc-pagebreak"]')];
    // Page 1 begins the text: no break before it. Page 2 begins inside a highlight, page 3 at a paragraph.
    expect(breaks.map((marker) => marker.getAttribute("aria-label"))).toEqual(["Page 2", "Page 3"]);
    expect(breaks[0].closest("mark")?.textContent).toBe("onto the second page ");
    expect(breaks.every((marker) => marker.textContent === "")).toBe(true);
    expect(document.querySelector(".reader__body")?.textContent).toBe(text);
  });

  it("nests a list inside the list it belongs to, and the items after it go on counting in the same list", () => {
    const reading = finishReading(
      convertMarkdown("1. First\n   - a point\n     - a detail\n   1. a step\n2. Second\n3. Third\n\nAfter.\n\n1. Again"),
    );
    const markup = renderToStaticMarkup(<ArticleBody text={reading.text} versionId="v1" structure={reading.structure} />);
    const document = parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
    // Each list as its tag and entries: an item's text, or the list nested in an item of its own.
    type Outline = [string, ...(string | Outline)[]];
    const outline = (list: Element): Outline => [
      list.tagName,
      ...[...list.children].map((item) =>
        item.classList.contains("reader__nested") ? outline(item.firstElementChild!) : (item.textContent ?? ""),
      ),
    ];
    expect([...document.querySelectorAll(".reader__body > .reader__list")].map(outline)).toEqual([
      ["OL", "First", ["UL", "a point", ["UL", "a detail"]], ["OL", "a step"], "Second", "Third"],
      ["OL", "Again"],
    ]);
    // No list carries a number of its own: "Second" is the second numbered item of the first list.
    expect([...document.querySelectorAll(".reader__list")].map((list) => list.getAttribute("start"))).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(document.querySelector(".reader__body")?.textContent).toBe(reading.text);
  });

  it("draws a description list, a task list's boxes, and struck, raised and lowered words, without adding text", () => {
    const reading = finishReading(
      convertMarkdown("Water is ~~not~~ wet.[^1]\n\n- [ ] to read\n- [x] read\n- plain\n\n[^1]: A note.\n\nEnd."),
    );
    const structure = {
      ...reading.structure!,
      blocks: [...reading.structure!.blocks, { kind: "term" as const }, { kind: "definition" as const }, { kind: "definition" as const }],
      marks: [...reading.structure!.marks, { kind: "subscript" as const, start: reading.text.length + 3, end: reading.text.length + 4 }],
    };
    const text = `${reading.text}\n\nH2O\n\nWater.\n\nIn lakes.`;
    const markup = renderToStaticMarkup(<ArticleBody text={text} versionId="v1" structure={structure} />);
    const document = parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
    expect(document.querySelector("del")?.textContent).toBe("not");
    expect([...document.querySelectorAll("sup")].map((sup) => sup.textContent)).toEqual(["1", "1"]);
    expect(document.querySelector("sub")?.textContent).toBe("2");
    expect([...document.querySelectorAll("ul > li")].map((item) => [item.textContent, item.getAttribute("data-task")])).toEqual([
      ["to read", "open"],
      ["read", "done"],
      ["plain", null],
    ]);
    expect([...document.querySelectorAll("dl > *")].map((child) => [child.tagName, child.textContent])).toEqual([
      ["DT", "H2O"],
      ["DD", "Water."],
      ["DD", "In lakes."],
    ]);
    expect(document.querySelector(".reader__body")?.textContent).toBe(text);
  });

  it("starts a numbered list where its source does, even right after another list", () => {
    const reading = finishReading(convertMarkdown("1. One\n2. Two\n\nBetween.\n\n5. Five\n6. Six\n\n- a\n\n0. Zero"));
    const markup = renderToStaticMarkup(<ArticleBody text={reading.text} versionId="v1" structure={reading.structure} />);
    const document = parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
    expect(
      [...document.querySelectorAll(".reader__list")].map((list) => [list.tagName, list.getAttribute("start"), list.children.length]),
    ).toEqual([
      ["OL", null, 2],
      ["OL", "5", 2],
      ["UL", null, 1],
      ["OL", "0", 1],
    ]);
    expect(document.querySelector(".reader__body")?.textContent).toBe(reading.text);
  });

  it("draws a bounded number of empty cells, however many columns a stored table claims", () => {
    const text = Array.from({ length: 50 }, (_, row) => `cell ${row}`).join("\n\n");
    const structure = {
      blocks: Array.from({ length: 50 }, (_, row) => ({ kind: "table-cell" as const, row, column: 99_999 })),
      marks: [],
      pages: [],
      sections: [],
    };
    const markup = renderToStaticMarkup(<ArticleBody text={text} versionId="v1" structure={structure} />);
    const document = parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
    expect(document.querySelectorAll('[role="row"]')).toHaveLength(50);
    expect(document.querySelectorAll('[role="cell"]:empty').length).toBeLessThanOrEqual(4 * 50 + 64);
    expect(document.querySelector(".reader__body")?.textContent).toBe(text);
  });

  it("draws a merged cell across the rows and columns it covers, with no empty cell where it reaches; a span past the table's end stops at its last row", () => {
    // Day | Port | High | Low; Mon spans 2 rows; "closed" spans 2 rows and 2 columns; Wed spans to the end (rowspan="0").
    const cells: [string, number, number, number?, number?][] = [
      ["Day", 0, 0], ["Port", 0, 1], ["High", 0, 2], ["Low", 0, 3],
      ["Mon", 1, 0, 2], ["Dover", 1, 1], ["06:10", 1, 2],
      ["Calais", 2, 1], ["closed", 2, 2, 2, 2],
      ["Tue", 3, 0], ["Ostend", 3, 1],
      ["Wed", 4, 0, 1000], ["Dover", 4, 1], ["Calais", 5, 1],
    ]; // prettier-ignore
    const text = cells.map(([cell]) => cell).join("\n\n");
    const structure = {
      blocks: cells.map(([, row, column, rowSpan, columnSpan]) => ({
        kind: "table-cell" as const,
        row,
        column,
        ...(rowSpan ? { rowSpan } : {}),
        ...(columnSpan ? { columnSpan } : {}),
      })),
      marks: [],
      pages: [],
      sections: [],
    };
    const markup = renderToStaticMarkup(<ArticleBody text={text} versionId="v1" structure={structure} />);
    const document = parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
    const rows = [...document.querySelectorAll('[role="row"]')].map((row) =>
      [...row.querySelectorAll('[role="cell"]')].map((cell) => {
        const spans = [cell.getAttribute("aria-rowspan"), cell.getAttribute("aria-colspan")].filter(Boolean);
        return `${cell.textContent || "·"}${spans.length ? `[${cell.getAttribute("aria-rowspan") ?? 1}×${cell.getAttribute("aria-colspan") ?? 1}]` : ""} ${(cell as HTMLElement).style.gridRow}`;
      }),
    );
    expect(rows).toEqual([
      ["Day 1 / span 1", "Port 1 / span 1", "High 1 / span 1", "Low 1 / span 1"],
      ["Mon[2×1] 2 / span 2", "Dover 2 / span 1", "06:10 2 / span 1", "· 2"], // the row's last cell is empty
      ["Calais 3 / span 1", "closed[2×2] 3 / span 2"], // column 0 is Mon's
      ["Tue 4 / span 1", "Ostend 4 / span 1"], // columns 2 and 3 are closed's
      ["Wed[2×1] 5 / span 2", "Dover 5 / span 1", "· 5", "· 5"],
      ["Calais 6 / span 1", "· 6", "· 6"], // Wed's span stops at the table's last row
    ]);
    expect(document.querySelector('[role="table"]')?.getAttribute("class")).toBe("reader__table reader__table--grid");
    expect(document.querySelector(".reader__body")?.textContent).toBe(text);
  });

  it("renders table cells as a table's rows and cells, an empty cell kept in its place, and a second table apart", () => {
    const reading = finishReading(
      convertMarkdown(
        [
          "| Port | Morning | Evening |",
          "| --- | --- | --- |",
          "| Dover | | 18:40 |",
          "| Calais | 06:10 | 19:05 |",
          "",
          "![The harbour at low water](harbour.png)",
          "",
          "| Year | Ships |",
          "| --- | --- |",
          "| 1886 | 41 |",
        ].join("\n"),
      ),
    );
    const highlights: PaintedHighlight[] = [
      // From one cell across a row's end into the next row: a mark in each of the three cells it reaches.
      { id: "a", start: reading.text.indexOf("18:40"), end: reading.text.indexOf("06:10") + 2, color: "blue", isMine: true },
    ];
    const markup = renderToStaticMarkup(
      <ArticleBody text={reading.text} versionId="v1" structure={reading.structure} highlights={highlights} />,
    );
    const document = parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
    const tables = [...document.querySelectorAll('[role="table"]')];
    expect(tables).toHaveLength(2);
    // No merged cell: laid out as a table (faster than a grid for a long one).
    expect(tables[0].getAttribute("class")).toBe("reader__table");
    const grid = (table: Element) =>
      [...table.querySelectorAll('[role="row"]')].map((row) =>
        [...row.querySelectorAll('[role="cell"], [role="columnheader"], [role="rowheader"]')].map(
          (cell) => `${cell.getAttribute("role")}:${cell.textContent}`,
        ),
      );
    expect(grid(tables[0])).toEqual([
      ["columnheader:Port", "columnheader:Morning", "columnheader:Evening"],
      ["cell:Dover", "cell:", "cell:18:40"],
      ["cell:Calais", "cell:06:10", "cell:19:05"],
    ]);
    expect(grid(tables[1])).toEqual([
      ["columnheader:Year", "columnheader:Ships"],
      ["cell:1886", "cell:41"],
    ]);
    // Each cell's paragraph is still a block with its place in the text, so selecting and annotating work as anywhere else.
    const dover = [...document.querySelectorAll(".reader__block")].find((block) => block.textContent === "Dover");
    expect(Number(dover?.getAttribute("data-start"))).toBe(reading.text.indexOf("Dover"));
    expect(document.querySelector("figure.reader__image")?.textContent).toBe("The harbour at low water");
    expect([...document.querySelectorAll("mark")].map((mark) => mark.textContent)).toEqual(["18:40", "Calais", "06"]);
    expect(document.querySelector(".reader__body")?.textContent).toBe(reading.text);
  });
});

describe("a clicked highlight run names the annotations covering it", () => {
  // Random overlapping highlights (a fixed seed), some of them the reader's.
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const colors = ["yellow", "blue", "green", "pink"] as const;
  const highlights: PaintedHighlight[] = Array.from({ length: 60 }, (_, index) => {
    const start = Math.floor(random() * (draft.text.length - 20));
    return { id: `h${index}`, start, end: start + 1 + Math.floor(random() * 12), color: colors[index % 4], isMine: index % 3 === 0 };
  });
  const shuffled = [...highlights].sort(() => random() - 0.5);
  const coveringAt = (at: number) =>
    highlights
      .filter((highlight) => highlight.start <= at && at < highlight.end)
      .sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  const document = render(shuffled);
  const marks = [...document.querySelectorAll("mark[data-at]")] as unknown as HTMLElement[];
  const crowds = marks.filter((mark) => mark.classList.contains("hl--crowd"));
  const runs = marks.filter((mark) => !mark.classList.contains("hl--crowd"));

  it("paints a run of one or two highlights with its top one, and finds them from its data-at, in paint order, whatever order they came in", () => {
    expect(runs.length).toBeGreaterThan(10);
    for (const run of runs) {
      const at = Number(run.getAttribute("data-at"));
      const expected = coveringAt(at).map((highlight) => highlight.id);
      expect(idsUnderMark({ dataset: { at: String(at) } } as unknown as HTMLElement, shuffled)).toEqual(expected);
      // The run's top annotation (shown on top, data-annotation-id) is the last of them.
      expect(run.getAttribute("data-annotation-id")).toBe(expected[expected.length - 1]);
      expect(run.getAttribute("data-depth")).toBe(String(expected.length));
      expect(expected.length).toBeLessThan(3);
      // Its covering set is the same all along it: every character agrees with the first.
      for (let offset = 1; offset < (run.textContent ?? "").length; offset += 1)
        expect(coveringAt(at + offset).map((highlight) => highlight.id)).toEqual(expected);
    }
  });

  it("paints where three or more stack as a crowd: one mark while the reader's own top colour stays the same", () => {
    expect(crowds.length).toBeGreaterThan(3);
    for (const crowd of crowds) {
      const at = Number(crowd.getAttribute("data-at"));
      expect(crowd.getAttribute("data-depth")).toBe("3");
      expect(crowd.hasAttribute("data-annotation-id")).toBe(false);
      for (let offset = 0; offset < (crowd.textContent ?? "").length; offset += 1) {
        const covering = coveringAt(at + offset);
        expect(covering.length).toBeGreaterThanOrEqual(3);
        // The reader's own latest-starting highlight colours the crowd; none of theirs: no one's colour.
        const mine = covering.filter((highlight) => highlight.isMine).at(-1);
        expect(crowd.className).toBe(`hl hl--crowd ${mine ? `hl--${mine.color} hl--mine` : "hl--others"}`);
      }
      // A crowd's mark ends where its look (or the card it points at) changes, or where the crowd does.
      const next = crowd.nextSibling as HTMLElement | null;
      const look = (mark: HTMLElement) => `${mark.className} ${mark.getAttribute("aria-details")}`;
      if (next?.classList?.contains("hl--crowd")) expect(look(next)).not.toBe(look(crowd));
    }
    // Merging runs into crowds leaves the text untouched.
    expect(document.querySelector(".reader__body")?.textContent).toBe(draft.text);
  });
});
