import { describe, expect, it } from "vitest";
import { readConversionLimits } from "@/lib/documents/reading-limits";
import { draftReading, type ConversionJob } from "./convert-source";

const limits = readConversionLimits({});
const pasted = (format: "text" | "markdown", text: string): ConversionJob => ({ kind: "pasted", format, text, metadata: {}, limits });
const file = (format: "text" | "markdown" | "html", name: string, text: string): ConversionJob => ({
  kind: "bytes",
  format,
  bytes: new TextEncoder().encode(text),
  name,
  metadata: {},
  charset: null,
  sourceUrl: null,
  limits,
});

describe("a reading's control characters (QA round 6: BEL, ESC and backspace were kept in the text and the title made from it)", () => {
  it("are left out of pasted text, and of the title made from its first line", async () => {
    const draft = await draftReading(pasted("text", "Bell\u0007 and escape\u001b[31m red \u0008 backspace"));
    expect(draft.text).toBe("Bell and escape[31m red  backspace");
    expect(draft.title).toBe("Bell and escape[31m red backspace");
  });

  it("are left out of Markdown before it is read, so the marks over the text still fall on their words", async () => {
    const draft = await draftReading(
      pasted("markdown", "# Ti\u001btle\n\nA \u0007**bold**\u0008 word.\n\n```\ncode\u0007\n\u0007\nmore\n```"),
    );
    expect(draft.title).toBe("Title");
    expect(draft.paragraphs).toEqual(["A bold word.", "code\nmore"]);
    const bold = draft.structure!.marks.find((mark) => mark.kind === "strong")!;
    expect(draft.text.slice(bold.start, bold.end)).toBe("bold");
  });

  it("are left out of text, Markdown and HTML files; a form feed ends the line", async () => {
    expect((await draftReading(file("text", "a.txt", "Title\n\nOne\u001b line.\u000cNext page."))).paragraphs).toEqual([
      "One line. Next page.",
    ]);
    expect((await draftReading(file("markdown", "a.md", "Some\u0007 *words*\u007f here."))).text).toBe("Some words here.");
    const page =
      "<html><head><title>A\u0007 page</title></head><body><article><p>Escape\u001b[0m sequence, one of many words in this paragraph of an article.</p></article></body></html>";
    const html = await draftReading(file("html", "a.html", page));
    expect(html.text).toBe("Escape[0m sequence, one of many words in this paragraph of an article.");
    expect(html.title).toBe("A page");
  });
});

describe("a reading's size in paragraphs and table cells", () => {
  const table = (columns: number, rows: number) =>
    `|${"a|".repeat(columns)}\n|${"-|".repeat(columns)}\n${`|${"x|".repeat(columns)}\n`.repeat(rows)}`;

  it("is refused (413) past READING_MAX_TABLE_CELLS, counting a cell of several paragraphs once", async () => {
    const small = { ...limits, maxTableCells: 12 };
    const fits = await draftReading({ ...pasted("markdown", table(3, 3)), limits: small });
    expect(fits.paragraphs).toHaveLength(12);
    const refused = await draftReading({ ...pasted("markdown", table(3, 4)), limits: small }).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      status: 413,
      message: expect.stringMatching(/^This reading's tables have 15 cells; a reading may have at most 12\./),
    });
  });

  it("is refused (413) past READING_MAX_PARAGRAPHS, before the draft leaves the worker", async () => {
    const refused = await draftReading({
      ...pasted("text", "Title\n\nOne.\n\nTwo.\n\nThree."),
      limits: { ...limits, maxParagraphs: 2 },
    }).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      status: 413,
      message: expect.stringMatching(/^This reading has 3 paragraphs; a reading may have at most 2\./),
    });
  });
});
