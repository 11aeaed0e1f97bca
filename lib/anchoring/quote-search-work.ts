import { matchQuote, type QuoteMatch, type QuoteToMatch } from "./match-quote";

/**
 * The most a quote sent without its position may cost the server to look for: its occurrences
 * times its length, in code units compared (~40 ms here). matchQuote visits every occurrence, and
 * in a text that repeats itself a long quote occurs at almost every character: a 50,000-character
 * quote of "a a a …" in a 400,000-character reading of the same held the server's one thread
 * 6.4 s, and an import of three 20,000-character ones 7.4 s (an independent check). A person's
 * quote meets nothing near it: "the" in a 3 MB book is ~150,000; a 500-character sentence quoted
 * from it, 500.
 */
export const MAX_QUOTE_SEARCH_WORK = 50_000_000;

/** Said of a quote past its budget, to whoever sent it. */
export const QUOTE_TOO_REPETITIVE =
  "The quote occurs too many times in this reading to be placed by its words alone: send its position (a TextPositionSelector) as well, or quote fewer words.";

/**
 * What a request may still spend looking for quotes, in code units compared: one quote's
 * MAX_QUOTE_SEARCH_WORK, or more shared by an import's many (each still at most that).
 */
export class QuoteSearchBudget {
  constructor(public left = MAX_QUOTE_SEARCH_WORK) {}

  /** Takes `work` if it is left; false (and nothing left) when it is not. */
  spend(work: number): boolean {
    this.left -= work;
    if (this.left >= 0) return true;
    this.left = 0;
    return false;
  }
}

/**
 * matchQuote for a quote from outside (the API, an imported file): "too-many" when looking for it
 * would cost more than the budget has (or than MAX_QUOTE_SEARCH_WORK), found out within that cost:
 * the occurrences are counted first, and the counting stops there.
 */
export function matchQuoteWithinWork(
  text: string,
  quote: QuoteToMatch,
  hint?: number,
  budget = new QuoteSearchBudget(),
): QuoteMatch | null | "too-many" {
  const { exact } = quote;
  if (exact === "") return null;
  const most = Math.min(budget.left, MAX_QUOTE_SEARCH_WORK);
  let work = 0;
  for (let start = text.indexOf(exact); start !== -1; start = text.indexOf(exact, start + 1)) {
    work += exact.length;
    if (work > most) {
      budget.spend(work);
      return "too-many";
    }
  }
  budget.spend(work);
  return matchQuote(text, quote, hint);
}
