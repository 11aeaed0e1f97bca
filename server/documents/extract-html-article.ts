import "server-only";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { collapseWhitespace, normalizePreformatted, type ConvertedReading } from "@/lib/documents/convert-reading";
import { isPageFurniture } from "@/lib/documents/parse-plain-text-article";
import {
  collapseWithMarks,
  HTML_TAG_MARKS,
  LINE_BREAK,
  MAX_CELL_SPAN,
  safeHref,
  splitAtParagraphBreaks,
  type BlockMark,
  type BlockStyle,
  type ListNumbering,
} from "@/lib/documents/structure";
import { isoDate } from "@/lib/documents/source-metadata";
import { withoutControlCharacters } from "@/lib/text/control-characters";
import { hidingSelectors, removeHiddenElements } from "./convert/hidden-elements";
import { takePageByline } from "./page-byline";

/**
 * A saved web page → the article in it. The page is parsed into a server-side DOM (linkedom: no
 * script ever runs, nothing is fetched), the furniture around an article is removed (navigation,
 * ads, comments, "share" widgets, forms), @mozilla/readability picks the article, and its blocks
 * are read as text. Nothing of the page's HTML is kept — only text — so there is no markup left to
 * sanitize: the reading page renders the canonical text as text.
 */
export function extractHtmlArticle(html: string): ConvertedReading {
  const document = parsePage(html);
  const language = document.documentElement?.getAttribute("lang")?.trim() || null;
  const headings = [...document.querySelectorAll("h1")].map((heading) => collapseWhitespace(heading.textContent ?? ""));
  const metaAuthor = document.querySelector('meta[name="author"]')?.getAttribute("content")?.trim() || null;
  // The page's own names for itself, read before Readability changes the document.
  const pageTitles = [document.title, document.querySelector('meta[property="og:title"]')?.getAttribute("content")]
    .map((text) => collapseWhitespace(text ?? ""))
    .filter(Boolean);
  // Read before the furniture (<style> among it) goes.
  const hiding = [...document.querySelectorAll("style")].flatMap((style) => hidingSelectors(style.textContent ?? ""));
  for (const element of [...document.querySelectorAll(FURNITURE_SELECTOR)]) element.remove();
  // A page's or an article's footer is furniture; a quotation's is who said it ("— Someone, in
  // <cite>Source</cite>"), a paragraph of the quote (Readability would drop it as a footer).
  for (const footer of [...document.querySelectorAll("footer")]) {
    if (footer.parentElement?.closest("blockquote, figure")) readAsParagraph(footer);
    else footer.remove();
  }
  const pageLength = document.body?.textContent?.length ?? 0;
  // What the page never shows: hidden by an inline style or by a rule of its own <style> (a print
  // page number, a "Read more" teaser's duplicate; an independent check found class-hidden text kept).
  // Not an element that holds most of the page or its article: a page that hides its story until a
  // script reveals it (no script runs here) would otherwise lose the story itself.
  removeHiddenElements(
    document,
    hiding,
    (element) => (element.textContent?.length ?? 0) <= pageLength * 0.3 && !element.querySelector("article, main, h1"),
  );
  // Before Readability, which drops a byline for its links and takes one it keeps whole as the author.
  const stated = document.body ? takePageByline(document.body, (tag) => BLOCK_TAGS.has(tag)) : { author: null, date: null };
  for (const element of [...document.querySelectorAll("[class], [id]")]) {
    const names = `${element.getAttribute("class") ?? ""} ${element.getAttribute("id") ?? ""}`;
    if (!FURNITURE_NAMES.test(names) || element.tagName === "BODY" || element.tagName === "HTML") continue;
    // A wrapper named "has-social-bar" around the whole story is not furniture: keep what holds most of the page.
    if ((element.textContent?.length ?? 0) > pageLength * 0.3 || element.querySelector("article, main, h1")) continue;
    element.remove();
  }

  // Readability makes a <div> of a quote it takes as the article's top or beside it (a letter
  // quoting the one it answers lost its quote): marked first, it stays a quote (blockStyleOf).
  for (const quote of [...document.querySelectorAll("blockquote")]) quote.setAttribute(QUOTE_MARK, "");
  // Readability drops style attributes: a list counted in letters or Roman numerals by its style says so first.
  for (const list of [...document.querySelectorAll("ol")]) {
    const numbering = listNumberingOf(list);
    if (numbering) list.setAttribute(NUMBERING_MARK, numbering);
  }
  // Before Readability, which may drop a table of little text as layout (a <pre> it keeps).
  readNumberedCodeAsCode(document);
  readSubtitlesAsParagraphs(document);
  const article = new Readability(document as unknown as Document, { charThreshold: 100 }).parse();
  const leftOut: LeftOut = { images: 0 };
  let blocks = readHtmlFragmentBlocks(article?.content ?? document.body?.innerHTML ?? "", leftOut);
  let title = collapseWhitespace(article?.title ?? document.title ?? "") || null;
  // Readability cuts a <title> it cannot split ("Headline: Subtitle · Site" became "Subtitle · Site",
  // found importing one of our own pages): a heading is matched against the page's titles too.
  const isNamedByPage = (heading: string) => [title ?? "", ...pageTitles].some((named) => named.includes(heading));
  // The article's own heading is a better title than the <title> ("Headline – Site name"); it is not body text.
  // So is the page's one <h1> standing first in it, whatever the <title> says ("Short SEO title | Site").
  const isHeadline = (heading: string) => isNamedByPage(heading) || (headings.length === 1 && headings[0] === heading);
  if (blocks[0] && blocks[0].isHeading && (!title || isHeadline(blocks[0].text))) {
    title = blocks[0].text;
    blocks = blocks.slice(1);
  }
  // "Headline – Site name" in <title>, "Headline" in the page's one <h1>: the headline is the title.
  if (headings.length === 1 && headings[0] && isNamedByPage(headings[0])) title = headings[0];
  const author = stated.author ?? (collapseWhitespace(article?.byline ?? "").replace(/^by\s+/i, "") || metaAuthor);
  // The author's name standing alone (Readability took it from the page's metadata, not from the line).
  const kept = blocks.filter(({ text }) => text !== author && !(text.length < 60 && isPageFurniture(text)));
  return {
    title,
    author,
    language: language ?? (article?.lang || null),
    statedMinutes: null,
    ...convertedBlocks(kept),
    imagesLeftOut: leftOut.images,
    publishedAt:
      isoDate(
        article?.publishedTime ?? document.querySelector('meta[property="article:published_time"]')?.getAttribute("content") ?? undefined,
      ) ?? stated.date,
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
  "svg",
  "[role=navigation]",
  "[role=complementary]",
  "[role=banner]",
  "[role=contentinfo]",
  "[aria-hidden=true]",
  "[hidden]",
].join(", ");

/**
 * Class or id names of page furniture: share and social widgets, ads, comments, newsletters,
 * related links, and a wiki's "[edit]" links beside each heading (MediaWiki's mw-editsection: it
 * read "Geography[edit]").
 */
const FURNITURE_NAMES =
  /(?:^|[\s_-])(?:share|sharing|social|comments?|disqus|ads?|advert\w*|sponsor\w*|promo\w*|newsletter|subscribe|related|cookie\w*|breadcrumbs?|popup|modal|editsection)(?:$|[\s_-])/i;

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
  "CAPTION",
  "THEAD",
  "TBODY",
  "TFOOT",
  "TR",
  "FIGURE",
  "HEADER",
  "MAIN",
  "DETAILS",
  "SUMMARY",
  "ADDRESS",
  "HGROUP",
  "CENTER",
  "FIELDSET",
  "LEGEND",
]);
const BLOCK_SELECTOR = [...BLOCK_TAGS].map((tag) => tag.toLowerCase()).join(", ");

/**
 * The elements under `root` that hold a block somewhere inside them, found in one pass up from
 * each block (an ancestor already found stops the climb): asking each element's subtree instead
 * cost the square of the depth on a page of nested inline tags.
 */
function holdersOfBlocks(root: Element): Set<Element> {
  const holders = new Set<Element>();
  for (const block of [...root.querySelectorAll(BLOCK_SELECTOR)]) {
    for (let parent = block.parentElement; parent && parent !== root && !holders.has(parent); parent = parent.parentElement)
      holders.add(parent);
  }
  return holders;
}
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

/** What a browser puts in a page's head when the page does not say where its head ends. */
const HEAD_TAGS = new Set(["TITLE", "META", "LINK", "STYLE", "SCRIPT", "BASE"]);

/**
 * The page as a browser builds it. A browser implies a page's <html>, <head> and <body> when the
 * file leaves them out; linkedom does not: plain words in a .html file gave no document element at
 * all (a 500), and a fragment (`<p>…</p>`) or a page without a <body> tag had an empty body (422,
 * "no text"). Such a page is rebuilt with its head's elements in a head and the rest in a body.
 */
function parsePage(html: string): Document {
  if (/<body[\s>]/i.test(html)) return parseHTML(html).document as unknown as Document;
  const source = parseHTML(html).document;
  let head = "";
  let body = "";
  let language: string | null = null;
  const take = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      const element = node.nodeType === 1 ? (node as Element) : null;
      if (element && (element.tagName === "HTML" || element.tagName === "HEAD")) {
        if (element.tagName === "HTML") language = element.getAttribute("lang");
        take([...element.childNodes]);
      } else if (element) {
        if (HEAD_TAGS.has(element.tagName)) head += element.outerHTML;
        else body += element.outerHTML;
      } else if (node.nodeType === 3) {
        body += String(node); // linkedom writes a text node escaped
      }
    }
  };
  take([...(source.childNodes as unknown as ChildNode[])]);
  const { document } = parseHTML(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);
  if (language) document.documentElement.setAttribute("lang", language);
  return document as unknown as Document;
}

/** Where a table cell sits in its table (lib/documents/structure.ts, "table-cell"). */
type CellPlace = { row: number; column: number; header: boolean; rowSpan?: number; columnSpan?: number };

/** Cells spanning rows followed at once in one table, at most: past it a cell's row span is not followed. */
const MAX_FOLLOWED_ROW_SPANS = 64;

/** The columns [from, to) a cell spanning rows takes in the rows below its own, down to `lastRow`. */
type RowSpan = { from: number; to: number; lastRow: number };

/**
 * Each table cell's row and column within its own table (a nested table's cells count within
 * it), as HTML's table model places them: a cell spanning columns moves the next one along, and
 * a cell spanning rows moves the cells of the rows below it out of its columns, so every cell
 * stays under its own heading.
 */
function tableCellPlaces(root: Element): Map<Element, CellPlace> {
  const places = new Map<Element, CellPlace>();
  // Each row once, its table found from its parent (a row sits in its table or in a head, body or
  // foot of it): asking each table for its rows re-read every nested table's rows once per level.
  const tables = new Map<Element, { rows: number; spans: RowSpan[] }>();
  const span = (cell: Element, name: string, zero: number) => {
    const value = Number.parseInt(cell.getAttribute(name) ?? "1", 10);
    return value === 0 ? zero : Math.min(Math.max(value || 1, 1), MAX_CELL_SPAN);
  };
  for (const row of [...root.querySelectorAll("tr")]) {
    const parent = row.parentElement;
    const table = parent?.tagName === "TABLE" ? parent : parent?.parentElement?.tagName === "TABLE" ? parent.parentElement : null;
    if (!table) continue;
    let state = tables.get(table);
    if (!state) tables.set(table, (state = { rows: 0, spans: [] }));
    const rowIndex = state.rows++;
    // The spans still reaching this row, left to right (they never overlap: a cell is only placed where none is).
    const spans = state.spans.filter((taken) => taken.lastRow >= rowIndex);
    let next = 0; // the first span not yet passed
    let column = 0;
    const added: RowSpan[] = [];
    for (const cell of [...row.children]) {
      if (cell.tagName !== "TD" && cell.tagName !== "TH") continue;
      while (next < spans.length && spans[next].from <= column) column = Math.max(column, spans[next++].to);
      const isHeader = cell.tagName === "TH" || parent?.tagName === "THEAD";
      const width = span(cell, "colspan", 1);
      const height = span(cell, "rowspan", MAX_CELL_SPAN); // rowspan="0": to the end of its part of the table (the page cuts it at the last row)
      // A span not followed is not kept either: the reading page draws the cell in its own row only, as placed here.
      const isFollowed = height > 1 && spans.length + added.length < MAX_FOLLOWED_ROW_SPANS;
      if (isFollowed) added.push({ from: column, to: column + width, lastRow: rowIndex + height - 1 });
      places.set(cell, {
        row: rowIndex,
        column,
        header: isHeader,
        ...(isFollowed ? { rowSpan: height } : {}),
        ...(width > 1 ? { columnSpan: width } : {}),
      });
      column += width;
    }
    state.spans = added.length === 0 ? spans : [...spans, ...added].sort((a, b) => a.from - b.from);
  }
  return places;
}

/**
 * A page's heading group's one heading is its first; the rest are its subtitle or tagline (HTML's
 * `<hgroup>`, which older pages filled with an <h1> and an <h2>): read as headings, a reading
 * opened with a section named after its own subtitle. (A book's chapter keeps its "Chapter I" and
 * "The Beginning" as the headings they are.)
 */
function readSubtitlesAsParagraphs(root: ParentNode): void {
  for (const group of [...root.querySelectorAll("hgroup")]) {
    const [, ...subtitles] = [...group.children].filter((child) => HEADING.test(child.tagName));
    for (const subtitle of subtitles) readAsParagraph(subtitle);
  }
}

/** An element made a plain paragraph of the same words and marks (a heading, a quotation's footer). */
function readAsParagraph(element: Element): void {
  const paragraph = element.ownerDocument.createElement("p");
  paragraph.append(...element.childNodes);
  element.replaceWith(paragraph);
}

/**
 * Text as a reader of the page sees it where the markup's own text differs: a `<q>`'s quotation
 * marks are drawn by the browser, not written (“…”, ‘…’ inside another), and a ruby annotation's
 * reading (`<rt>`, with its fallback `<rp>` parentheses) sits above its base text, not inside it —
 * read in line, 漢字 came out as 漢かん字じ. The base text is kept, the reading dropped.
 */
function readAsShown(root: Element): void {
  for (const annotation of [...root.querySelectorAll("rt, rp")]) annotation.remove();
  for (const quotation of [...root.querySelectorAll("q")]) {
    const isInner = Boolean(quotation.parentElement?.closest("q"));
    const [open, close] = isInner ? ["‘", "’"] : ["“", "”"];
    quotation.prepend(root.ownerDocument.createTextNode(open));
    quotation.append(root.ownerDocument.createTextNode(close));
  }
}

/**
 * A note's reference, as EPUB (`epub:type`) and DPUB-ARIA (`role`) name it, and as pandoc's EPUB 2
 * does (`a.footnote-ref`, EPUB 2 having no `epub:type`): pandoc and Standard Ebooks raise its number
 * by CSS, not with a <sup>.
 */
const NOTE_REFERENCE = '[epub\\:type~="noteref"], [role~="doc-noteref"], a.footnote-ref';
/** A note's link back to where it is referenced. */
const NOTE_BACKLINK = '[epub\\:type~="backlink"], [role~="doc-backlink"]';
/** The arrow pandoc and others draw as that link ("↩", or "↩︎" with its text-style selector). */
const BACKLINK_ARROW = /^↩[\uFE0E\uFE0F]?$/;

/**
 * Notes as a reader sees them: a reference raised as a <sup> raises it (it stayed a plain digit
 * glued to the word, "fragmentary.1"; the text is unchanged, only marked), and a note's link back
 * to its reference left out, as the "↑" of a Word file's notes is (convert-docx.ts): it is a button,
 * not the note's words. A link back is named by its role, or is a link that is only the arrow.
 */
function readNotesAsShown(root: Element): void {
  for (const reference of [...root.querySelectorAll(NOTE_REFERENCE)]) {
    if (reference.closest("sup") || reference.querySelector("sup")) continue;
    const raised = root.ownerDocument.createElement("sup");
    reference.replaceWith(raised);
    raised.append(reference);
  }
  for (const link of [...root.querySelectorAll(`${NOTE_BACKLINK}, a[href*="#"]`)]) {
    const isBacklink = link.matches(NOTE_BACKLINK) || BACKLINK_ARROW.test((link.textContent ?? "").trim());
    if (isBacklink) link.remove();
  }
}

/**
 * A code listing laid out as a table beside its line numbers (Pygments' `highlighttable`, Jekyll's
 * `table.rouge-table` or `table.lineno` with its `td.gutter`, Hugo's `lntable`): one row of two
 * cells, the first only numbers counting up by one, the second the code in a <pre>. Read as a table
 * it was two cells, the numbers one of them, and the code was no longer preformatted: it becomes the
 * <pre> alone. Known by its shape, not its class names, which each highlighter spells its own way.
 */
function readNumberedCodeAsCode(root: ParentNode): void {
  for (const table of [...root.querySelectorAll("table")]) {
    const rows = table.querySelectorAll("tr");
    if (rows.length !== 1) continue;
    const cells = [...rows[0].children].filter((cell) => cell.tagName === "TD" || cell.tagName === "TH");
    const code = cells.length === 2 ? cells[1].querySelector("pre") : null;
    const gutter = (cells[0]?.textContent ?? "").trim();
    if (!code || !/^\d+(?:\s+\d+)*$/.test(gutter)) continue;
    const numbers = gutter.split(/\s+/).map(Number);
    if (numbers.every((number, index) => index === 0 || number === numbers[index - 1] + 1)) table.replaceWith(code);
  }
}

/** The attribute marking where an image stood, its description now its text (readHtmlBlocks). */
const IMAGE_DESCRIPTION = "data-marginalia-image";
/** A block quote, whatever element Readability left of it. */
const QUOTE_MARK = "data-marginalia-quote";
const QUOTE = `blockquote, [${QUOTE_MARK}]`;
/** A numbered list's counting (a, A, i, I), read before Readability could drop the style that said it. */
const NUMBERING_MARK = "data-marginalia-numbering";

/**
 * An image standing on its own (nothing but it in its line of text) becomes a block of its
 * description, so "The lamp at night" is read and can be annotated where the picture was; the
 * picture itself is not kept. An image inside a sentence (an icon) stays out, as before, and so
 * does one whose caption says the same words.
 */
function describeStandaloneImages(root: Element): void {
  for (const image of [...root.querySelectorAll("img")]) {
    const description = collapseWhitespace(image.getAttribute("alt") ?? "");
    if (!description) continue;
    const block = image.parentElement?.closest(BLOCK_SELECTOR) ?? root;
    const looseText = [...block.childNodes]
      .filter((child) => !(child.nodeType === 1 && BLOCK_TAGS.has((child as Element).tagName)))
      .map((child) => child.textContent ?? "")
      .join("");
    if (collapseWhitespace(looseText) !== "") continue;
    const isLeafBlock = block !== root && ![...block.children].some((child) => BLOCK_TAGS.has(child.tagName));
    // A caption of the same words under it (a figure's, or the paragraph after it: pandoc's Word
    // files) says them already: read twice, they were two blocks of one sentence.
    const caption = image.closest("figure")?.querySelector("figcaption") ?? (isLeafBlock ? block.nextElementSibling : null);
    if (caption && collapseWhitespace(caption.textContent ?? "") === description) {
      image.remove();
      continue;
    }
    if (isLeafBlock) {
      // <p><a href…><img alt…></a></p>: the paragraph is the description, its link kept.
      block.setAttribute(IMAGE_DESCRIPTION, "");
      image.replaceWith(root.ownerDocument.createTextNode(` ${description} `));
      continue;
    }
    // Loose beside blocks (<figure><img…><figcaption>…): a block of its own, where it stood.
    let standing: Element = image;
    while (standing.parentElement && standing.parentElement !== block) standing = standing.parentElement;
    const replacement = root.ownerDocument.createElement("div");
    replacement.setAttribute(IMAGE_DESCRIPTION, "");
    replacement.textContent = description;
    standing.replaceWith(replacement);
  }
}

/**
 * What a block element is on the reading page: its own tag, or the table cell, list item or quote it
 * sits in. `numberedLists`: the numbered lists a block has been read from already, so only a list's
 * first block carries the number it starts at (`<ol start="5">`).
 */
function blockStyleOf(element: Element, cells: Map<Element, CellPlace>, numberedLists: Set<Element>): BlockStyle | null {
  const cell = element.closest("td, th");
  const place = cell ? cells.get(cell) : undefined;
  if (place) return { kind: "table-cell", ...place }; // a `header: false` is dropped when the structure is made
  const tag = element.tagName;
  if (element.hasAttribute(IMAGE_DESCRIPTION)) return { kind: "image" };
  if (HEADING.test(tag)) return { kind: "heading", level: Number(tag.slice(1)) };
  if (tag === "PRE") return { kind: "preformatted" };
  if (tag === "FIGCAPTION" || tag === "CAPTION") return { kind: "caption" };
  const item = element.closest("li");
  if (item) {
    let level = 1;
    for (let outer = item.parentElement?.closest("li"); outer && level < 6; outer = outer.parentElement?.closest("li")) level++;
    const list = item.parentElement;
    const ordered = list?.tagName === "OL";
    let start: number | undefined;
    if (ordered && !numberedLists.has(list)) {
      numberedLists.add(list);
      const given = Number.parseInt(list.getAttribute("start") ?? "", 10);
      if (Number.isFinite(given) && given !== 1) start = given;
    }
    const numbering = ordered ? listNumberingOf(list) : null;
    return {
      kind: "list-item",
      ordered,
      ...(level > 1 ? { level } : {}),
      ...(start !== undefined ? { start } : {}),
      ...(numbering ? { numbering } : {}),
    };
  }
  // A description list's term, or (any paragraph of) one of its definitions.
  const described = element.closest("dt, dd");
  if (described) return { kind: described.tagName === "DT" ? "term" : "definition" };
  const quote = element.closest(QUOTE);
  if (quote) {
    // A quote within a quote is one level deeper (at most 6).
    let level = 1;
    for (let outer = quote.parentElement?.closest(QUOTE); outer && level < 6; outer = outer.parentElement?.closest(QUOTE)) level++;
    return { kind: "quote", ...(level > 1 ? { level } : {}) };
  }
  return null;
}

/** CSS's names for the counting HTML's `type` spells a, A, i, I. */
const NUMBERING_BY_CSS: Record<string, ListNumbering> = {
  "lower-alpha": "a",
  "lower-latin": "a",
  "upper-alpha": "A",
  "upper-latin": "A",
  "lower-roman": "i",
  "upper-roman": "I",
};

/**
 * How a numbered list counts, when not 1, 2, 3: its `type` ("a", "A", "i", "I"), or its own style's
 * `list-style-type` (Readability drops style attributes, so the page's is read first: NUMBERING_MARK).
 */
function listNumberingOf(list: Element): ListNumbering | null {
  const type = list.getAttribute(NUMBERING_MARK) ?? list.getAttribute("type") ?? "";
  if (type === "a" || type === "A" || type === "i" || type === "I") return type;
  const styled =
    /(?:^|;)\s*list-style(?:-type)?\s*:[^;]*?\b(lower-alpha|lower-latin|upper-alpha|upper-latin|lower-roman|upper-roman)\b/i.exec(
      list.getAttribute("style") ?? "",
    );
  return styled ? NUMBERING_BY_CSS[styled[1].toLowerCase()] : null;
}

/** A leaf block's text (as collapseWhitespace(textContent) gives it) with its inline marks (emphasis, links, superscripts…). */
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
    const kind = HTML_TAG_MARKS[(node as Element).tagName.toLowerCase()];
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

/** What reading HTML left out that a reader would miss, counted as it goes (the preview says so). */
export type LeftOut = { images: number };

/** The blocks of an HTML fragment (a converted .docx, an article), a `<br>` kept as a line break inside its block. */
export function readHtmlFragmentBlocks(html: string, leftOut?: LeftOut): HtmlBlock[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return readHtmlBlocks(document.body as unknown as Element, leftOut);
}

/** What HTML written inside Markdown holds that a reader never sees: code, styles, embedded objects, hidden parts. */
const NEVER_SHOWN = "script, style, template, noscript, iframe, object, embed, svg, [hidden]";

/**
 * Raw HTML written inside Markdown (`<p align="center">…</p>`, `<details>`): read for its text and
 * marks, as a page's article is; nothing of it is ever rendered (convertMarkdown's MarkdownHtmlReader).
 */
export function readMarkdownHtmlBlocks(html: string): HtmlBlock[] {
  // Most such HTML only wraps Markdown (`<div align="center">`, `</div>`, a comment): no text, no parse.
  if (!/<img\b/i.test(html) && html.replace(/<!--[\s\S]*?(?:-->|$)|<[^>]*>/g, "").trim() === "") return [];
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const element of [...document.querySelectorAll(NEVER_SHOWN)]) element.remove();
  return readHtmlBlocks(document.body as unknown as Element);
}

/**
 * Control characters left out of the text as read (lib/text/control-characters.ts). The source's
 * own were taken out before parsing, but a character reference (`&#7;`, `&#x1B;`) becomes one only
 * as it is parsed, and an EPUB's or a Word file's XML is read by lenient parsers that keep them.
 */
function dropControlCharacters(root: Element): void {
  const texts = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    const kept = withoutControlCharacters(node.nodeValue ?? "");
    if (kept !== node.nodeValue) node.nodeValue = kept;
  }
}

/**
 * The article's blocks in document order: each block element's text, where it holds no block of
 * its own; a container's loose text (beside its blocks) becomes a block of its own too.
 */
export function readHtmlBlocks(root: Element, leftOut?: LeftOut): HtmlBlock[] {
  dropControlCharacters(root);
  readNumberedCodeAsCode(root);
  // A <br> is a line the author broke (a poem's, an address's): kept as one, inside its paragraph.
  for (const lineBreak of [...root.querySelectorAll("br")]) lineBreak.replaceWith(root.ownerDocument.createTextNode(LINE_BREAK));
  describeStandaloneImages(root);
  readAsShown(root);
  readNotesAsShown(root);
  // The images still here were not kept as descriptions: none given, or one inside a sentence. An
  // empty alt="" is the page saying the image is decoration: nothing is missed.
  if (leftOut) leftOut.images += [...root.querySelectorAll("img")].filter((image) => image.getAttribute("alt") !== "").length;
  const cells = tableCellPlaces(root);
  const holders = holdersOfBlocks(root);
  const numberedLists = new Set<Element>();
  // A block, or an inline element holding one (`<a><div>…</div></a>`, an unknown tag around
  // paragraphs): either way its text is blocks of its own, never run into the text beside it.
  const isBlockLike = (node: ChildNode) =>
    node.nodeType === 1 && (BLOCK_TAGS.has((node as Element).tagName) || holders.has(node as Element));
  const blocks: HtmlBlock[] = [];
  const visit = (element: Element) => {
    const hasBlockChild = [...element.children].some(isBlockLike);
    if (!hasBlockChild) {
      const isHeading = HEADING.test(element.tagName);
      const style = element === root ? null : blockStyleOf(element, cells, numberedLists);
      if (element.tagName === "PRE") {
        const text = normalizePreformatted((element.textContent ?? "").replaceAll(LINE_BREAK, "\n"));
        if (text) blocks.push({ text, isHeading, style, marks: [] });
        return;
      }
      const marked = markedBlockText(element);
      if (!marked.text) return;
      // A heading is one line (it may become the title, or a chapter's name): its breaks are spaces, as long.
      if (isHeading) blocks.push({ text: marked.text.replaceAll("\n", " "), isHeading, style, marks: marked.marks });
      else for (const { text, marks } of splitAtParagraphBreaks(marked)) blocks.push({ text, isHeading, style, marks });
      return;
    }
    let loose = "";
    const flush = () => {
      const collapsed = collapseWithMarks(loose, []);
      loose = "";
      if (!collapsed.text) return;
      const style = element === root ? null : blockStyleOf(element, cells, numberedLists);
      for (const { text } of splitAtParagraphBreaks(collapsed)) blocks.push({ text, isHeading: false, style, marks: [] });
    };
    for (const child of [...element.childNodes]) {
      if (isBlockLike(child)) {
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
