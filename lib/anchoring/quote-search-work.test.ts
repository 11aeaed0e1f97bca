import { describe, expect, it } from "vitest";
import { matchQuote } from "./match-quote";
import { matchQuoteWithinWork, QUOTE_TOO_REPETITIVE, QuoteSearchBudget } from "./quote-search-work";
import { verifyTarget } from "./verify-target";

describe("looking for a quote sent without its position", () => {
  it("is matchQuote while its occurrences cost less than the bound", () => {
    const text = "The cat sat. The cat ran. A dog sat.";
    for (const quote of [{ exact: "cat" }, { exact: "sat", prefix: "dog " }, { exact: "bird" }, { exact: "" }]) {
      expect(matchQuoteWithinWork(text, quote)).toEqual(matchQuote(text, quote));
    }
    // "the" in a long book: tens of thousands of occurrences, three characters each, well within.
    const book = "the end of the line, and the rest. ".repeat(20_000);
    expect(matchQuoteWithinWork(book, { exact: "the" }, 700)).toEqual(matchQuote(book, { exact: "the" }, 700));
  });

  it("stops once the occurrences would cost more than the bound: a long quote in a text that repeats it everywhere", () => {
    const text = "a ".repeat(5_000);
    const quote = { exact: "a ".repeat(500) };
    expect(matchQuoteWithinWork(text, quote, undefined, new QuoteSearchBudget(1_000_000))).toBe("too-many");
    expect(matchQuoteWithinWork(text, quote, undefined, new QuoteSearchBudget(10_000_000))).toEqual(matchQuote(text, quote));
  });

  it("shares one budget between many quotes (an import's): each takes what it cost, and once it is spent, none is looked for", () => {
    const text = "a ".repeat(5_000);
    const budget = new QuoteSearchBudget(3_000_000);
    const quote = { exact: "a ".repeat(250) }; // ~4,750 occurrences of 500 characters: ~2.4 million
    expect(matchQuoteWithinWork(text, quote, undefined, budget)).toEqual(matchQuote(text, quote));
    expect(budget.left).toBeLessThan(1_000_000);
    expect(matchQuoteWithinWork(text, quote, undefined, budget)).toBe("too-many");
    expect(budget.left).toBe(0);
    expect(matchQuoteWithinWork(text, { exact: "a" }, undefined, budget)).toBe("too-many");
  });

  it("refuses, with what to do, the independent check's 50,000 characters of 'a a …' in a reading of 400,000", () => {
    // It held the server's thread 6.4 s before; now the search stops at its bound (~40 ms).
    const text = "a ".repeat(200_000);
    expect(verifyTarget(text, { quote: { exact: "a ".repeat(25_000).trim() } })).toEqual({ ok: false, reason: QUOTE_TOO_REPETITIVE });
    // With its position it is checked there, not looked for.
    expect(verifyTarget(text, { quote: { exact: "a ".repeat(25_000).trim() }, position: { start: 0, end: 49_999 } })).toEqual({
      ok: true,
      start: 0,
      end: 49_999,
    });
  });
});
