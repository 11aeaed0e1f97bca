import { matchQuoteWithinWork, QUOTE_TOO_REPETITIVE } from "./quote-search-work";
import { snapRangeToGraphemes, splitsGrapheme, splitsSurrogatePair } from "./text-quote";

export type TargetCheck = { ok: true; start: number; end: number } | { ok: false; reason: string };

export type TargetToVerify = {
  quote: { exact: string; prefix?: string; suffix?: string };
  position?: { start: number; end: number };
};

/** How much of a mismatching text a reason quotes: enough to recognise, short enough to read. */
const PREVIEW_LENGTH = 40;

/**
 * Checks that an annotation's target really points at the document text, so that the server
 * never stores a quote that says one thing while its position says another. With a position, the
 * quote and its context must match there exactly; without one, the quote is looked for. Reasons
 * are written for the person (or client developer) who sent the target.
 */
export function verifyTarget(text: string, target: TargetToVerify): TargetCheck {
  const { exact, prefix, suffix } = target.quote;
  if (exact === "") return refuse("The quote is empty: an annotation must quote at least one character.");

  if (!target.position) {
    // A quote whose accents are written decomposed ("e" + U+0301) is the same words as the text's
    // composed ones (readings are stored composed: lib/text/nfc.ts).
    const asSent = matchQuoteWithinWork(text, target.quote);
    const match = asSent ?? matchQuoteWithinWork(text, composedQuote(target.quote));
    if (match === "too-many") return refuse(QUOTE_TOO_REPETITIVE);
    if (!match) return refuse("The quote was not found in the document.");
    return { ok: true, start: match.start, end: match.end };
  }

  const { start, end } = target.position;
  for (const offset of [start, end]) {
    if (!Number.isInteger(offset)) return refuse(`Position ${offset} is not a whole number.`);
    if (offset < 0 || offset > text.length) {
      return refuse(`Position ${offset} is outside the document (length ${text.length}).`);
    }
  }
  if (start >= end) return refuse(`The position ${start}–${end} is empty: the start must come before the end.`);
  for (const offset of [start, end]) {
    if (splitsSurrogatePair(text, offset)) {
      return refuse(`Position ${offset} falls between the two halves of a character (a surrogate pair).`);
    }
    // Painted, such a highlight tears the character apart (an accent without its letter, half a family emoji).
    if (splitsGrapheme(text, offset)) {
      const character = snapRangeToGraphemes(text, offset, offset);
      return refuse(
        `Position ${offset} falls inside a character made of several code points (a letter and its accent, ` +
          `or an emoji sequence): ${preview(text.slice(character.start, character.end))} at ${character.start}–${character.end}.`,
      );
    }
  }

  const textThere = text.slice(start, end);
  if (!isSameWords(textThere, exact)) {
    return refuse(
      `The quote does not match the document text at ${start}–${end}: ` +
        `the text there is ${preview(textThere)}, the quote is ${preview(exact)}.`,
    );
  }
  // Guard the lengths first: a negative slice start would count from the end of the text.
  // Compared within a window a few times the context's length (a decomposed letter takes up to
  // four code units), never the whole text: a book is megabytes.
  if (prefix && !isSameWordsAtEnd(text.slice(Math.max(0, start - 4 * prefix.length), start), prefix)) {
    return refuse(`The prefix does not match the text before position ${start}.`);
  }
  if (suffix && !isSameWordsAtStart(text.slice(end, end + 4 * suffix.length), suffix)) {
    return refuse(`The suffix does not match the text after position ${end}.`);
  }
  return { ok: true, start, end };
}

/** The same words, whether their accents are written composed or decomposed. */
function isSameWords(a: string, b: string): boolean {
  return a === b || a.normalize("NFC") === b.normalize("NFC");
}

function isSameWordsAtEnd(window: string, context: string): boolean {
  return window.endsWith(context) || window.normalize("NFC").endsWith(context.normalize("NFC"));
}

function isSameWordsAtStart(window: string, context: string): boolean {
  return window.startsWith(context) || window.normalize("NFC").startsWith(context.normalize("NFC"));
}

function composedQuote(quote: TargetToVerify["quote"]): TargetToVerify["quote"] {
  return { exact: quote.exact.normalize("NFC"), prefix: quote.prefix?.normalize("NFC"), suffix: quote.suffix?.normalize("NFC") };
}

function refuse(reason: string): TargetCheck {
  return { ok: false, reason };
}

/** A quoted, one-line excerpt for a reason: JSON escapes show the paragraph breaks as "\n". */
function preview(excerpt: string): string {
  if (excerpt.length <= PREVIEW_LENGTH) return JSON.stringify(excerpt);
  const cut = splitsSurrogatePair(excerpt, PREVIEW_LENGTH) ? PREVIEW_LENGTH - 1 : PREVIEW_LENGTH;
  return JSON.stringify(`${excerpt.slice(0, cut)}…`);
}
