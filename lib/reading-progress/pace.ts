/**
 * How far a reader can have got in the active time they spent: the furthest paragraph the reading
 * page reports is taken only as far as this allows. The server cannot see the screen, so "seen"
 * is what the page says; without a bound one request saying "the last paragraph" would earn an
 * assignment's whole reading part with no time on the page, and a scroll to the end in five
 * seconds would read as "100 % read". Perusall grades "getting through the reading" by time on
 * each page for the same reason.
 *
 * The pace is generous on purpose: about three times a fast reader's (~300 words a minute), so
 * skimming counts and only arriving faster than anyone reads is held back. Held back, not lost:
 * the page sends its furthest paragraph with every batch, so progress catches up as active time
 * is booked.
 */
export const READING_PACE_WORDS_PER_MINUTE = 1000;

/** The words before each paragraph (the first is 0): what reaching that paragraph takes. */
export function wordsBeforeEachParagraph(paragraphs: readonly string[]): number[] {
  const before: number[] = [];
  let words = 0;
  for (const text of paragraphs) {
    before.push(words);
    words += countWords(text);
  }
  return before;
}

/** The furthest paragraph (0-based) a reader active for `activeSeconds` can have reached; the first is always reachable. */
export function furthestWithinPace(wordsBefore: readonly number[], activeSeconds: number): number {
  const words = (Math.max(0, activeSeconds) * READING_PACE_WORDS_PER_MINUTE) / 60;
  let furthest = 0;
  while (furthest + 1 < wordsBefore.length && wordsBefore[furthest + 1] <= words) furthest++;
  return furthest;
}

function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/u).length;
}
