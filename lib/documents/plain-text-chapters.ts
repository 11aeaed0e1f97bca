import type { BlockStyle } from "./structure";

/**
 * The chapters of a book given as plain text (a Project Gutenberg .txt, a novel saved from a word
 * processor as text): a paragraph that is only "CHAPTER I. Down the Rabbit-Hole", "Book Two",
 * "ACT III" or "PREFACE" is a heading, and each starts a section, so a book of forty chapters opens
 * with their list as an EPUB does, instead of as one run of 2,000 paragraphs. A chapter word is
 * followed by a number (Roman in capitals, digits, or spelled out), so "Part of the problem…" and
 * "Act civil" are prose. Nothing is a chapter unless at least two are found; and three or more
 * headings in a row with no text between them are the book's contents list, not its chapters.
 */

const NUMBERED = [
  "chapter",
  "book",
  "part",
  "volume",
  "act",
  "scene",
  "canto",
  "stave",
  "letter",
  "section",
  "chapitre",
  "kapitel",
  "capítulo",
];
const STANDALONE = ["PREFACE", "PROLOGUE", "EPILOGUE", "INTRODUCTION", "FOREWORD", "AFTERWORD", "CONCLUSION", "APPENDIX"];
/** The parts of a book that hold its chapters: a heading a level above them. */
const DIVISIONS = new Set(["book", "part", "volume"]);
const SPELLED = [
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
  "thirty",
  "forty",
  "fifty",
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "last",
];
const capitalised = (word: string) => word[0].toUpperCase() + word.slice(1);
/** A word in the three ways a heading writes it: "Chapter", "CHAPTER", "chapter" (the last only for numbers). */
const writings = (words: readonly string[], { lower = false } = {}) =>
  words.flatMap((word) => [word.toUpperCase(), capitalised(word), ...(lower ? [word] : [])]).join("|");
const SPELLED_NUMBER = `(?:${writings(SPELLED, { lower: true })})(?:[-\\s](?:${writings(SPELLED, { lower: true })}))?`;
/** Roman numerals in capitals only: in lower case they spell words ("Act civil", "Part mix"). */
const NUMBER = `(?:[IVXLCDM]+|\\d{1,3}|${SPELLED_NUMBER}|(?:the|The|THE)\\s+\\S+)`;
const NUMBERED_HEADING = new RegExp(`^(${writings(NUMBERED)})\\s+${NUMBER}(?![\\p{L}\\p{N}])`, "u");
const STANDALONE_HEADING = new RegExp(`^(?:${STANDALONE.join("|")})\\.?$`, "u");
/** A heading is a line: longer, it is a paragraph that begins with a chapter's word. */
const MAX_HEADING_CHARS = 80;

/** A line that is only a chapter's heading ("CHAPTER I. Down the Rabbit-Hole", "PREFACE"). */
export function isChapterHeading(text: string): boolean {
  return text.length <= MAX_HEADING_CHARS && !text.includes("\n") && (NUMBERED_HEADING.test(text) || STANDALONE_HEADING.test(text));
}

export type PlainTextChapters = {
  styles: (BlockStyle | null)[];
  sections: { title: string; block: number }[];
};

/** The headings among a plain text's blocks and the sections they start, or null when it has no chapters. */
export function findPlainTextChapters(blocks: readonly string[]): PlainTextChapters | null {
  const found: { block: number; word: string }[] = [];
  for (const [index, text] of blocks.entries()) {
    if (!isChapterHeading(text)) continue;
    found.push({ block: index, word: NUMBERED_HEADING.exec(text)?.[1].toLowerCase() ?? "chapter" });
  }
  // Three or more in a row, nothing between them: a contents list ("CHAPTER I. Loomings", "CHAPTER II. …"),
  // except its last when that one is the first chapter's own heading, the text right under it (it
  // is, unless the same heading comes again later, as a contents list's last entry does).
  const runs: (typeof found)[] = [];
  for (const heading of found) {
    const run = runs.at(-1);
    if (run && run[run.length - 1].block === heading.block - 1) run.push(heading);
    else runs.push([heading]);
  }
  const lastBlockTitled = new Map<string, number>();
  for (const { block } of found) lastBlockTitled.set(blocks[block], block);
  const headings = runs.flatMap((run) => {
    if (run.length < 3) return run;
    const last = run[run.length - 1];
    return lastBlockTitled.get(blocks[last.block]) === last.block ? [last] : [];
  });
  if (headings.length < 2) return null;
  const hasDivisions = headings.some(({ word }) => DIVISIONS.has(word)) && headings.some(({ word }) => !DIVISIONS.has(word));
  const styles: (BlockStyle | null)[] = blocks.map(() => null);
  for (const { block, word } of headings) styles[block] = { kind: "heading", level: hasDivisions && !DIVISIONS.has(word) ? 3 : 2 };
  return { styles, sections: headings.map(({ block }) => ({ title: blocks[block], block })) };
}
