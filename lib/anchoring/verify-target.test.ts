import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { describeTextRange } from "./text-quote";
import { type TargetCheck, verifyTarget } from "./verify-target";

const SEED_FILE = path.resolve(__dirname, "../../content/taliban-ttp-and-pakistan.txt");
const text = parsePlainTextArticle(readFileSync(SEED_FILE, "utf8")).text;

function reasonOf(check: TargetCheck): string {
  if (check.ok) throw new Error(`Expected a refusal, got ${check.start}–${check.end}.`);
  return check.reason;
}

function targetAt(start: number, end: number) {
  return describeTextRange(text, start, end);
}

describe("verifyTarget accepts what describeTextRange makes", () => {
  it("accepts a quote with its full context at its position", () => {
    const start = text.indexOf("divergent interests");
    expect(verifyTarget(text, targetAt(start, start + 19))).toEqual({ ok: true, start, end: start + 19 });
  });

  it("accepts a quote across a paragraph break, and one at each end of the text", () => {
    const [first, second] = paragraphRanges(text);
    expect(verifyTarget(text, targetAt(first.end - 3, second.start + 4)).ok).toBe(true);
    expect(verifyTarget(text, targetAt(0, 5)).ok).toBe(true);
    expect(verifyTarget(text, targetAt(text.length - 5, text.length)).ok).toBe(true);
  });

  it("accepts a quote without context, or with empty context", () => {
    const start = text.indexOf("Pakistan’s");
    const end = start + "Pakistan’s".length;
    expect(verifyTarget(text, { quote: { exact: "Pakistan’s" }, position: { start, end } }).ok).toBe(true);
    const emptyContext = { quote: { exact: "Pakistan’s", prefix: "", suffix: "" }, position: { start, end } };
    expect(verifyTarget(text, emptyContext).ok).toBe(true);
  });

  it("accepts astral characters on both sides of the quote", () => {
    const sample = "😀 first 𝒜 second 😀";
    const start = sample.indexOf("first");
    const target = describeTextRange(sample, start, sample.indexOf(" second"));
    expect(target.quote).toMatchObject({ exact: "first 𝒜", prefix: "😀 ", suffix: " second 😀" });
    expect(verifyTarget(sample, target)).toEqual({ ok: true, start, end: start + "first 𝒜".length });
  });
});

describe("verifyTarget refuses a target that does not point at the text", () => {
  it("refuses an empty quote", () => {
    expect(verifyTarget(text, { quote: { exact: "" }, position: { start: 0, end: 1 } })).toEqual({
      ok: false,
      reason: "The quote is empty: an annotation must quote at least one character.",
    });
  });

  it("says where the quote and the text differ, and what each says", () => {
    const start = text.indexOf("divergent interests");
    const target = { quote: { exact: "convergent interests" }, position: { start, end: start + 20 } };
    expect(verifyTarget(text, target)).toEqual({
      ok: false,
      reason:
        `The quote does not match the document text at ${start}–${start + 20}: ` +
        `the text there is "divergent interests ", the quote is "convergent interests".`,
    });
  });

  it("shortens long excerpts in the reason and shows paragraph breaks as \\n", () => {
    const [first] = paragraphRanges(text);
    const start = first.end - 10;
    const end = start + 60;
    const reason = reasonOf(verifyTarget(text, { quote: { exact: "x".repeat(60) }, position: { start, end } }));
    expect(reason).toContain(`the text there is " to do so?\\n\\nThis distinction matters. If…"`);
    expect(reason).toContain(`the quote is "${"x".repeat(40)}…".`);
  });

  it("never cuts an emoji in half in an excerpt", () => {
    const sample = `${"a".repeat(39)}😀${"b".repeat(10)}`;
    const position = { start: 0, end: sample.length };
    const reason = reasonOf(verifyTarget(sample, { quote: { exact: "z".repeat(sample.length) }, position }));
    expect(reason).toContain(`the text there is "${"a".repeat(39)}…"`);
  });

  it("refuses a prefix or suffix that does not match the text around the position", () => {
    const start = text.indexOf("divergent interests");
    const end = start + 19;
    const { quote, position } = targetAt(start, end);

    expect(verifyTarget(text, { quote: { ...quote, prefix: `X${quote.prefix.slice(1)}` }, position })).toEqual({
      ok: false,
      reason: `The prefix does not match the text before position ${start}.`,
    });
    expect(verifyTarget(text, { quote: { ...quote, suffix: `${quote.suffix.slice(0, -1)}X` }, position })).toEqual({
      ok: false,
      reason: `The suffix does not match the text after position ${end}.`,
    });
  });

  it("refuses context that would reach past either end of the text", () => {
    const atStart = { quote: { exact: "Since", prefix: "Title. " }, position: { start: 0, end: 5 } };
    expect(verifyTarget(text, atStart)).toEqual({ ok: false, reason: "The prefix does not match the text before position 0." });

    // Not fooled by a negative slice, which would read from the end of the text.
    const sample = "abcabc";
    expect(verifyTarget(sample, { quote: { exact: "a", prefix: "bc" }, position: { start: 0, end: 1 } }).ok).toBe(false);

    const atEnd = { quote: { exact: "c", suffix: "abc" }, position: { start: 5, end: 6 } };
    expect(verifyTarget(sample, atEnd)).toEqual({ ok: false, reason: "The suffix does not match the text after position 6." });
  });

  it("takes a quote and context written with decomposed accents as the composed text's words", () => {
    const composed = "Before it: the crème brûlée, and after it the café.";
    const nfd = (value: string) => value.normalize("NFD");
    const start = composed.indexOf("crème brûlée");
    const end = start + "crème brûlée".length;
    expect(verifyTarget(composed, { quote: { exact: nfd("crème brûlée"), prefix: nfd("the "), suffix: nfd(", and") } })).toEqual({
      ok: true,
      start,
      end,
    });
    const atPosition = { quote: { exact: nfd("crème brûlée"), prefix: "it: the ", suffix: nfd(", and after it the café") } };
    expect(verifyTarget(composed, { ...atPosition, position: { start, end } })).toEqual({ ok: true, start, end });
    expect(verifyTarget(composed, { quote: { exact: nfd("creme brulee") } })).toEqual({
      ok: false,
      reason: "The quote was not found in the document.",
    });
  });

  it("refuses a repeated quote at the position of another occurrence when the context says otherwise", () => {
    const first = text.indexOf("Pakistan’s");
    const second = text.indexOf("Pakistan’s", first + 1);
    const { quote } = targetAt(first, first + 10);
    const result = verifyTarget(text, { quote, position: { start: second, end: second + 10 } });
    expect(result).toEqual({ ok: false, reason: `The prefix does not match the text before position ${second}.` });
  });

  it("refuses positions outside the document", () => {
    const quote = { exact: "x" };
    expect(verifyTarget(text, { quote, position: { start: 9000, end: 9001 } })).toEqual({
      ok: false,
      reason: `Position 9000 is outside the document (length ${text.length}).`,
    });
    expect(text.length).toBe(7070);
    expect(verifyTarget(text, { quote, position: { start: -1, end: 3 } })).toEqual({
      ok: false,
      reason: "Position -1 is outside the document (length 7070).",
    });
    expect(verifyTarget(text, { quote, position: { start: 7069, end: 7071 } })).toMatchObject({
      reason: "Position 7071 is outside the document (length 7070).",
    });
  });

  it("refuses empty, reversed and fractional positions", () => {
    const quote = { exact: "x" };
    expect(verifyTarget(text, { quote, position: { start: 12, end: 12 } })).toEqual({
      ok: false,
      reason: "The position 12–12 is empty: the start must come before the end.",
    });
    expect(verifyTarget(text, { quote, position: { start: 15, end: 12 } })).toMatchObject({ ok: false });
    expect(verifyTarget(text, { quote, position: { start: 1.5, end: 3 } })).toEqual({
      ok: false,
      reason: "Position 1.5 is not a whole number.",
    });
    expect(verifyTarget(text, { quote, position: { start: 0, end: Number.NaN } })).toMatchObject({ ok: false });
  });

  it("refuses a position between the halves of an emoji", () => {
    const sample = "a😀b";
    const result = verifyTarget(sample, { quote: { exact: "\uDE00b" }, position: { start: 2, end: 4 } });
    expect(result).toEqual({
      ok: false,
      reason: "Position 2 falls between the two halves of a character (a surrogate pair).",
    });
  });

  it("refuses a position inside an emoji sequence or between a letter and its accent, naming the whole character", () => {
    const sample = "Café 👩‍👩‍👧‍👦 and cafe\u0301.";
    const family = sample.indexOf("👩");
    expect(
      verifyTarget(sample, { quote: { exact: sample.slice(family, family + 8) }, position: { start: family, end: family + 8 } }),
    ).toEqual({
      ok: false,
      reason:
        `Position ${family + 8} falls inside a character made of several code points (a letter and its accent, ` +
        `or an emoji sequence): "👩‍👩‍👧‍👦" at ${family}–${family + 11}.`,
    });
    const accent = sample.indexOf("cafe") + 4;
    const cut = verifyTarget(sample, { quote: { exact: "cafe" }, position: { start: accent - 4, end: accent } });
    expect(cut).toMatchObject({ ok: false, reason: expect.stringContaining(`Position ${accent} falls inside a character`) });
    const whole = verifyTarget(sample, { quote: { exact: "cafe\u0301" }, position: { start: accent - 4, end: accent + 1 } });
    expect(whole).toEqual({ ok: true, start: accent - 4, end: accent + 1 });
  });
});

describe("verifyTarget without a position", () => {
  it("finds the quote and returns where it is", () => {
    const start = text.indexOf("Pakistan’s", 100);
    const { quote } = targetAt(start, start + 10);
    expect(verifyTarget(text, { quote })).toEqual({ ok: true, start, end: start + 10 });
  });

  it("says so when the quote is not in the document", () => {
    expect(verifyTarget(text, { quote: { exact: "Pakistan's" } })).toEqual({
      ok: false,
      reason: "The quote was not found in the document.",
    });
    expect(verifyTarget(text, { quote: { exact: "" } })).toMatchObject({ ok: false, reason: expect.stringMatching(/empty/) });
  });
});
