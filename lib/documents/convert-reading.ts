import type { Nodes, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmAutolinkLiteralFromMarkdown } from "mdast-util-gfm-autolink-literal";
import { gfmFootnoteFromMarkdown } from "mdast-util-gfm-footnote";
import { gfmStrikethroughFromMarkdown } from "mdast-util-gfm-strikethrough";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmTaskListItemFromMarkdown } from "mdast-util-gfm-task-list-item";
import { gfmAutolinkLiteral } from "micromark-extension-gfm-autolink-literal";
import { gfmFootnote } from "micromark-extension-gfm-footnote";
import { gfmStrikethrough } from "micromark-extension-gfm-strikethrough";
import { gfmTable } from "micromark-extension-gfm-table";
import { gfmTaskListItem } from "micromark-extension-gfm-task-list-item";
import { deepestOpeningNesting } from "@/lib/markdown/nesting";
import { countWords } from "@/lib/text/count-words";
import { toNfc } from "@/lib/text/nfc";
import { asOneLineLabel } from "@/lib/text/one-line-label";
import { hasVisibleCharacter } from "@/lib/text/visible";
import { readUnderscoredEmphasis, takeGutenbergBook } from "./gutenberg";
import { findPlainTextChapters } from "./plain-text-chapters";
import { takeFrontMatter } from "./markdown-front-matter";
import { joinParagraphs, PARAGRAPH_SEPARATOR } from "./canonical-text";
import { languageTag } from "./source-metadata";
import {
  ArticleFormatError,
  estimateReadingMinutes,
  isPageFurniture,
  opensWithTitle,
  parsePlainTextArticle,
  splitPlainTextBlocks,
  type PlainTextOptions,
} from "./parse-plain-text-article";
import {
  collapseWithMarks,
  HTML_TAG_MARKS,
  LINE_BREAK,
  splitAtParagraphBreaks,
  safeHref,
  structureOfBlocks,
  type BlockMark,
  type BlockStyle,
  type MarkKind,
  type TextStructure,
} from "./structure";

/**
 * Converters from what people bring (plain text, Markdown, a saved web page) to a reading: its
 * blocks, each of which becomes one paragraph of the canonical text (joined by "\n\n", so no
 * block may hold a blank line of its own), and whatever metadata the source states. The seed's
 * plain-text importer is the plain-text converter when no title is given. HTML needs a DOM, so its
 * converter lives on the server (server/documents/extract-html-article.ts) and returns the same shape.
 */
export type ConvertedReading = {
  title: string | null;
  author: string | null;
  language: string | null;
  /** Minutes the source states ("7 Min Read"); null to estimate from the word count. */
  statedMinutes: number | null;
  blocks: string[];
  /** What each block is, parallel to `blocks` (missing or null: a plain paragraph). */
  styles?: (BlockStyle | null)[];
  /** Inline marks, each within one block and counted from its start. */
  marks?: BlockMark[];
  /** Where the source says it lives (an EPUB's identifier URL, an imported page's address). */
  sourceUrl?: string | null;
  /** When the source says it was published: an ISO 8601 date or date-time. */
  publishedAt?: string | null;
  /** Where each page of a paged source (PDF) begins: `offset` UTF-16 code units into `blocks[block]`. */
  pages?: { page: number; block: number; offset: number }[];
  /** Where each section of a sectioned source (an EPUB's chapters) begins: at the start of `blocks[block]`. */
  sections?: { title: string; block: number }[];
  /** Images whose description the reading does not keep (none given, or inside a sentence): a reading is text. */
  imagesLeftOut?: number;
};

/** A reading ready to save or preview: what the canonical text is and what it is called. */
export type ReadingDraft = {
  title: string;
  author: string | null;
  language: string | null;
  readingMinutes: number;
  paragraphs: string[];
  /** The paragraphs joined by the canonical separator: what annotations point into. */
  text: string;
  wordCount: number;
  sourceUrl: string | null;
  publishedAt: string | null;
  /** Page boundaries as offsets into `text` ("p. 12" for a note whose quote starts at or after page 12's start). */
  pages: { number: number; start: number }[];
  /** Section (chapter) boundaries as offsets into `text`. */
  sections: { title: string; start: number }[];
  /** Headings, lists, quotes… and inline marks over `text`, as the version stores them (null: plain paragraphs). */
  structure: TextStructure | null;
  /** Images the source had that the reading cannot show (the preview says how many). */
  imagesLeftOut: number;
};

export type ReadingMetadataOverrides = { title?: string | null; author?: string | null; language?: string | null };

/** The source yielded no text to read (422). */
export class EmptyReadingError extends Error {
  override name = "EmptyReadingError";
}

/** HTML's whitespace collapsing: ASCII whitespace only, so a no-break space or a thin space is kept as written. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, " ").trim();
}

/** Preformatted text keeps its line breaks but never a blank line (that would end the paragraph). */
export function normalizePreformatted(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t\f]+$/, ""))
    .filter((line) => line.trim() !== "")
    .join("\n");
}

/**
 * Plain text. Without a title from the person adding it, the text is read the way the seed article
 * is (a title line, an optional byline and reading time, then paragraphs); with one, every block is
 * body. Either way trailing page furniture ("Share This Article") is dropped, and a block's lines
 * are joined into one paragraph unless `keepLineBreaks`.
 */
export function convertPlainText(source: string, options: { hasTitle: boolean } & PlainTextOptions): ConvertedReading {
  const text = withNewlines(source);
  // A Project Gutenberg eBook: the book alone, named by its catalogue record (./gutenberg.ts).
  const gutenberg = takeGutenbergBook(text);
  if (gutenberg) {
    const book = convertPlainTextBlocks(gutenberg.text, { ...options, hasTitle: options.hasTitle || gutenberg.title !== null });
    const { blocks, marks } = readUnderscoredEmphasis(book.blocks);
    return {
      ...book,
      blocks,
      marks,
      sections: book.sections?.map((section) => ({ ...section, title: blocks[section.block] })),
      title: gutenberg.title ?? book.title,
      author: gutenberg.author ?? book.author,
      language: gutenberg.language,
      sourceUrl: gutenberg.sourceUrl,
    };
  }
  return convertPlainTextBlocks(text, options);
}

function convertPlainTextBlocks(text: string, options: { hasTitle: boolean } & PlainTextOptions): ConvertedReading {
  const blocks = splitPlainTextBlocks(text, options);
  if (!options.hasTitle && blocks.length > 1 && opensWithTitle(text)) {
    const article = parsePlainTextArticle(text, options);
    return {
      title: article.title,
      author: article.author,
      language: null,
      statedMinutes: article.isReadingTimeStated ? article.readingMinutes : null,
      blocks: article.paragraphs,
      ...findPlainTextChapters(article.paragraphs),
    };
  }
  while (blocks.length > 0 && isPageFurniture(blocks[blocks.length - 1])) blocks.pop();
  return { title: null, author: null, language: null, statedMinutes: null, blocks, ...findPlainTextChapters(blocks) };
}

/**
 * Unicode's other line terminators written as "\n": NEXT LINE (U+0085, from EBCDIC and old
 * Windows code pages) and LINE SEPARATOR (U+2028) end a line, PARAGRAPH SEPARATOR (U+2029) ends a
 * paragraph. Left as they were, the block splitter would not see them and the paragraph would run on.
 */
function withNewlines(source: string): string {
  return source.replace(/[\u0085\u2028]/g, "\n").replace(/\u2029/g, "\n\n");
}

/**
 * How raw HTML inside Markdown is read: the server's HTML reader (server/documents/extract-html-article.ts),
 * which never renders it, only reads its text and marks.
 */
export type MarkdownHtmlReader = (html: string) => { text: string; style: BlockStyle | null; marks: Omit<BlockMark, "block">[] }[];

/**
 * Markdown (CommonMark, and GitHub's tables, strikethrough, task lists, footnotes and bare links): headings,
 * paragraphs, list items, block quotes, code blocks and table cells each become a paragraph of
 * text, with what it is kept as its style and emphasis, strong, code, links and strikethrough as
 * marks (an image counts as its alt text, and an image alone in its paragraph is an image's
 * description). A footnote's reference is its label, raised; its definition a paragraph that starts
 * with the same label, where it was written. Raw HTML is never rendered: `readHtml` reads its text
 * and marks (its inline tags make marks here), and without one it is left out. YAML front matter
 * gives the title, author, date and language; otherwise a leading level-1 heading (or `<h1>`) is the title.
 */
export function convertMarkdown(source: string, { readHtml }: { readHtml?: MarkdownHtmlReader } = {}): ConvertedReading {
  assertShallowNesting(source);
  const { body, frontMatter } = takeFrontMatter(source.replace(/^\uFEFF/, ""));
  const tree = fromMarkdown(body, {
    // Only "~~" strikes through: a single tilde is prose ("~50 people", "~ roughly").
    extensions: [gfmTable(), gfmStrikethrough({ singleTilde: false }), gfmTaskListItem(), gfmFootnote(), gfmAutolinkLiteral()],
    mdastExtensions: [
      gfmTableFromMarkdown(),
      gfmStrikethroughFromMarkdown(),
      gfmTaskListItemFromMarkdown(),
      gfmFootnoteFromMarkdown(),
      gfmAutolinkLiteralFromMarkdown(),
    ],
  });
  resolveReferences(tree);
  const children = [...tree.children];
  let title: string | null = frontMatter?.title ?? null;
  const first = children[0];
  // A leading "# Heading" is the title, unless the front matter names another (then it is the text's own heading).
  if (first?.type === "heading" && first.depth === 1) {
    const heading = collapseWhitespace(inlineText(first)) || null;
    if (title === null || heading === title) {
      title = heading ?? title;
      children.shift();
    }
  }
  let converted = children.flatMap((node) => markdownBlocks(node, null, readHtml)).filter((block) => block.text !== "");
  // "By Henry David Thoreau" under the title is the author, as in a plain-text reading, not its first paragraph.
  let author = frontMatter?.author ?? null;
  const byline = title !== null && author === null && converted[0]?.style === null ? markdownByline(converted[0].text) : null;
  if (byline) {
    author = byline;
    converted = converted.slice(1);
  }
  // A README's `<h1 align="center">Name</h1>` is its title as "# Name" is.
  const opening = converted[0]?.style;
  if (title === null && first?.type === "html" && opening?.kind === "heading" && opening.level === 1) {
    title = converted[0].text;
    converted = converted.slice(1);
  }
  // Nothing left because all of it was raw HTML, which no reader was given to read: say so, not "empty".
  const isOnlyUnreadHtml = !readHtml && children.some((node) => node.type === "html" && node.value.trim());
  if (isOnlyUnreadHtml && !converted.some((block) => hasVisibleCharacter(block.text)))
    throw new EmptyReadingError(
      "This Markdown holds only HTML, which a Markdown reading leaves out (it is never shown as it is): save it as an .html file and add that instead.",
    );
  return {
    title,
    author,
    language: frontMatter?.language ?? null,
    publishedAt: frontMatter?.publishedAt ?? null,
    statedMinutes: null,
    blocks: converted.map((block) => block.text),
    styles: converted.map((block) => block.style),
    marks: converted.flatMap((block, index) => block.marks.map((mark) => ({ ...mark, block: index }))),
    imagesLeftOut: countUndescribedImages(tree),
  };
}

/**
 * The names in a byline line ("By Henry David Thoreau", "by Jane Roe and John van Doe"), or null for
 * any other line: every word of a name is capitalized or one of the particles names carry, so a
 * first paragraph such as "By the river we walked." stays the text's.
 */
function markdownByline(line: string): string | null {
  const names = /^by\s+(.{1,120})$/i.exec(line.trim())?.[1].replace(/[.,;]$/, "");
  if (!names) return null;
  const isName = (name: string) => {
    const words = name.split(/\s+/);
    return words.length <= 5 && words.every((word) => /^\p{Lu}[\p{L}\p{M}.'’-]*$/u.test(word) || NAME_PARTICLES.has(word));
  };
  return names.split(/\s*(?:,|&|\band\b)\s*/).every((name) => name !== "" && isName(name)) ? names : null;
}
const NAME_PARTICLES = new Set(["de", "da", "di", "du", "del", "der", "van", "von", "la", "le", "bin", "ibn", "al", "y"]);

/**
 * Reference-style links and images (`[the tables][1]`, `![a wave][logo]` with `[1]: https://…` below)
 * made the links and images they stand for, as a Markdown renderer makes them: a link's address was
 * lost, and an image's description with it. One whose definition is missing stays its text.
 */
function resolveReferences(tree: Root): void {
  const urls = new Map<string, string>();
  const collect = (node: Nodes) => {
    // The first definition of a label wins, as CommonMark says.
    if (node.type === "definition" && !urls.has(node.identifier)) urls.set(node.identifier, node.url);
    if ("children" in node) for (const child of node.children) collect(child as Nodes);
  };
  collect(tree);
  const resolve = (node: Nodes) => {
    if ("children" in node) {
      node.children = node.children.map((child) => {
        const url = "identifier" in child ? urls.get(child.identifier) : undefined;
        if (child.type === "linkReference" && url !== undefined) return { type: "link", url, children: child.children };
        if (child.type === "imageReference") return { type: "image", url: url ?? "", alt: child.alt };
        return child;
      }) as typeof node.children;
      for (const child of node.children) resolve(child as Nodes);
    }
  };
  resolve(tree);
}

/** Images with no alt text (`![](map.png)`): nothing of them can be kept. One with alt text is read as its words. */
function countUndescribedImages(node: Nodes): number {
  if (node.type === "image") return node.alt?.trim() ? 0 : 1;
  return "children" in node ? node.children.reduce((count, child) => count + countUndescribedImages(child as Nodes), 0) : 0;
}

/** Block quotes and lists opened on one line deeper than this are refused: no reading nests so. */
export const MAX_MARKDOWN_NESTING = 64;

/**
 * Refuses Markdown that nests quotes or lists past MAX_MARKDOWN_NESTING on one line, before the
 * parser spends the square of the depth on it (lib/markdown/nesting.ts).
 */
function assertShallowNesting(source: string): void {
  const { depth, line } = deepestOpeningNesting(source);
  if (depth > MAX_MARKDOWN_NESTING)
    throw new ArticleFormatError(
      `Line ${line.toLocaleString("en")} nests quotes or lists ${depth.toLocaleString("en")} deep; a reading may nest them at most ${MAX_MARKDOWN_NESTING} deep. Flatten them, or add the text as plain text.`,
    );
}

type StyledBlock = { text: string; style: BlockStyle | null; marks: Omit<BlockMark, "block">[] };

/** `context`: the style a paragraph takes inside a list item or a block quote. */
function markdownBlocks(node: RootContent, context: BlockStyle | null, readHtml: MarkdownHtmlReader | undefined): StyledBlock[] {
  switch (node.type) {
    case "heading": {
      // A heading is one line (setext headings may break): its breaks are spaces, as long.
      const { text, marks } = markedText(node);
      return [{ text: text.replaceAll("\n", " "), marks, style: { kind: "heading", level: node.depth } }];
    }
    case "paragraph": {
      const isImageAlone =
        context === null &&
        node.children.some((child) => child.type === "image") &&
        node.children.every((child) => child.type === "image" || (child.type === "text" && child.value.trim() === ""));
      return markedBlocks(node, isImageAlone ? { kind: "image" } : context);
    }
    case "table":
      // The first row is the heading row (GitHub's tables always have one); a cell left empty has no block.
      return node.children.flatMap((row, rowIndex) =>
        row.children.flatMap((cell, column) => markedBlocks(cell, { kind: "table-cell", row: rowIndex, column, header: rowIndex === 0 })),
      );
    case "code":
      return [{ text: normalizePreformatted(node.value), style: { kind: "preformatted" }, marks: [] }];
    case "list": {
      // Inside another list's item, one level deeper (at most 6).
      const level = context?.kind === "list-item" ? Math.min((context.level ?? 1) + 1, 6) : 1;
      const style: BlockStyle = { kind: "list-item", ordered: node.ordered === true, ...(level > 1 ? { level } : {}) };
      const blocks = node.children.flatMap((item) => markdownBlocks(item, style, readHtml));
      // "5. Fifth" starts its list at 5: the list's first block says so.
      const first = blocks[0]?.style;
      if (node.ordered && typeof node.start === "number" && node.start !== 1 && first?.kind === "list-item")
        blocks[0] = { ...blocks[0], style: { ...first, start: node.start } };
      return blocks;
    }
    case "listItem": {
      const blocks = node.children.flatMap((child) => markdownBlocks(child, context, readHtml));
      // A task list's item ("- [x] …"): its box is its first block's, checked or not ("[x]" is not kept as text).
      if (typeof node.checked === "boolean" && blocks[0]?.style?.kind === "list-item")
        blocks[0] = { ...blocks[0], style: { ...blocks[0].style, checked: node.checked } };
      return blocks;
    }
    case "footnoteDefinition": {
      const blocks = node.children.flatMap((child) => markdownBlocks(child, context, readHtml));
      const label = node.label ?? node.identifier;
      // The label starts the definition's first paragraph, raised as its references are.
      const first = blocks[0]?.style === context ? blocks[0] : { text: "", style: context, marks: [] };
      const lead = first.text === "" ? label : `${label} `;
      const labelled: StyledBlock = {
        text: lead + first.text,
        style: first.style,
        marks: [
          { kind: "superscript", start: 0, end: label.length },
          ...first.marks.map((mark) => ({ ...mark, start: mark.start + lead.length, end: mark.end + lead.length })),
        ],
      };
      return first === blocks[0] ? [labelled, ...blocks.slice(1)] : [labelled, ...blocks];
    }
    case "blockquote": {
      // A quote within a quote ("> >") one level deeper (at most 6), as a list in a list.
      const level = context?.kind === "quote" ? Math.min((context.level ?? 1) + 1, 6) : 1;
      return node.children.flatMap((child) => markdownBlocks(child, { kind: "quote", ...(level > 1 ? { level } : {}) }, readHtml));
    }
    case "html":
      // Raw HTML is never rendered: its text is read as a page's is (GitHub's `<p align="center">`,
      // `<details>`), in the style of where it stands; without a reader it is left out.
      return (readHtml?.(node.value) ?? []).map((block) => (block.style === null ? { ...block, style: context } : block));
    default:
      // thematicBreak, definition…: no reading text.
      return [];
  }
}

const MARKDOWN_MARKS: Partial<Record<Nodes["type"], MarkKind>> = {
  emphasis: "emphasis",
  strong: "strong",
  inlineCode: "code",
  link: "link",
  delete: "deleted",
  footnoteReference: "superscript",
};

/** A node's text as blocks of one style: one, or more where hard breaks in a row end a stanza. */
function markedBlocks(node: Nodes, style: BlockStyle | null): StyledBlock[] {
  return splitAtParagraphBreaks(markedText(node)).map((block) => ({ ...block, style }));
}

/** A block's text as collapseWhitespace(inlineText(node)) gives it (a hard break kept as a line break), with its inline marks. */
function markedText(node: Nodes): Omit<StyledBlock, "style"> {
  let raw = "";
  const marks: Omit<BlockMark, "block">[] = [];
  // Inline HTML tags are nodes of their own, apart from the words they wrap: "H", <sub>, "2", </sub>, "O".
  const openTags: { name: string; start: number; href?: string }[] = [];
  const readInlineTag = (html: string) => {
    const tag = /^<(\/)?([a-z]+)\b([^>]*)>$/i.exec(html.trim());
    const name = tag?.[2].toLowerCase() ?? "";
    if (!tag || !HTML_TAG_MARKS[name]) return;
    if (!tag[1]) {
      openTags.push({ name, start: raw.length, href: /\bhref\s*=\s*["']([^"']*)["']/i.exec(tag[3])?.[1] });
      return;
    }
    for (let index = openTags.length - 1; index >= 0; index--) {
      if (openTags[index].name !== name) continue;
      const [open] = openTags.splice(index, 1);
      const kind = HTML_TAG_MARKS[name];
      const href = kind === "link" ? safeHref(open.href) : undefined;
      if (raw.length > open.start && (kind !== "link" || href))
        marks.push({ kind, start: open.start, end: raw.length, ...(href ? { href } : {}) });
      return;
    }
  };
  const walk = (current: Nodes) => {
    const start = raw.length;
    if (current.type === "text" || current.type === "inlineCode") raw += current.value;
    else if (current.type === "image") raw += current.alt ?? "";
    else if (current.type === "break")
      raw += LINE_BREAK; // a hard break ("  " or "\\" at a line's end) is a line of its own
    else if (current.type === "html" && /^<br\s*\/?>$/i.test(current.value))
      raw += LINE_BREAK; // "<br>" in a table's cell, most often
    else if (current.type === "footnoteReference") raw += current.label ?? current.identifier;
    else if (current.type === "html") readInlineTag(current.value);
    else if ("children" in current) for (const child of current.children) walk(child as Nodes);
    const kind = current === node ? undefined : MARKDOWN_MARKS[current.type];
    if (!kind || raw.length === start) return;
    if (kind === "link") {
      const href = safeHref((current as { url?: string }).url);
      if (href) marks.push({ kind, start, end: raw.length, href });
    } else {
      marks.push({ kind, start, end: raw.length });
    }
  };
  walk(node);
  return collapseWithMarks(raw, marks);
}

function inlineText(node: Nodes): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
      return node.value;
    case "image":
      return node.alt ?? "";
    case "break":
      return " ";
    case "footnoteReference":
      return node.label ?? node.identifier;
    case "html":
      return "";
    default:
      return "children" in node ? node.children.map((child) => inlineText(child as Nodes)).join("") : "";
  }
}

/** "A long first sentence that goes on…" for a reading with no title of its own. */
function titleFromText(text: string): string {
  const words = collapseWhitespace(text).split(" ");
  let title = "";
  for (const word of words) {
    if ((title + " " + word).trim().length > 80) return `${title}…`;
    title = (title + " " + word).trim();
  }
  return title;
}

/**
 * The blocks in Unicode's composed form (NFC), their marks and page starts moved with them: "é"
 * written as "e" + U+0301 is stored as U+00E9, so the same words are the same string in every
 * version, quote and search (lib/text/nfc.ts).
 */
function composed(converted: ConvertedReading): ConvertedReading {
  const blocks = converted.blocks.map(toNfc);
  if (blocks.every((block, index) => block.text === converted.blocks[index])) return converted;
  return {
    ...converted,
    blocks: blocks.map((block) => block.text),
    marks: converted.marks?.map((mark) => ({
      ...mark,
      start: blocks[mark.block].toNfc(mark.start),
      end: blocks[mark.block].toNfc(mark.end),
    })),
    pages: converted.pages?.map((page) => ({ ...page, offset: blocks[page.block]?.toNfc(page.offset) ?? page.offset })),
  };
}

/**
 * The reading as it will be saved: blocks normalized and empty ones dropped (nothing else is
 * touched, so every character of the source's text is kept), metadata from the person adding it
 * first, then from the source, and the reading time as stated or estimated.
 */
export function finishReading(source: ConvertedReading, overrides: ReadingMetadataOverrides = {}): ReadingDraft {
  const converted = composed(source);
  // Where each source block starts in the canonical text (empty blocks are dropped and take no room).
  const blockStarts: number[] = [];
  const keptBlocks: number[] = [];
  const paragraphs: string[] = [];
  let length = 0;
  for (const [index, block] of converted.blocks.entries()) {
    // A block that shows nothing (empty, or only zero-width and other invisible characters) is dropped.
    const isShown = hasVisibleCharacter(block);
    if (paragraphs.length > 0 && isShown) length += PARAGRAPH_SEPARATOR.length;
    blockStarts.push(length);
    if (!isShown) continue;
    keptBlocks.push(index);
    paragraphs.push(block);
    length += block.length;
  }
  if (paragraphs.length === 0) {
    // A heading taken as the title and nothing under it ("# Title" alone) is not an empty file.
    throw new EmptyReadingError(
      converted.title && hasVisibleCharacter(converted.title)
        ? `No text was found to read under its title, “${converted.title.trim()}”: add the text itself below it.`
        : "No text was found to read: the file or text is empty, or holds only page furniture.",
    );
  }
  const text = joinParagraphs(paragraphs);
  const pages = (converted.pages ?? []).map(({ page, block, offset }) => ({
    number: page,
    start: (blockStarts[block] ?? length) + offset,
  }));
  const sections = (converted.sections ?? []).map(({ title, block }) => ({ title, start: blockStarts[block] ?? length }));
  // One line each, whoever gave them: the person adding the reading, or the file's metadata.
  const shown = (value: string | null | undefined) => {
    const label = asOneLineLabel(value ?? "").normalize("NFC");
    return hasVisibleCharacter(label) ? label : undefined;
  };
  const title = shown(overrides.title) ?? shown(converted.title) ?? titleFromText(paragraphs[0]);
  return {
    title,
    author: (overrides.author === undefined ? shown(converted.author) : shown(overrides.author)) ?? null,
    language: overrides.language === undefined ? languageTag(converted.language) : overrides.language || null,
    readingMinutes: converted.statedMinutes ?? estimateReadingMinutes(text),
    paragraphs,
    text,
    wordCount: countWords(text),
    sourceUrl: converted.sourceUrl ?? null,
    publishedAt: converted.publishedAt ?? null,
    imagesLeftOut: converted.imagesLeftOut ?? 0,
    pages,
    sections,
    structure: structureOfBlocks({
      keptBlocks,
      blockStarts,
      styles: converted.styles,
      marks: converted.marks,
      pages,
      sections,
    }),
  };
}
