/**
 * W3C Web Annotation text selectors over a document version's canonical text. Offsets are UTF-16
 * code units (JS string indices) with `end` exclusive, the same units as the article body's
 * `textContent`, so a DOM selection converts to them without any re-counting.
 */

/**
 * How much text a quote keeps on either side of its exact words. Enough to tell apart repeated
 * phrases in an article, small enough to store with every annotation.
 */
export const QUOTE_CONTEXT_LENGTH = 32;

export type TextQuoteSelector = { type: "TextQuoteSelector"; exact: string; prefix: string; suffix: string };

export type TextPositionSelector = { type: "TextPositionSelector"; start: number; end: number };

/** Both selectors for one range: the position is fast to apply, the quote survives edits. */
export type TextTarget = { quote: TextQuoteSelector; position: TextPositionSelector };

export type TextRange = { start: number; end: number };

function isHighSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xd800 && codeUnit <= 0xdbff;
}

function isLowSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xdc00 && codeUnit <= 0xdfff;
}

/** Whether `offset` falls between the two halves of an astral character such as "😀". */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  return isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));
}

/**
 * The quote and position selectors for `text.slice(start, end)`. Throws a RangeError for a range
 * that could not have come from a real selection, rather than storing an annotation that can
 * never be anchored again.
 */
export function describeTextRange(text: string, start: number, end: number): TextTarget {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new RangeError(`Text offsets must be whole numbers, got ${start}–${end}.`);
  }
  if (start < 0 || end > text.length) {
    throw new RangeError(`The range ${start}–${end} is outside the text (length ${text.length}).`);
  }
  if (start >= end) throw new RangeError(`The range ${start}–${end} is empty: start must be less than end.`);
  if (splitsSurrogatePair(text, start)) throw new RangeError(`Offset ${start} splits a character in two.`);
  if (splitsSurrogatePair(text, end)) throw new RangeError(`Offset ${end} splits a character in two.`);

  // Shrink a context window by one rather than cut an emoji in half: half a surrogate pair is not
  // valid Unicode and would not survive a round trip through JSON or the database.
  let prefixStart = Math.max(0, start - QUOTE_CONTEXT_LENGTH);
  if (splitsSurrogatePair(text, prefixStart)) prefixStart += 1;
  let suffixEnd = Math.min(text.length, end + QUOTE_CONTEXT_LENGTH);
  if (splitsSurrogatePair(text, suffixEnd)) suffixEnd -= 1;

  return {
    quote: {
      type: "TextQuoteSelector",
      exact: text.slice(start, end),
      prefix: text.slice(prefixStart, start),
      suffix: text.slice(end, suffixEnd),
    },
    position: { type: "TextPositionSelector", start, end },
  };
}

const WHITESPACE = /\s/;

/**
 * Drops whitespace from both edges of a range, so that a selection dragged a little too far (into
 * the space after a word, or across a paragraph break) anchors to the words themselves. Null when
 * the range holds nothing but whitespace.
 */
export function trimRangeWhitespace(text: string, start: number, end: number): TextRange | null {
  let trimmedStart = start;
  let trimmedEnd = end;
  while (trimmedStart < trimmedEnd && WHITESPACE.test(text[trimmedStart])) trimmedStart += 1;
  while (trimmedEnd > trimmedStart && WHITESPACE.test(text[trimmedEnd - 1])) trimmedEnd -= 1;
  if (trimmedStart >= trimmedEnd) return null;
  return { start: trimmedStart, end: trimmedEnd };
}

/**
 * Widens a range that starts or ends inside an astral character so that it takes the whole
 * character: a browser selection can land between the halves, a stored quote must not.
 */
export function snapRangeToCodePoints(text: string, start: number, end: number): TextRange {
  return {
    start: splitsSurrogatePair(text, start) ? start - 1 : start,
    end: splitsSurrogatePair(text, end) ? end + 1 : end,
  };
}
