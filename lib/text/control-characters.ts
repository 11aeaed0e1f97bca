/** C0 control characters but tab, line feed and carriage return (and vertical tab and form feed, below), and DEL. NUL is refused before this. */
const CONTROLS = /[\u0001-\u0008\u000E-\u001F\u007F]/g;
/** Vertical tab and form feed: a line (or page) ends there, as in a text file printed. */
const VERTICAL_SPACE = /[\u000B\u000C]/g;

/**
 * A reading's source with its control characters taken out: BEL, ESC, backspace and the rest draw
 * nothing in the page, but were kept in the text, the title made from it and every export (an
 * ESC sequence in a Markdown or CSV export colours the terminal it is printed in; QA round 6).
 * Taken out of the source, before it is read, so every offset into the text counts only what is
 * kept. Titles and names given apart drop them too (lib/text/one-line-label.ts); a PDF's text runs
 * drop them as they are read (server/documents/convert/convert-pdf.ts); NUL is refused (400).
 */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROLS, "").replace(VERTICAL_SPACE, "\n");
}
