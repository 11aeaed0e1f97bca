const LETTER_OR_MARK = /^[\p{L}\p{N}\p{M}]$/u;

/**
 * The last word of `text` (letters, numbers and marks), found by walking back from its end a
 * code point at a time. The regex it replaces, /[\p{L}\p{N}\p{M}]+(?=[^\p{L}\p{N}\p{M}]*$)/u,
 * retried from every letter of a long word: a quote ending in a 20,000-letter word and a hyphen
 * held the server 3 s while its reading's new version was added.
 */
export function lastWord(text: string): string | undefined {
  const widthBefore = (at: number) => (at >= 2 && /[\uDC00-\uDFFF]/.test(text[at - 1]) && /[\uD800-\uDBFF]/.test(text[at - 2]) ? 2 : 1);
  const isWordBefore = (at: number) => LETTER_OR_MARK.test(text.slice(at - widthBefore(at), at));
  let end = text.length;
  while (end > 0 && !isWordBefore(end)) end -= widthBefore(end);
  let start = end;
  while (start > 0 && isWordBefore(start)) start -= widthBefore(start);
  return start < end ? text.slice(start, end) : undefined;
}
