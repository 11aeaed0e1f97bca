/**
 * A document version's canonical text is its paragraphs joined by a blank line. Annotation
 * selectors (W3C TextPositionSelector) count UTF-16 code units into this exact string, and the
 * reading page renders the separators as text nodes between paragraphs so that the article
 * body's `textContent` equals it.
 */
export const PARAGRAPH_SEPARATOR = "\n\n";

export type ParagraphRange = {
  index: number;
  /** Offset of the paragraph's first code unit in the canonical text. */
  start: number;
  /** Offset just past its last code unit. */
  end: number;
  text: string;
};

export function joinParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.join(PARAGRAPH_SEPARATOR);
}

export function paragraphRanges(canonicalText: string): ParagraphRange[] {
  if (canonicalText === "") return [];
  const ranges: ParagraphRange[] = [];
  let start = 0;
  for (const [index, text] of canonicalText.split(PARAGRAPH_SEPARATOR).entries()) {
    ranges.push({ index, start, end: start + text.length, text });
    start += text.length + PARAGRAPH_SEPARATOR.length;
  }
  return ranges;
}
