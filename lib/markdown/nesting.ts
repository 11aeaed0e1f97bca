import { LINE_ENDING } from "./density";

/** The quote and list markers a line opens with ("> > - 1. "), each one level deeper. */
const OPENING_MARKERS = /^(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t])))+/;
const MARKER = />|[-+*]|\d{1,9}[.)]/g;

/**
 * The deepest nesting of block quotes and lists that one line of Markdown opens with its markers
 * ("> > - text" opens three), and on which line (1-based; 0 when no line opens any). A Markdown
 * parser's time grows with the square of that depth, and a tree walker's stack with the depth:
 * 40 KB of ">" held the server's parser for 47 s, and a 10,000-character comment of them 2.5 s
 * before overflowing the stack (independent checks). Nesting built by indentation alone needs
 * ever longer lines, so a length limit bounds it (and, for readings, the conversion's time limit).
 */
export function deepestOpeningNesting(source: string): { depth: number; line: number } {
  let deepest = { depth: 0, line: 0 };
  // Every line ending CommonMark knows: with "\r" alone unread, a line of 5,000 ">" after one
  // passed as the first line's text and overflowed the renderer's stack.
  source.split(LINE_ENDING).forEach((line, index) => {
    const markers = OPENING_MARKERS.exec(line)?.[0];
    if (!markers) return;
    const depth = markers.match(MARKER)!.length;
    if (depth > deepest.depth) deepest = { depth, line: index + 1 };
  });
  return deepest;
}
