/**
 * How much work a Markdown parser has before it: the most inline delimiters one paragraph holds,
 * the most lines one paragraph runs to, and the lines in all. The parser behind comments
 * (micromark) matches each closing `*`, `_` or `]` against every opener before it in its
 * paragraph, and each line of a paragraph against the lines before it, so its time grows with the
 * square of their number (a 10,000-character comment of "*_a" held the server's event loop ~1 s,
 * of "=" lines ~1.3 s); every block costs it tens of microseconds however short (a comment of
 * 3,333 one-letter paragraphs, 0.3 s). Counted in one pass, cheaply.
 *
 * A paragraph here is a run of lines between blank lines: no inline construct spans a blank line.
 * Code and HTML blocks are counted as paragraphs too, though the parser matches nothing in them:
 * that can overstate a paragraph, never hide one (skipping what looks like a fence would let a
 * fence the parser closes sooner, at the end of its list item, hide what follows it).
 */
export type MarkdownDensity = { paragraphDelimiters: number; paragraphLines: number; lines: number };

/**
 * What opens or closes an inline construct: emphasis, strikethrough, links and images, code spans,
 * autolinks and HTML; and what starts a bare link (an email's "@", "http://", "https://" or "www."
 * unless it is a Markdown link's address), each a link element to build, sanitize and write.
 */
const DELIMITER = /[*_~[\]!`<>@]|(?<!\]\()(?:https?:\/\/|www\.)/gi;
const BLANK = /^[ \t]*$/;
/** CommonMark ends a line at a carriage return alone too. */
export const LINE_ENDING = /\r\n|\r|\n/;

export function markdownDensity(source: string): MarkdownDensity {
  const density: MarkdownDensity = { paragraphDelimiters: 0, paragraphLines: 0, lines: 0 };
  let delimiters = 0;
  let lines = 0;
  for (const line of source.split(LINE_ENDING)) {
    density.lines++;
    if (BLANK.test(line)) {
      delimiters = lines = 0;
      continue;
    }
    lines++;
    delimiters += line.match(DELIMITER)?.length ?? 0;
    density.paragraphLines = Math.max(density.paragraphLines, lines);
    density.paragraphDelimiters = Math.max(density.paragraphDelimiters, delimiters);
  }
  return density;
}
