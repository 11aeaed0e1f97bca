import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { matchQuote } from "./match-quote";
import { describeTextRange } from "./text-quote";

const SEED_FILE = path.resolve(__dirname, "../../content/taliban-ttp-and-pakistan.txt");
const text = parsePlainTextArticle(readFileSync(SEED_FILE, "utf8")).text;

function occurrencesOf(needle: string): number[] {
  const found: number[] = [];
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + 1)) found.push(index);
  return found;
}

describe("matchQuote on the seed article", () => {
  it("finds a quote that occurs once, scoring its full context", () => {
    const start = text.indexOf("divergent interests");
    const { quote } = describeTextRange(text, start, start + "divergent interests".length);
    expect(matchQuote(text, quote)).toEqual({
      start,
      end: start + quote.exact.length,
      score: quote.prefix.length + quote.suffix.length,
    });
  });

  it("tells every occurrence of a repeated quote apart by its prefix and suffix", () => {
    const starts = occurrencesOf("Pakistan’s");
    expect(starts).toHaveLength(4);
    for (const start of starts) {
      const { quote } = describeTextRange(text, start, start + "Pakistan’s".length);
      expect(matchQuote(text, quote)?.start).toBe(start);
      expect(matchQuote(text, { exact: quote.exact, prefix: quote.prefix })?.start).toBe(start);
      expect(matchQuote(text, { exact: quote.exact, suffix: quote.suffix })?.start).toBe(start);
    }
  });

  it("finds a quote spanning a paragraph break", () => {
    const exact = "chosen not to do so?\n\nThis distinction";
    expect(matchQuote(text, { exact })).toMatchObject({ start: text.indexOf(exact), score: 0 });
  });

  it("uses the hint only to break ties between equally good occurrences", () => {
    const starts = occurrencesOf("TTP");
    expect(starts.length).toBeGreaterThan(10);
    // No context: the first occurrence, or the one nearest the hint.
    expect(matchQuote(text, { exact: "TTP" })?.start).toBe(starts[0]);
    expect(matchQuote(text, { exact: "TTP" }, starts[7] + 3)?.start).toBe(starts[7]);
    expect(matchQuote(text, { exact: "TTP" }, text.length + 500)?.start).toBe(starts.at(-1));

    // With context, the occurrence it fits wins however far it is from the hint.
    const { quote } = describeTextRange(text, starts[1], starts[1] + 3);
    expect(matchQuote(text, quote, starts.at(-1))?.start).toBe(starts[1]);
  });

  it("is null when the exact text does not occur, or is empty", () => {
    expect(matchQuote(text, { exact: "Pakistan's" })).toBeNull();
    expect(matchQuote(text, { exact: "" })).toBeNull();
  });
});

describe("matchQuote scoring", () => {
  const sample = "the cat sat. the cat ran. the cat sat.";

  it("counts prefix code units backwards from the quote and suffix code units forwards", () => {
    // The prefix's last characters are the ones next to the quote: ". the " matches, "XYZ" does not.
    expect(matchQuote(sample, { exact: "cat", prefix: "XYZ. the ", suffix: " ran" })).toEqual({
      start: 17,
      end: 20,
      score: 6 + 4,
    });
    // A suffix matching only at its start still counts for the characters that match.
    expect(matchQuote(sample, { exact: "cat", suffix: " raX" })).toMatchObject({ start: 17, score: 3 });
  });

  it("prefers the occurrence nearest the hint among equal scores", () => {
    expect(matchQuote(sample, { exact: "cat", suffix: " sat" })?.start).toBe(4);
    expect(matchQuote(sample, { exact: "cat", suffix: " sat" }, 30)?.start).toBe(30);
    const nearHint = matchQuote(sample, { exact: "cat", suffix: " sat" }, 30);
    expect(nearHint!.score).toBeGreaterThan(4);
    expect(nearHint!.score).toBeLessThan(5);
  });

  it("lets one more matching character of context outweigh any closeness to the hint", () => {
    // " r" fits after the second "cat" for 2 units, after the others for 1.
    expect(matchQuote(sample, { exact: "cat", suffix: " r" }, 30)).toMatchObject({ start: 17 });
    expect(matchQuote(sample, { exact: "cat", suffix: " r" }, 30)!.score).toBeLessThan(3);
  });

  it("does not count context past the ends of the text", () => {
    expect(matchQuote("cat", { exact: "cat", prefix: "the ", suffix: " sat" })).toEqual({ start: 0, end: 3, score: 0 });
  });

  it("matches astral characters and never half of one", () => {
    const emoji = "a😀b😀c";
    expect(matchQuote(emoji, { exact: "😀", suffix: "c" })).toMatchObject({ start: 4, end: 6 });
    // A lone low surrogate occurs inside every "😀", but never as a character of its own.
    expect(matchQuote(emoji, { exact: "😀".slice(1) })).toBeNull();
    expect(matchQuote("𝒜𝒜x", { exact: "𝒜x" })).toMatchObject({ start: 2, end: 5 });
  });

  it("never matches part of a character made of several code points", () => {
    // "cafe" occurs in "cafe\u0301" only without its accent, and the family of three only inside the family of four.
    expect(matchQuote("a cafe\u0301 and a cafe.", { exact: "cafe" })).toMatchObject({ start: 14, end: 18 });
    expect(matchQuote("👩‍👩‍👧‍👦", { exact: "👩‍👩‍👧" })).toBeNull();
  });
});
