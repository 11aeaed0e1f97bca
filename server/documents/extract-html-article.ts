import "server-only";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { collapseWhitespace, normalizePreformatted, type ConvertedReading } from "@/lib/documents/convert-reading";
import { isPageFurniture } from "@/lib/documents/parse-plain-text-article";
import { collapseWithMarks, safeHref, type BlockMark, type BlockStyle, type MarkKind } from "@/lib/documents/structure";
import { isoDate } from "./convert/office-metadata";

/**
 * A saved web page → the article in it. The page is parsed into a server-side DOM (linkedom: no
 * script ever runs, nothing is fetched), the furniture around an article is removed (navigation,
 * ads, comments, "share" widgets, forms), @mozilla/readability picks the article, and its blocks
 * are read as text. Nothing of the page's HTML is kept — only text — so there is no markup left to
 * sanitize: the reading page renders the canonical text as text.
 */
export function extractHtmlArticle(html: string): ConvertedReading {
  const { document } = parseHTML(html);
  const language = document.documentElement?.getAttribute("lang")?.trim() || null;
  const headings = [...document.querySelectorAll("h1")].map((heading) => collapseWhitespace(heading.textContent ?? ""));
  const metaAuthor = document.querySelector('meta[name="author"]')?.getAttribute("content")?.trim() || null;
  for (const element of [...document.querySelectorAll(FURNITURE_SELECTOR)]) element.remove();
  const pageLength = document.body?.textContent?.length ?? 0;
  for (const element of [...document.querySelectorAll("[class], [id]")]) {
    const names = `${element.getAttribute("class") ?? ""} ${element.getAttribute("id") ?? ""}`;
    if (!FURNITURE_NAMES.test(names) || element.tagName === "BODY" || element.tagName === "HTML") continue;
    // A wrapper named "has-social-bar" around the whole story is not furniture: keep what holds most of the page.
    if ((element.textContent?.length ?? 0) > pageLength * 0.3 || element.querySelector("article, main, h1")) continue;
    element.remove();
  }

  const article = new Readability(document as unknown as Document, { charThreshold: 100 }).parse();
  let blocks = readHtmlFragmentBlocks(article?.content ?? document.body?.innerHTML ?? "");
  let title = collapseWhitespace(article?.title ?? document.title ?? "") || null;
  // The article's own heading is a better title than the <title> ("Headline – Site name"); it is not body text.
  if (blocks[0] && blocks[0].isHeading && (!title || title.includes(blocks[0].text))) {
    title = blocks[0].text;
    blocks = blocks.slice(1);
  }
  // "Headline – Site name" in <title>, "Headline" in the page's one <h1>: the headline is the title.
  if (headings.length === 1 && headings[0] && title?.includes(headings[0])) title = headings[0];
  const byline = collapseWhitespace(article?.byline ?? "") || null;
  const author = byline?.replace(/^by\s+/i, "") || metaAuthor;
  const isBylineBlock = (text: string) => byline !== null && (text === byline || text.replace(/^by\s+/i, "") === author);
  const kept = blocks.filter(({ text }) => !isBylineBlock(text) && !(text.length < 60 && isPageFurniture(text)));
  return {
    title,
    author,
    language: language ?? (article?.lang || null),
    statedMinutes: null,
    ...convertedBlocks(kept),
    publishedAt: isoDate(
      article?.publishedTime ?? document.querySelector('meta[property="article:published_time"]')?.getAttribute("content") ?? undefined,
    ),
  };
}

/** Elements that are never the article. */
const FURNITURE_SELECTOR = [
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "object",
  "embed",
  "form",
  "button",
  "input",
  "select",
  "textarea",
  "nav",
  "aside",
  "footer",
  "svg",
  "[role=navigation]",
  "[role=complementary]",
  "[role=banner]",
  "[role=contentinfo]",
  "[aria-hidden=true]",
  "[hidden]",
].join(", ");

/** Class or id names of page furniture: share and social widgets, ads, comments, newsletters, related links. */
const FURNITURE_NAMES =
  /(?:^|[\s_-])(?:share|sharing|social|comments?|disqus|ads?|advert\w*|sponsor\w*|promo\w*|newsletter|subscribe|related|cookie\w*|breadcrumbs?|popup|modal)(?:$|[\s_-])/i;

const BLOCK_TAGS = new Set([
  "P",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "LI",
  "BLOCKQUOTE",
  "PRE",
  "FIGCAPTION",
  "DT",
  "DD",
  "TD",
  "TH",
  "DIV",
  "SECTION",
  "ARTICLE",
  "UL",
  "OL",
  "DL",
  "TABLE",
  "TR",
  "FIGURE",
  "HEADER",
  "MAIN",
]);
const HEADING = /^H[1-6]$/;

export type HtmlBlock = { text: string; isHeading: boolean; style: BlockStyle | null; marks: Omit<BlockMark, "block">[] };

/** Blocks as a ConvertedReading carries them: their texts, styles and marks, in step. */
export function convertedBlocks(blocks: readonly HtmlBlock[]): Pick<ConvertedReading, "blocks" | "styles" | "marks"> {
  return {
    blocks: blocks.map((block) => block.text),
    styles: blocks.map((block) => block.style),
    marks: blocks.flatMap((block, index) => block.marks.map((mark) => ({ ...mark, block: index }))),
  };
}

/** What a block element is on the reading page: its own tag, or the list item or quote it sits in. */
function blockStyleOf(element: Element): BlockStyle | null {
  const tag = element.tagName;
  if (HEADING.test(tag)) return { kind: "heading", level: Number(tag.slice(1)) };
  if (tag === "PRE") return { kind: "preformatted" };
  if (tag === "FIGCAPTION") return { kind: "caption" };
  const item = element.closest("li");
  if (item) return { kind: "list-item", ordered: item.parentElement?.tagName === "OL" };
  if (element.closest("blockquote")) return { kind: "quote" };
  return null;
}

const INLINE_MARKS: Record<string, MarkKind> = {
  EM: "emphasis",
  I: "emphasis",
  STRONG: "strong",
  B: "strong",
  CODE: "code",
  KBD: "code",
  SAMP: "code",
  A: "link",
};

/** A leaf block's text (as collapseWhitespace(textContent) gives it) with its emphasis, strong, code and links. */
function markedBlockText(element: Element): { text: string; marks: Omit<BlockMark, "block">[] } {
  let raw = "";
  const marks: Omit<BlockMark, "block">[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      raw += node.nodeValue ?? "";
      return;
    }
    if (node.nodeType !== 1) return;
    const start = raw.length;
    for (const child of [...node.childNodes]) walk(child);
    const kind = INLINE_MARKS[(node as Element).tagName];
    if (!kind || raw.length === start) return;
    if (kind === "link") {
      const href = safeHref((node as Element).getAttribute("href"));
      if (href) marks.push({ kind, start, end: raw.length, href });
    } else {
      marks.push({ kind, start, end: raw.length });
    }
  };
  for (const child of [...element.childNodes]) walk(child);
  return collapseWithMarks(raw, marks);
}

/** The blocks of an HTML fragment (a converted .docx, an article), line breaks read as spaces. */
export function readHtmlFragmentBlocks(html: string): HtmlBlock[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return readHtmlBlocks(document.body as unknown as Element);
}

/**
 * The article's blocks in document order: each block element's text, where it holds no block of
 * its own; a container's loose text (beside its blocks) becomes a block of its own too.
 */
export function readHtmlBlocks(root: Element): HtmlBlock[] {
  for (const lineBreak of [...root.querySelectorAll("br")]) lineBreak.replaceWith(root.ownerDocument.createTextNode(" "));
  const blocks: HtmlBlock[] = [];
  const visit = (element: Element) => {
    const hasBlockChild = [...element.children].some((child) => BLOCK_TAGS.has(child.tagName));
    if (!hasBlockChild) {
      const isHeading = HEADING.test(element.tagName);
      const style = element === root ? null : blockStyleOf(element);
      if (element.tagName === "PRE") {
        const text = normalizePreformatted(element.textContent ?? "");
        if (text) blocks.push({ text, isHeading, style, marks: [] });
        return;
      }
      const { text, marks } = markedBlockText(element);
      if (text) blocks.push({ text, isHeading, style, marks });
      return;
    }
    let loose = "";
    const flush = () => {
      const text = collapseWhitespace(loose);
      if (text) blocks.push({ text, isHeading: false, style: element === root ? null : blockStyleOf(element), marks: [] });
      loose = "";
    };
    for (const child of [...element.childNodes]) {
      if (child.nodeType === 1 && BLOCK_TAGS.has((child as Element).tagName)) {
        flush();
        visit(child as Element);
      } else {
        loose += child.textContent ?? "";
      }
    }
    flush();
  };
  visit(root);
  return blocks;
}
