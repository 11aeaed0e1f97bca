import type { BlockMark } from "./structure";
import { repeatsOnly } from "./title-page";

/**
 * Project Gutenberg's own pages around a book: a header (what the eBook is, its licence in brief,
 * its catalogue record) and, after the book, the whole Project Gutenberg License (some 350 lines).
 * A class's free readings come from there more than anywhere, and a reading of Walden ended in the
 * licence's "Section 5. General Information About Project Gutenberg™ electronic works". The book
 * is what lies between its markers, "*** START OF THE PROJECT GUTENBERG EBOOK WALDEN ***" and
 * "*** END OF …"; its title, author and language are the header's catalogue record.
 */

/** The line the book starts after: "*** START OF THE PROJECT GUTENBERG EBOOK …" (older: "THIS", "E-BOOK", "EBook"). */
const START_MARKER = /^[ \t]*\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK\b[^\n]*$/im;
/** The line the book ends before: "*** END OF THE PROJECT GUTENBERG EBOOK …", or an older "End of (the) Project Gutenberg's …". */
const END_MARKER =
  /^[ \t]*(?:\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK\b|End of (?:the )?Project Gutenberg(?:'s|’s)? )[^\n]*$/im;

/** The catalogue record's languages as BCP 47 tags (the header names them in English). */
const LANGUAGE_TAGS: Record<string, string> = {
  english: "en",
  french: "fr",
  german: "de",
  spanish: "es",
  italian: "it",
  portuguese: "pt",
  dutch: "nl",
  latin: "la",
  greek: "el",
  russian: "ru",
  chinese: "zh",
  japanese: "ja",
  finnish: "fi",
  swedish: "sv",
  danish: "da",
  norwegian: "no",
  polish: "pl",
  hungarian: "hu",
  esperanto: "eo",
};

export type GutenbergBook = {
  /** The book alone, the header and licence left out. */
  text: string;
  title: string | null;
  author: string | null;
  language: string | null;
  /** The eBook's page, from its number ("[eBook #205]" → https://www.gutenberg.org/ebooks/205). */
  sourceUrl: string | null;
};

/** A Project Gutenberg plain-text eBook's book, or null when the text has no start marker (it is not one). */
export function takeGutenbergBook(source: string): GutenbergBook | null {
  const text = source.replace(/\r\n?/g, "\n");
  const start = START_MARKER.exec(text);
  if (!start) return null;
  const header = text.slice(0, start.index);
  const afterStart = start.index + start[0].length;
  const end = END_MARKER.exec(text.slice(afterStart));
  const book = end ? text.slice(afterStart, afterStart + end.index) : text.slice(afterStart);
  const field = (name: string) =>
    new RegExp(String.raw`^${name}:[ \t]*(.+(?:\n[ \t]+\S.*)*)`, "im").exec(header)?.[1].replace(/\s+/g, " ").trim() || null;
  const number = /\[E-?Book #(\d+)\]/i.exec(header)?.[1];
  const language = field("Language");
  const title = field("Title");
  const author = field("Author");
  return {
    text: withoutEditionsPages(book, repeatsOnly([title ?? "", author ?? ""])),
    title,
    author,
    language: language ? (LANGUAGE_TAGS[language.toLowerCase()] ?? null) : null,
    sourceUrl: number ? `https://www.gutenberg.org/ebooks/${number}` : null,
  };
}

/** The credit a volunteer's transcription opens with ("Produced by … and the Online Distributed Proofreading Team"). */
const TRANSCRIBER_CREDIT = /^(?:Produced|Transcribed|Prepared|E-?text prepared|Scanned|Digitized) by\b/i;
/** Where a picture stood, with nothing said of it (a captioned one, "[Illustration: The White Rabbit]", says something). */
const BARE_ILLUSTRATION = /^[ \t]*\[Illustration\][ \t]*$/gim;

/**
 * The book without what the eBook's edition puts before its words: the title page repeating the
 * catalogue's title and author ("WALDEN" / "or, Life in the Woods" / "by Henry David Thoreau"), the
 * transcriber's credit; and without the bare "[Illustration]" marks where pictures stood.
 */
function withoutEditionsPages(book: string, isTitlePage: (text: string) => boolean): string {
  let rest = book.replace(BARE_ILLUSTRATION, "");
  for (;;) {
    const block = /^\s*(\S[\s\S]*?)(?=\n[ \t]*\n|\s*$)/.exec(rest);
    if (!block || !(isTitlePage(block[1]) || TRANSCRIBER_CREDIT.test(block[1]))) return rest;
    rest = rest.slice(block[0].length);
  }
}

/** An underscore on each side: how a Gutenberg text writes italics (_Walden_, _the_ pond). */
const UNDERSCORED = /(?<![\p{L}\p{N}_])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/gu;

/** A Gutenberg book's blocks with its underscored italics made emphasis: the underscores gone, the words marked. */
export function readUnderscoredEmphasis(blocks: readonly string[]): { blocks: string[]; marks: BlockMark[] } {
  const marks: BlockMark[] = [];
  const read = blocks.map((text, block) => {
    let removed = 0;
    return text.replace(UNDERSCORED, (_match: string, words: string, offset: number) => {
      const start = offset - removed;
      marks.push({ kind: "emphasis", block, start, end: start + words.length });
      removed += 2;
      return words;
    });
  });
  return { blocks: read, marks };
}

/**
 * Project Gutenberg's header and licence in its EPUB editions: elements, not lines. (In its HTML
 * editions Readability leaves them out already: their ids match its pattern for a page's header and footer.)
 */
export const GUTENBERG_BOILERPLATE = "#pg-header, #pg-footer, .pg-boilerplate, #pg-machine-header, #pg-start-separator, #pg-end-separator";
