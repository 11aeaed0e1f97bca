import "server-only";
import type { Element, ElementContent, Nodes, Root } from "hast";
import { sanitize, type Schema } from "hast-util-sanitize";
import { toHtml } from "hast-util-to-html";
import type { Nodes as MdastNodes, Root as MdastRoot } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmAutolinkLiteralFromMarkdown } from "mdast-util-gfm-autolink-literal";
import { toHast } from "mdast-util-to-hast";
import { gfmAutolinkLiteral } from "micromark-extension-gfm-autolink-literal";
import { markdownDensity } from "@/lib/markdown/density";
import { deepestOpeningNesting } from "@/lib/markdown/nesting";

/**
 * A comment's Markdown (CommonMark, with bare links) as sanitized HTML, rendered on the server so the browser never
 * downloads a Markdown parser: annotation DTOs and live events carry the result as `bodyHtml`.
 *
 * Three layers, each enough alone for the worst cases:
 * 1. Raw HTML in a comment is shown as text, never parsed as HTML (`<script>` reads "<script>").
 * 2. The tree is rebuilt through an allowlist (hast-util-sanitize): only the elements CommonMark
 *    produces, only `href` (http, https, mailto, irc, ircs, xmpp or relative), `start` and our own
 *    heading class; anything else (event handlers, `style`, `javascript:` or `data:` targets) is dropped.
 * 3. hast-util-to-html escapes every text and attribute value it writes.
 * Links are user content: they open in a new tab, pass no referrer privileges and earn no search
 * ranking; a link whose target was dropped keeps its words as plain text.
 */

const SCHEMA: Schema = {
  tagNames: ["p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "span"],
  attributes: {
    a: ["href"],
    ol: ["start"],
    // Fenced code keeps its language as a class ("language-ts"), as react-markdown rendered it.
    code: [["className", /^language-[\w-]+$/]],
    p: [["className", "md-heading"]],
  },
  protocols: { href: ["http", "https", "mailto", "irc", "ircs", "xmpp"] },
  // Dropped with everything inside them, not unwrapped (they cannot arise from step 1, but in case).
  strip: ["script", "style"],
  required: {},
  clobber: [],
  ancestors: {},
};

const LINK_PROPERTIES = { rel: "noopener nofollow ugc", target: "_blank" };

/** The parts of the tree made safe and fitted to a comment before the allowlist runs. */
function fitForComment(node: Nodes): Nodes {
  if (node.type === "raw") return { type: "text", value: node.value };
  if (node.type !== "root" && node.type !== "element") return node;
  const children = node.children.map((child) => fitForComment(child) as ElementContent);
  if (node.type === "root") return { ...node, children };
  // Comments sit under the page's headings: their own headings must not break the page's outline.
  if (/^h[1-6]$/.test(node.tagName)) return { type: "element", tagName: "p", properties: { className: ["md-heading"] }, children };
  // No images: a comment must not load a tracker or a huge picture into every reader's page.
  if (node.tagName === "img") {
    const alt = typeof node.properties.alt === "string" && node.properties.alt !== "" ? node.properties.alt : "";
    return { type: "element", tagName: "span", properties: {}, children: [{ type: "text", value: alt ? `[image: ${alt}]` : "[image]" }] };
  }
  return { ...node, children };
}

/**
 * A line break typed in a comment stays a line break, as in the comment boxes people know (GitHub's,
 * Hypothesis's): CommonMark would join the lines into one ("a newline second line"), and nothing in
 * a comment box tells people they need a blank line or two trailing spaces.
 */
function keepLineBreaks<Node extends MdastNodes>(node: Node): Node {
  if (!("children" in node)) return node;
  const children: MdastNodes[] = [];
  for (const child of node.children as MdastNodes[]) {
    if (child.type !== "text" || !child.value.includes("\n")) {
      children.push(keepLineBreaks(child));
      continue;
    }
    child.value.split(/\r?\n/).forEach((line, index) => {
      if (index > 0) children.push({ type: "break" });
      if (line !== "") children.push({ type: "text", value: line });
    });
  }
  return { ...node, children };
}

/** After the allowlist: a link keeps its target only if the allowlist kept it. */
function finishLinks(node: Root | Element): void {
  for (const child of node.children) {
    if (child.type !== "element") continue;
    if (child.tagName === "a") {
      if (typeof child.properties.href === "string") Object.assign(child.properties, LINK_PROPERTIES);
      else child.tagName = "span";
    }
    finishLinks(child);
  }
}

/**
 * What a comment may ask of the parser before it is shown as its plain text instead (escaped, its
 * paragraphs and lines kept, nothing parsed). New comments are refused well before the nesting
 * (MAX_COMMENT_NESTING); these keep every way in (a new comment, an import, an old row) cheap for
 * the server's one event loop, which every other reader's request waits on:
 * - nesting on one line (lib/markdown/nesting.ts): the parser's time grows with the square of the
 *   depth (a 10,000-character comment of ">" held it 2.5 s) and the tree's walkers' stack with it;
 * - delimiters in one paragraph and lines in one or in all (lib/markdown/density.ts): the parser's
 *   time grows with the square of the first two and with the third (under these limits a
 *   10,000-character comment costs at most ~30 ms, against ~8 ms for as much prose: npm run
 *   bench:markdown). They bound the parsed tree's depth too (a level of emphasis takes two
 *   delimiters): emphasis nested 1,400 deep had overflowed the stack of the HTML writer.
 * No comment a person writes comes near them: 300 delimiters are 150 links or 75 bold words in one
 * paragraph; 1,000 lines in 10,000 characters are lines of nine letters.
 */
const MAX_RENDERED_NESTING = 32;
const MAX_PARAGRAPH_DELIMITERS = 300;
const MAX_PARAGRAPH_LINES = 300;
const MAX_LINES = 1_000;

/** Whether `source` is past those limits (exported for the benchmark, scripts/bench/markdown.ts). */
export function isTooCostlyToParse(source: string): boolean {
  if (deepestOpeningNesting(source).depth > MAX_RENDERED_NESTING) return true;
  const density = markdownDensity(source);
  return (
    density.paragraphDelimiters > MAX_PARAGRAPH_DELIMITERS || density.paragraphLines > MAX_PARAGRAPH_LINES || density.lines > MAX_LINES
  );
}

/**
 * CommonMark, and GitHub's bare links: an address pasted as it is ("https://…", "www.…", an email
 * address) is a link, as in the comment boxes people know; CommonMark links only `<https://…>`.
 */
function parseComment(source: string): MdastRoot {
  // Finding them doubles the parse (~5 ms more for 10,000 characters of prose): only a comment
  // that could hold one pays it.
  if (!MIGHT_HOLD_A_BARE_LINK.test(source)) return fromMarkdown(source);
  return fromMarkdown(source, { extensions: [gfmAutolinkLiteral()], mdastExtensions: [gfmAutolinkLiteralFromMarkdown()] });
}
const MIGHT_HOLD_A_BARE_LINK = /@|:\/\/|www\./i;

export function renderMarkdown(source: string): string {
  if (source === "") return "";
  if (isTooCostlyToParse(source)) return plainParagraphs(source);
  const tree = fitForComment(toHast(keepLineBreaks(parseComment(source)), { allowDangerousHtml: true }));
  const clean = sanitize(tree, SCHEMA);
  if (clean.type !== "root" && clean.type !== "element") return "";
  finishLinks(clean);
  return toHtml(clean);
}

/** Containers whose children run on in one line of text; any other's children are separated by a space. */
const INLINE_CONTAINERS = new Set(["paragraph", "heading", "emphasis", "strong", "delete", "link", "linkReference", "tableCell"]);

/**
 * A comment's words as one would read them aloud, without its Markdown ("*policy*" → "policy", a
 * link → its words, raw HTML as the text it is shown as): for a one-line preview (a notification).
 */
export function markdownPlainText(source: string): string {
  if (isTooCostlyToParse(source)) return source;
  const words = (node: MdastNodes): string => {
    if (node.type === "text" || node.type === "inlineCode" || node.type === "code" || node.type === "html") return node.value;
    if (node.type === "image") return node.alt ?? "";
    if (node.type === "break") return " ";
    if (!("children" in node)) return "";
    return (node.children as MdastNodes[]).map(words).join(INLINE_CONTAINERS.has(node.type) ? "" : " ");
  };
  return words(parseComment(source));
}

/** The source as escaped text, a paragraph per blank-line-separated block and a line break per line. */
function plainParagraphs(source: string): string {
  const escape = (text: string) => text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
  return source
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .filter((block) => block.trim() !== "")
    .map((block) => `<p>${block.split("\n").map(escape).join("<br>\n")}</p>`)
    .join("\n");
}

/**
 * The same comment is rendered once per reader who is sent it (a page load, a live event fanned
 * out to a lecture hall), so recent results are kept. Bounded in entries and in characters, source
 * and HTML together (a comment of 10,000 "&" renders to 60,000: counted in entries alone, 20,000
 * such held ~1.4 GB); the oldest entry goes first.
 */
export function renderCache({ entries, characters }: { entries: number; characters: number }) {
  const cache = new Map<string, string>();
  let held = 0;
  return {
    render(source: string): string {
      const hit = cache.get(source);
      if (hit !== undefined) return hit;
      const html = renderMarkdown(source);
      held += source.length + html.length;
      cache.set(source, html);
      while (cache.size > entries || held > characters) {
        const [oldest, oldestHtml] = cache.entries().next().value!;
        cache.delete(oldest);
        held -= oldest.length + oldestHtml.length;
      }
      return html;
    },
    size: () => ({ entries: cache.size, characters: held }),
  };
}

// ~32 MB of UTF-16 at most.
const sharedCache = renderCache({ entries: 20_000, characters: 16_000_000 });
export const renderMarkdownCached = sharedCache.render;

// The parser's first call pays its lazy setup (~40 ms here): pay it when the server starts, not in
// the first reader's request.
renderMarkdown("*warm* [up](https://example.org)\n\n- `now`");
