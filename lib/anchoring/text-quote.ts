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

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * How far either side of an offset its grapheme cluster is looked for. A cluster longer than this
 * (dozens of stacked marks) is not a character anyone reads; segmenting a window keeps the check
 * cheap on a book-length text.
 */
const GRAPHEME_WINDOW = 64;

/** The grapheme cluster (what a reader sees as one character) that holds the code unit at `offset`. */
function clusterAt(text: string, offset: number): TextRange {
  const from = Math.max(0, offset - GRAPHEME_WINDOW);
  const window = text.slice(from, Math.min(text.length, offset + GRAPHEME_WINDOW));
  const { index, segment } = graphemes.segment(window).containing(offset - from)!;
  return { start: from + index, end: from + index + segment.length };
}

/**
 * Whether `offset` falls inside one character as a reader sees it: between a letter and its
 * combining mark ("e\u0301"), inside an emoji sequence ("👩‍👩‍👧"), between a flag's two letters or
 * a surrogate pair's halves, or between CR and LF.
 */
export function splitsGrapheme(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  // Below U+0300 nothing combines (marks, joiners and astral halves all lie above) but CR LF.
  if (before < 0x300 && after < 0x300) return before === 0x0d && after === 0x0a;
  return clusterAt(text, offset).start !== offset;
}

/**
 * Widens a range that starts or ends inside a character (see `splitsGrapheme`) to take the whole
 * character: a browser selection or a fuzzy match can land inside one, a stored range must not.
 */
export function snapRangeToGraphemes(text: string, start: number, end: number): TextRange {
  return {
    start: splitsGrapheme(text, start) ? clusterAt(text, start).start : start,
    end: splitsGrapheme(text, end) ? clusterAt(text, end).end : end,
  };
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
