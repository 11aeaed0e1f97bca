import { joinParagraphs } from "./canonical-text";
import { isChapterHeading } from "./plain-text-chapters";
import { countWords } from "@/lib/text/count-words";
import { trimCharacters } from "@/lib/text/trim-characters";

/**
 * Turns an article saved as plain text into a document:
 *
 *     TITLE LINE
 *
 *     7 Min Read          ← optional, any order with the byline
 *
 *     By Jane Doe         ← optional (either may also sit on the lines right under the title)
 *
 *     First paragraph…
 *
 *     Share This Article  ← trailing page furniture, dropped
 *
 * Blocks are separated by blank lines. Lines inside a block are joined with a space (hard-wrapped
 * text reads as one paragraph); every other character is kept as it is, curly quotes included.
 */
export type ParsedArticle = {
  title: string;
  slug: string;
  /** "Jane Doe", without the "By ". */
  author: string | null;
  readingMinutes: number;
  /** Whether readingMinutes came from the text rather than from a word count. */
  isReadingTimeStated: boolean;
  paragraphs: string[];
  /** The paragraphs joined by the canonical separator: what annotations point into. */
  text: string;
};

export class ArticleFormatError extends Error {
  override name = "ArticleFormatError";
}

const READING_TIME = /^(\d{1,3})\s*min(?:ute)?s?\.?\s+read$/i;
const BYLINE = /^by\s+(\S.*)$/i;
/**
 * Lines copied along with an article from the web page around it. Only dropped at the end of the
 * text, so a paragraph that merely mentions sharing is safe.
 */
const TRAILING_PAGE_FURNITURE = [
  /^share(?:\s+(?:this|the))?(?:\s+(?:article|post|story|page))?:?$/i,
  /^(?:advertisement|related (?:articles|posts|stories)|read more|comments?)$/i,
  /^(?:follow us|subscribe)(?:\s.*)?$/i,
  /^(?:↑\s*)?(?:back|return|scroll|go)\s+to\s+(?:the\s+)?top(?:\s*[↑⬆^]\uFE0F?)?$/i,
];
/** Silent-reading speed used when the text does not state its own reading time. */
const WORDS_PER_MINUTE = 230;

export function parsePlainTextArticle(source: string, options: PlainTextOptions = {}): ParsedArticle {
  const blocks = splitPlainTextBlocks(source, options);

  // A title is one line, whatever lines its block kept; a byline or reading time on the lines right
  // under it (no blank line between: "The Road Not Taken" / "By Robert Frost") is not part of it.
  const titleBlock = blocks.shift();
  const [firstLine, ...underTitle] = splitPlainTextBlocks(source, { keepLineBreaks: true })[0]?.split("\n") ?? [];
  const isTitleLineOnly = underTitle.length > 0 && underTitle.every(isAboutTheText);
  if (isTitleLineOnly) blocks.unshift(...underTitle.map((line) => line.trim()));
  const title = (isTitleLineOnly ? firstLine : titleBlock)?.replaceAll("\n", " ").trim();
  if (!title) throw new ArticleFormatError("The article is empty: expected a title line.");

  let author: string | null = null;
  let statedMinutes: number | null = null;
  for (let block = blocks[0]; block !== undefined; block = blocks[0]) {
    const readingTime = READING_TIME.exec(block);
    const byline = BYLINE.exec(block);
    if (readingTime && statedMinutes === null) statedMinutes = Number(readingTime[1]);
    else if (byline && author === null) author = byline[1].trim();
    else break;
    blocks.shift();
  }

  while (blocks.length > 0 && isPageFurniture(blocks[blocks.length - 1])) blocks.pop();
  if (blocks.length === 0) {
    throw new ArticleFormatError(`"${title}" has no body: expected paragraphs after the title.`);
  }

  const text = joinParagraphs(blocks);
  return {
    title,
    slug: slugify(title),
    author,
    readingMinutes: statedMinutes ?? estimateReadingMinutes(text),
    isReadingTimeStated: statedMinutes !== null,
    paragraphs: blocks,
    text,
  };
}

/** A byline or a reading time: a line about the text, which may sit right under its title. */
const isAboutTheText = (line: string) => READING_TIME.test(line.trim()) || BYLINE.test(line.trim());

/** The longest first line taken for a title: a longer one is the text's first paragraph. */
const TITLE_MAX_CHARACTERS = 150;

/**
 * Whether plain text opens with a title, as parsePlainTextArticle reads one: a first block of one
 * short line (a byline or reading time may sit on the lines under it) that does not end in a full
 * stop. A first sentence, paragraph or stanza is not one: taken for the title, it was taken out of
 * the text, where no one could annotate it.
 */
export function opensWithTitle(source: string): boolean {
  const [firstLine = "", ...underIt] = splitPlainTextBlocks(source, { keepLineBreaks: true })[0]?.split("\n") ?? [];
  const line = firstLine.trim();
  return underIt.every(isAboutTheText) && line.length <= TITLE_MAX_CHARACTERS && !line.endsWith(".");
}

/**
 * `keepLineBreaks`: each line of a block stays a line of its paragraph, with its indentation (a poem,
 * lyrics, an address, or a reading's own text corrected in the app, a code block's included),
 * instead of hard-wrapped lines trimmed and joined into one.
 */
export type PlainTextOptions = { keepLineBreaks?: boolean };

/**
 * Plain text's blocks: separated by blank lines, each block's lines trimmed and joined with a
 * space (hard-wrapped text reads as one paragraph) or, keeping line breaks, a newline; empty
 * blocks dropped.
 */
export function splitPlainTextBlocks(source: string, options: PlainTextOptions = {}): string[] {
  return source
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const lines = block
        .split("\n")
        // Kept lines keep their indentation (a code block's, a poem's), as the reading's own text shows it.
        .map((line) => (options.keepLineBreaks ? line.trimEnd() : line.trim()))
        .filter((line) => line !== "");
      // A book's contents list ("CHAPTER I. Loomings" / "CHAPTER II. The Carpet-Bag" / …) is a list of lines, not a sentence.
      const isContentsList = lines.length >= 3 && lines.every(isChapterHeading);
      if (isContentsList && !options.keepLineBreaks) return lines.map((line) => line.replace(/\s+/g, " ")).join("\n");
      return lines.join(options.keepLineBreaks ? "\n" : " ");
    })
    .filter((block) => block !== "");
}

export function isPageFurniture(block: string): boolean {
  return TRAILING_PAGE_FURNITURE.some((pattern) => pattern.test(block));
}

export function estimateReadingMinutes(text: string): number {
  return Math.max(1, Math.round(countWords(text) / WORDS_PER_MINUTE));
}

/** "Taliban, TTP and Pakistan: A Question…" → "taliban-ttp-and-pakistan-a-question…" */
export function slugify(title: string): string {
  const hyphenated = title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-");
  const slug = trimCharacters(trimCharacters(hyphenated, "-").slice(0, 80), "-");
  if (!slug) throw new ArticleFormatError(`Cannot make a URL slug from the title "${title}".`);
  return slug;
}
