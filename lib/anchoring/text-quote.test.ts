import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import {
  QUOTE_CONTEXT_LENGTH,
  describeTextRange,
  snapRangeToGraphemes,
  splitsGrapheme,
  splitsSurrogatePair,
  trimRangeWhitespace,
} from "./text-quote";

const SEED_FILE = path.resolve(__dirname, "../../content/taliban-ttp-and-pakistan.txt");
const article = parsePlainTextArticle(readFileSync(SEED_FILE, "utf8"));
const text = article.text;

/** Whether a string is well-formed UTF-16: no lone surrogate halves. */
function isWellFormed(value: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

describe("describeTextRange on the seed article", () => {
  it("quotes the exact words with 32 code units of context on either side", () => {
    const start = text.indexOf("Pakistan’s expectations");
    const end = start + "Pakistan’s expectations".length;
    const target = describeTextRange(text, start, end);

    expect(target.position).toEqual({ type: "TextPositionSelector", start, end });
    expect(target.quote).toEqual({
      type: "TextQuoteSelector",
      exact: "Pakistan’s expectations",
      prefix: text.slice(start - QUOTE_CONTEXT_LENGTH, start),
      suffix: text.slice(end, end + QUOTE_CONTEXT_LENGTH),
    });
    expect(target.quote.prefix).toBe(". If the problem is incapacity, ");
    expect(target.quote.suffix).toBe(" from the Taliban would need to ");
  });

  it("keeps the paragraph separator in a quote that crosses paragraphs", () => {
    const [first, second] = paragraphRanges(text);
    const start = first.end - "chosen not to do so?".length;
    const end = second.start + "This distinction".length;
    const { quote } = describeTextRange(text, start, end);

    expect(quote.exact).toBe("chosen not to do so?\n\nThis distinction");
    expect(quote.prefix.endsWith("or has it ")).toBe(true);
    expect(quote.suffix).toBe(" matters. If the problem is inca");
  });

  it("shortens the context at the start and the end of the text", () => {
    const opening = describeTextRange(text, 0, "Since".length);
    expect(opening.quote.prefix).toBe("");
    expect(opening.quote.suffix).toHaveLength(QUOTE_CONTEXT_LENGTH);

    const closing = describeTextRange(text, text.length - "relationship.".length, text.length);
    expect(closing.quote.exact).toBe("relationship.");
    expect(closing.quote.suffix).toBe("");
  });

  it("quotes the whole text", () => {
    const { quote } = describeTextRange(text, 0, text.length);
    expect(quote).toMatchObject({ exact: text, prefix: "", suffix: "" });
  });
});

describe("describeTextRange with astral characters", () => {
  const padding = "x".repeat(40);

  it("shrinks the prefix window rather than cut an emoji in half", () => {
    // The 32-unit window would start between the two halves of "😀".
    const sample = `${padding}😀${"a".repeat(31)}WORD`;
    const start = sample.indexOf("WORD");
    const { quote } = describeTextRange(sample, start, start + 4);

    expect(splitsSurrogatePair(sample, start - QUOTE_CONTEXT_LENGTH)).toBe(true);
    expect(quote.prefix).toBe("a".repeat(31));
    expect(isWellFormed(quote.prefix)).toBe(true);
  });

  it("keeps an emoji that fits the prefix window whole", () => {
    const sample = `${padding}😀${"a".repeat(30)}WORD`;
    const start = sample.indexOf("WORD");
    const { quote } = describeTextRange(sample, start, start + 4);
    expect(quote.prefix).toBe(`😀${"a".repeat(30)}`);
    expect(quote.prefix).toHaveLength(QUOTE_CONTEXT_LENGTH);
  });

  it("shrinks the suffix window rather than cut a mathematical letter in half", () => {
    const sample = `WORD${"b".repeat(31)}𝒜${padding}`;
    const { quote } = describeTextRange(sample, 0, 4);
    expect(quote.suffix).toBe("b".repeat(31));
    expect(isWellFormed(quote.suffix)).toBe(true);

    const fits = `WORD${"b".repeat(30)}𝒜${padding}`;
    expect(describeTextRange(fits, 0, 4).quote.suffix).toBe(`${"b".repeat(30)}𝒜`);
  });

  it("quotes astral characters inside and at the edges of the exact text", () => {
    const sample = "Before 😀 and 𝒜fter";
    const start = sample.indexOf("😀");
    const end = sample.indexOf("fter");
    const { quote } = describeTextRange(sample, start, end);
    expect(quote).toMatchObject({ exact: "😀 and 𝒜", prefix: "Before ", suffix: "fter" });
  });

  it("keeps every window well formed wherever the range falls in emoji-dense text", () => {
    const sample = "😀a𝒜".repeat(30);
    for (let start = 0; start < sample.length; start += 1) {
      if (splitsSurrogatePair(sample, start)) continue;
      const end = splitsSurrogatePair(sample, start + 1) ? start + 2 : start + 1;
      const { quote } = describeTextRange(sample, start, end);
      expect(isWellFormed(quote.prefix) && isWellFormed(quote.exact) && isWellFormed(quote.suffix)).toBe(true);
      expect(quote.prefix.length).toBeGreaterThanOrEqual(Math.min(start, QUOTE_CONTEXT_LENGTH - 1));
      expect(quote.prefix + quote.exact + quote.suffix).toBe(sample.slice(start - quote.prefix.length, end + quote.suffix.length));
    }
  });
});

describe("describeTextRange refuses ranges no selection could make", () => {
  it("names the problem", () => {
    expect(() => describeTextRange("hello", 1.5, 3)).toThrow(/whole numbers/);
    expect(() => describeTextRange("hello", -1, 3)).toThrow(/outside the text \(length 5\)/);
    expect(() => describeTextRange("hello", 2, 6)).toThrow(RangeError);
    expect(() => describeTextRange("hello", 3, 3)).toThrow(/empty/);
    expect(() => describeTextRange("hello", 4, 2)).toThrow(/empty/);
  });

  it("refuses a start or end between the halves of an emoji", () => {
    const sample = "a😀b";
    expect(() => describeTextRange(sample, 2, 4)).toThrow(/Offset 2 splits a character/);
    expect(() => describeTextRange(sample, 0, 2)).toThrow(/Offset 2 splits a character/);
    expect(describeTextRange(sample, 1, 3).quote.exact).toBe("😀");
  });
});

describe("trimRangeWhitespace", () => {
  it("moves the edges of a selection onto the words", () => {
    const sample = "  one two \n\n";
    expect(trimRangeWhitespace(sample, 0, sample.length)).toEqual({ start: 2, end: 9 });
    expect(trimRangeWhitespace(sample, 2, 9)).toEqual({ start: 2, end: 9 });
  });

  it("drops a paragraph break dragged into either edge of a selection", () => {
    const [first, second] = paragraphRanges(text);
    // From the last word of one paragraph through the break to the start of the next.
    expect(trimRangeWhitespace(text, first.end - 3, second.start)).toEqual({ start: first.end - 3, end: first.end });
    expect(trimRangeWhitespace(text, first.end, second.start + 4)).toEqual({ start: second.start, end: second.start + 4 });
    expect(text.slice(second.start, second.start + 4)).toBe("This");
  });

  it("is null when there is nothing but whitespace", () => {
    const [first, second] = paragraphRanges(text);
    expect(trimRangeWhitespace(text, first.end, second.start)).toBeNull();
    expect(trimRangeWhitespace(" \t\u00a0\n", 0, 4)).toBeNull();
    expect(trimRangeWhitespace("abc", 1, 1)).toBeNull();
  });

  it("leaves emoji at the edges alone", () => {
    expect(trimRangeWhitespace(" 😀 ", 0, 4)).toEqual({ start: 1, end: 3 });
  });
});

describe("splitsGrapheme", () => {
  it("finds offsets inside what a reader sees as one character", () => {
    const family = "👩‍👩‍👧";
    const sample = `a${family}b`;
    // Inside the family (after each woman, each joiner, the girl's first half): all splits.
    for (let offset = 2; offset <= family.length; offset += 1) expect(splitsGrapheme(sample, offset)).toBe(true);
    expect(splitsGrapheme(sample, 1)).toBe(false);
    expect(splitsGrapheme(sample, 1 + family.length)).toBe(false);
    expect(splitsGrapheme("cafe\u0301 x", 4)).toBe(true); // e | combining acute
    expect(splitsGrapheme("cafe\u0301 x", 5)).toBe(false);
    expect(splitsGrapheme("🇵🇰!", 2)).toBe(true); // between a flag's two regional indicators
    expect(splitsGrapheme("a\r\nb", 2)).toBe(true);
    expect(splitsGrapheme("پالیسی", 3)).toBe(false); // joined Arabic letters are separate characters
    expect(splitsGrapheme("a😀b", 2)).toBe(true);
  });

  it("finds them past the first 64 code units of a long text", () => {
    const sample = `${"x".repeat(500)}n\u0303o`;
    expect(splitsGrapheme(sample, 501)).toBe(true);
    expect(splitsGrapheme(sample, 502)).toBe(false);
  });
});

describe("snapRangeToGraphemes", () => {
  it("widens a range that cuts an emoji sequence or a letter from its accent to take the whole character", () => {
    const sample = "Café 👩‍👩‍👧‍👦 and cafe\u0301.";
    const family = sample.indexOf("👩");
    expect(snapRangeToGraphemes(sample, family, family + 8)).toEqual({ start: family, end: family + "👩‍👩‍👧‍👦".length });
    const accent = sample.indexOf("cafe") + 4;
    expect(snapRangeToGraphemes(sample, accent, accent + 1)).toEqual({ start: accent - 1, end: accent + 1 });
  });

  it("widens a range that splits an emoji to take the whole character", () => {
    const sample = "a😀b𝒜c";
    expect(snapRangeToGraphemes(sample, 2, 5)).toEqual({ start: 1, end: 6 });
    expect(snapRangeToGraphemes(sample, 2, 3)).toEqual({ start: 1, end: 3 });
  });

  it("leaves ranges on code point boundaries unchanged", () => {
    const sample = "a😀b𝒜c";
    expect(snapRangeToGraphemes(sample, 1, 3)).toEqual({ start: 1, end: 3 });
    expect(snapRangeToGraphemes(sample, 0, sample.length)).toEqual({ start: 0, end: sample.length });
  });
});
