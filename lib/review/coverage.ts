import type { ParagraphRange } from "@/lib/documents/canonical-text";

/** A highlighted span, in UTF-16 code units over a version's canonical text, end exclusive. */
export type Span = { start: number; end: number };

/**
 * The paragraphs (0-based indexes, ascending, each once) that some span overlaps. A span engages
 * every paragraph its [start, end) shares at least one code unit with; one that lies wholly in the
 * blank line between two paragraphs engages neither.
 */
export function engagedParagraphs(paragraphs: readonly ParagraphRange[], spans: readonly Span[]): number[] {
  const engaged = new Set<number>();
  for (const span of spans) {
    for (const paragraph of paragraphs) {
      if (span.start < paragraph.end && span.end > paragraph.start) engaged.add(paragraph.index);
    }
  }
  return [...engaged].sort((a, b) => a - b);
}

/** "Paragraphs engaged: 3, 5, 9 of 15" — numbered from 1, as a reader counts. */
export function coverageLabel(engaged: readonly number[], paragraphCount: number): string {
  const list = engaged.length === 0 ? "none" : engaged.map((index) => index + 1).join(", ");
  return `Paragraphs engaged: ${list} of ${paragraphCount}`;
}

/** Words as a reader counts them: runs of non-space characters. Markdown punctuation alone is not a word. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}
