import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertMarkdown, finishReading } from "./convert-reading";
import { countPlainMarkdownTableCells } from "./markdown-table-cells";
import { countTableCells } from "./structure";

/** The cells the reading has once parsed, counted as the server counts them against its limit. */
const parsedCells = (markdown: string) => countTableCells(finishReading(convertMarkdown(markdown)).structure?.blocks ?? []);

const table = (header: string[], rows: string[][]) =>
  [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");

describe("countPlainMarkdownTableCells: a table's cells counted from its lines, never more than parsing finds", () => {
  it("counts every cell of a table of words, the header's too, as parsing does", () => {
    const markdown = `Intro words.\n\n${table(
      ["a", "b", "c"],
      [
        ["x", "y", "z"],
        ["1", "2.5 %", "it's"],
      ],
    )}\n\nAfter.\n\n${table(["one"], [["two"]])}`;
    expect(countPlainMarkdownTableCells(markdown)).toBe(11);
    expect(parsedCells(markdown)).toBe(11);
  });

  it("leaves out cells that are empty or hold markup that could leave them without text", () => {
    const markdown = `Intro words.\n\n${table(
      ["a", "*b*", ""],
      [
        ["![i](u)", "[l](u)", "`c`"],
        ["<b>h</b>", "a\\|b", "&amp;"],
        ["x", "y", "z"],
      ],
    )}`;
    expect(countPlainMarkdownTableCells(markdown)).toBe(4);
    expect(parsedCells(markdown)).toBeGreaterThanOrEqual(4);
  });

  it("counts nothing that is not certainly a top-level table", () => {
    const inside = table(["a", "b"], [["x", "y"]]);
    for (const markdown of [
      `Intro words.\n\n\`\`\`\n${inside}\n\`\`\``,
      `Intro words.\n\n<!--\n\n${inside}\n\n-->`,
      `Intro words.\n\n<script>\n\n${inside}\n\n</script>`,
      `Intro words.\n\n> ${inside.replaceAll("\n", "\n> ")}`,
      `Intro words.\n\n- item\n\n  ${inside.replaceAll("\n", "\n  ")}`,
      `Intro words.\n${inside}`,
      `Intro words.\n\n| a | b |\n|---|---|---|\n| x | y |`,
      `Intro words.\n\n    ${inside.replaceAll("\n", "\n    ")}`,
    ]) {
      expect(countPlainMarkdownTableCells(markdown), markdown).toBe(0);
      expect(parsedCells(markdown), markdown).toBeGreaterThanOrEqual(0);
    }
  });

  it("stops at the line that ends a table, and reads that line again as a block of its own", () => {
    const markdown = `Intro words.\n\n${table(["a", "b"], [["x", "y"]])}\n\`\`\`\n\n${table(["c", "d"], [["u", "v"]])}\n\`\`\``;
    expect(countPlainMarkdownTableCells(markdown)).toBe(4);
    expect(parsedCells(markdown)).toBe(4);
  });

  it("is never more than parsing finds, whatever surrounds the tables and whatever their cells hold (property)", () => {
    const word = fc.constantFrom("x", "alpha", "B2", "3", "Ω", "it's", "a-b");
    const cell = fc.oneof(
      word,
      fc.constantFrom("", " ", "*em*", "![i](u)", "[l](u)", "`c|d`", "a\\|b", "<b>h</b>", "&amp;", "- x", "# h", "> q", "[^1]"),
    );
    const row = fc
      .tuple(fc.array(cell, { maxLength: 6 }), fc.constantFrom("", " ", "    "), fc.boolean(), fc.boolean())
      .map(([cells, indent, leading, trailing]) => `${indent}${leading ? "| " : ""}${cells.join(" | ")}${trailing ? " |" : ""}`);
    const delimiter = fc
      .tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom("---", ":--", "--:", ":-:"), fc.boolean())
      .map(([columns, dashes, outer]) => (outer ? `|${Array(columns).fill(dashes).join("|")}|` : Array(columns).fill(dashes).join(" | ")));
    const tableLike = fc
      .tuple(row, delimiter, fc.array(row, { maxLength: 5 }))
      .map(([head, rule, rows]) => [head, rule, ...rows].join("\n"));
    const other = fc.constantFrom(
      "Some words.",
      "# Heading",
      "> quoted",
      "> | a | b |",
      "- item",
      "1. item",
      "```",
      "~~~",
      "<!--",
      "-->",
      "<div>",
      "</div>",
      "<pre>",
      "</pre>",
      "    indented | x",
      "[^1]: note | x",
      "***",
      "",
    );
    const documents = fc
      .array(fc.tuple(fc.oneof(tableLike, other), fc.constantFrom("\n", "\n\n")), { minLength: 1, maxLength: 8 })
      .map((parts) => `Intro words.\n\n${parts.map(([block, gap]) => block + gap).join("")}`);
    fc.assert(
      fc.property(documents, (markdown) => {
        expect(countPlainMarkdownTableCells(markdown)).toBeLessThanOrEqual(parsedCells(markdown));
      }),
      { numRuns: 400, seed: 15 },
    );
  });

  it("is what parsing finds for tables of words, one after another (property)", () => {
    const word = fc.constantFrom("x", "alpha", "B2", "3", "Ω");
    const wordTable = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 5 }))
      .chain(([columns, rows]) =>
        fc.tuple(
          fc.array(word, { minLength: columns, maxLength: columns }),
          fc.array(fc.array(word, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
        ),
      )
      .map(([header, rows]) => table(header, rows));
    fc.assert(
      fc.property(fc.array(wordTable, { minLength: 1, maxLength: 4 }), (tables) => {
        const markdown = `Intro words.\n\n${tables.join("\n\nBetween.\n\n")}`;
        expect(countPlainMarkdownTableCells(markdown)).toBe(parsedCells(markdown));
      }),
      { numRuns: 200, seed: 15 },
    );
  });
});
