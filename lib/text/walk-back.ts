/**
 * Finding what a text ends with by walking back from its end, a code point at a time. A regex
 * anchored at the end (/[\p{P}]+$/, /\w+(?=\W*$)/) is tried from every character before it fails,
 * scanning the rest of a run each time: a 40,000-character run took seconds, growing with the square.
 */

/** How many UTF-16 units the code point ending at `at` takes: 2 for a surrogate pair, else 1. */
function widthBefore(text: string, at: number): number {
  const low = text.charCodeAt(at - 1);
  const high = at >= 2 ? text.charCodeAt(at - 2) : 0;
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? 2 : 1;
}

/** How many UTF-16 units before `end` are a run of code points `pattern` (one code point, `^…$`) matches. */
export function trailingRunLength(text: string, pattern: RegExp, end = text.length): number {
  let at = end;
  while (at > 0 && pattern.test(text.slice(at - widthBefore(text, at), at))) at -= widthBefore(text, at);
  return end - at;
}

const LETTER_NUMBER_OR_MARK = /^[\p{L}\p{N}\p{M}]$/u;
const NOT_LETTER_NUMBER_OR_MARK = /^[^\p{L}\p{N}\p{M}]$/u;

/**
 * The last word of `text` (letters, numbers and marks), or undefined without one: what
 * /[\p{L}\p{N}\p{M}]+(?=[^\p{L}\p{N}\p{M}]*$)/u matches, which held the server 3 s on a quote
 * ending in a 20,000-letter word and a hyphen while its reading's new version was added.
 */
export function lastWord(text: string): string | undefined {
  const end = text.length - trailingRunLength(text, NOT_LETTER_NUMBER_OR_MARK);
  const length = trailingRunLength(text, LETTER_NUMBER_OR_MARK, end);
  return length > 0 ? text.slice(end - length, end) : undefined;
}
