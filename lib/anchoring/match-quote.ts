import { splitsGrapheme } from "./text-quote";

export type QuoteToMatch = { exact: string; prefix?: string; suffix?: string };

export type QuoteMatch = { start: number; end: number; score: number };

/**
 * Finds where a quote sits in `text`: every occurrence of `exact`, scored by how much of its
 * context agrees, the best one returned. Null when `exact` does not occur at all.
 *
 * Scoring: one point per code unit of `prefix` that matches the text just before the occurrence
 * (read backwards from the occurrence, since the characters nearest the quote are the most
 * telling) and per code unit of `suffix` that matches just after it (read forwards). Context is
 * what tells repeated phrases apart, so it dominates. Closeness to `hint` (where the quote used to
 * be) only breaks ties: it adds less than one point, so it never outweighs a single character of
 * context. Without a hint, ties go to the first occurrence.
 *
 * This is exact matching only; a fuzzy matcher for edited documents can replace it behind the same
 * signature.
 */
export function matchQuote(text: string, quote: QuoteToMatch, hint?: number): QuoteMatch | null {
  const { exact } = quote;
  if (exact === "") return null;
  const prefix = quote.prefix ?? "";
  const suffix = quote.suffix ?? "";

  let best: QuoteMatch | null = null;
  for (let start = text.indexOf(exact); start !== -1; start = text.indexOf(exact, start + 1)) {
    const end = start + exact.length;
    // A quote that begins or ends with part of a character (half an emoji, a letter without the
    // accent it has here) can match inside a whole one; that is not it.
    if (splitsGrapheme(text, start) || splitsGrapheme(text, end)) continue;

    const score = matchingPrefixLength(text, start, prefix) + matchingSuffixLength(text, end, suffix) + hintBonus(text, start, hint);
    if (best === null || score > best.score) best = { start, end, score };
  }
  return best;
}

function matchingPrefixLength(text: string, start: number, prefix: string): number {
  let matched = 0;
  while (matched < prefix.length && matched < start && text[start - 1 - matched] === prefix[prefix.length - 1 - matched]) {
    matched += 1;
  }
  return matched;
}

function matchingSuffixLength(text: string, end: number, suffix: string): number {
  let matched = 0;
  while (matched < suffix.length && end + matched < text.length && text[end + matched] === suffix[matched]) {
    matched += 1;
  }
  return matched;
}

/** In (0, 0.5]: 0.5 at the hint itself, falling towards 0 as the distance grows. */
function hintBonus(text: string, start: number, hint: number | undefined): number {
  if (hint === undefined || !Number.isFinite(hint)) return 0;
  const distance = Math.abs(start - hint);
  // The denominator exceeds any possible distance, even from a hint outside the text.
  return 0.5 * (1 - distance / (text.length + 1 + Math.abs(hint)));
}
