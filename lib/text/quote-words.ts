/**
 * The words of a passage, as the editor's "Words quoted" sliders step through them: each word's
 * place in the text without the punctuation around it, so a quote chosen word by word ends on
 * "choice", not "choice,".
 */
export type WordSpan = { start: number; end: number; word: string };

const EDGE_PUNCTUATION_START = /^[\p{P}\p{S}]+/u;
const PUNCTUATION_OR_SYMBOL = /^[\p{P}\p{S}]$/u;

export function wordsBetween(text: string, from: number, to: number): WordSpan[] {
  const words: WordSpan[] = [];
  const token = /\S+/g;
  const passage = text.slice(from, to);
  for (let match = token.exec(passage); match; match = token.exec(passage)) {
    let start = from + match.index;
    let end = start + match[0].length;
    const lead = EDGE_PUNCTUATION_START.exec(match[0])?.[0].length ?? 0;
    // Walked back a code point at a time, not /[\p{P}\p{S}]+$/: on a word ending in 40,000 marks
    // that took the page 1.6 s (retried from every one of them). Here, not lib/text/walk-back.ts:
    // importing that put the reading page 0.07 KiB over its JS budget.
    let trail = 0;
    for (const character of [...match[0]].reverse()) {
      if (!PUNCTUATION_OR_SYMBOL.test(character)) break;
      trail += character.length;
    }
    // A token of punctuation alone ("—", "…") is a word of its own, kept whole.
    if (lead + trail < match[0].length) {
      start += lead;
      end -= trail;
    }
    words.push({ start, end, word: text.slice(start, end) });
  }
  return words;
}

/** The paragraph(s) holding [start, end): the room the words of a quote can be chosen from. */
export function paragraphAround(text: string, start: number, end: number, separator = "\n\n"): { start: number; end: number } {
  const before = text.lastIndexOf(separator, Math.max(0, start - 1));
  const after = text.indexOf(separator, end);
  return { start: before === -1 ? 0 : before + separator.length, end: after === -1 ? text.length : after };
}

/** The first and last words reaching into [start, end) (a selection may begin or end mid-word). */
export function wordsCovering(words: readonly WordSpan[], start: number, end: number): { first: number; last: number } {
  let first = words.findIndex((word) => word.end > start);
  if (first === -1) first = words.length - 1;
  let last = first;
  while (last + 1 < words.length && words[last + 1].start < end) last += 1;
  return { first, last };
}
