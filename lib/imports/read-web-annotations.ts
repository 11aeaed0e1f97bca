import { isHighlightColor } from "@/lib/annotations/colors";
import { MAX_BODY_LENGTH } from "@/lib/annotations/schemas";
import { AppError } from "@/lib/errors";
import { trimCharacters } from "@/lib/text/trim-characters";
import { trailingRunLength } from "@/lib/text/walk-back";
import {
  assertItemCount,
  asArray,
  describeItem,
  describeType,
  isObject,
  readPosition,
  readQuote,
  type JsonObject,
  NO_READ_LIMITS,
  type ReadLimits,
} from "./read-helpers";
import type { ImportedAnnotation, ReadResult } from "./types";

/**
 * Reads W3C Web Annotations (https://www.w3.org/TR/annotation-model/) as JSON-LD: one Annotation,
 * an array of them, an AnnotationPage, or an AnnotationCollection whose pages are embedded (ours
 * embeds `first`). JSON-LD lets most properties be one value or an array, and lets a target be an
 * IRI, an object or several of either; all are read. Only text selectors are understood — a
 * TextQuoteSelector and a TextPositionSelector in `target.selector` — and a TextQuoteSelector that
 * refines another selector (`refinedBy`: a PDF's page, an EPUB's chapter, an element by XPath or
 * CSS), whose words are still the annotated words; a position within such a scope is not ours.
 * A highlight colour comes from the quoting target's `styleClass` (the model's styling, §4.4), when
 * one of its classes is a colour of our palette, as our export writes it (see web-annotation-style.ts).
 */
export function readWebAnnotations(json: unknown, limits: ReadLimits = NO_READ_LIMITS): ReadResult {
  const annotations = collectAnnotations(json);
  assertItemCount(annotations.length, limits);
  const ids = new Set(annotations.map((annotation) => (isObject(annotation) ? idOf(annotation) : "")).filter(Boolean));
  const items: ImportedAnnotation[] = [];
  const problems: string[] = [];
  annotations.forEach((annotation, index) => {
    const read = readAnnotation(annotation, index, ids);
    if (typeof read === "string") problems.push(read);
    else items.push(read);
  });
  return { items, problems };
}

function hasType(object: JsonObject, type: string): boolean {
  return asArray(object.type ?? object["@type"]).includes(type);
}

function idOf(object: JsonObject): string {
  const id = object.id ?? object["@id"];
  return typeof id === "string" ? id : "";
}

/** The annotations in a file, following embedded pages (`first`, then each page's `next`). */
function collectAnnotations(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (!isObject(json)) throw new AppError("BAD_REQUEST", "A W3C Web Annotation file must hold an object or an array.");
  if (hasType(json, "AnnotationCollection")) {
    if (json.first === undefined && Array.isArray(json.items)) return json.items;
    return readPages(json.first);
  }
  if (hasType(json, "AnnotationPage")) return readPages(json);
  return [json];
}

function readPages(first: unknown): unknown[] {
  const annotations: unknown[] = [];
  const seen = new Set<unknown>();
  for (let page = first; page !== undefined && page !== null; page = (page as JsonObject).next) {
    if (typeof page === "string") {
      throw new AppError(
        "BAD_REQUEST",
        `The collection's page ${page} is a link, not part of the file: export the annotations with their pages embedded.`,
      );
    }
    if (!isObject(page) || seen.has(page)) break;
    seen.add(page);
    if (!Array.isArray(page.items)) throw new AppError("BAD_REQUEST", "An AnnotationPage in the file has no items array.");
    annotations.push(...page.items);
  }
  return annotations;
}

/** The first creator's id (or, without one, its name, or the creator as a bare string). */
function creatorOf(annotation: JsonObject): string | undefined {
  const [creator] = asArray(annotation.creator);
  if (typeof creator === "string") return creator || undefined;
  if (!isObject(creator)) return undefined;
  const name = creator.id ?? creator["@id"] ?? creator.name;
  return typeof name === "string" && name ? name : undefined;
}

/** One annotation, or the problem that stops it being read. */
function readAnnotation(annotation: unknown, index: number, ids: Set<string>): ImportedAnnotation | string {
  if (!isObject(annotation)) return `${describeItem(index, "")}: expected an object, found ${describeType(annotation)}.`;
  const sourceId = idOf(annotation);
  const where = describeItem(index, sourceId);
  const motivations = asArray(annotation.motivation);
  const isReply = motivations.includes("replying");

  const bodies = readBodies(annotation, motivations.includes("tagging"));
  if (typeof bodies === "string") return `${where}: ${bodies}`;
  const target = readTargets(annotation.target, isReply, ids);
  if (typeof target === "string") return `${where}: ${target}`;

  return {
    sourceId,
    quote: target.quote,
    ...(target.position && { position: target.position }),
    body: bodies.notes.join("\n\n"),
    tags: bodies.tags,
    ...(target.replyTo && { replyToSourceId: target.replyTo }),
    ...(creatorOf(annotation) && { creator: creatorOf(annotation) }),
    ...(typeof annotation.created === "string" && { created: annotation.created }),
    ...(target.color && { color: target.color }),
    ...(target.source && { source: target.source }),
  };
}

type ReadTarget = {
  quote: ImportedAnnotation["quote"];
  position?: { start: number; end: number };
  replyTo?: string;
  color?: ImportedAnnotation["color"];
  source?: ImportedAnnotation["source"];
};

/**
 * The first target that quotes text wins; failing that, a target naming another annotation (by
 * IRI, or any IRI when the motivation is "replying") makes this a reply.
 */
function readTargets(target: unknown, isReply: boolean, ids: Set<string>): ReadTarget | string {
  if (target === undefined) return "it has no target.";
  let replyTo: string | undefined;
  let position: ReadTarget["position"];
  for (const entry of asArray(target)) {
    if (typeof entry === "string") {
      if (isReply || ids.has(entry)) replyTo ??= entry;
      continue;
    }
    if (!isObject(entry)) return `target must be an object, an array or an IRI, not ${describeType(entry)}.`;
    const selectors = readSelectors(entry.selector);
    if (typeof selectors === "string") return selectors;
    if (selectors.quote) {
      const color = asArray(entry.styleClass).find(isHighlightColor);
      const source = typeof entry.source === "string" ? entry.source : isObject(entry.source) ? idOf(entry.source) : "";
      return { ...selectors, ...(color && { color }), ...(source && { source: { uri: source } }) };
    }
    position ??= selectors.position;
    const id = idOf(entry);
    if (id && (isReply || ids.has(id))) replyTo ??= id;
  }
  return { quote: null, ...(position && { position }), ...(replyTo && { replyTo }) };
}

function readSelectors(selector: unknown): ReadTarget | string {
  let quote: ImportedAnnotation["quote"] = null;
  let position: { start: number; end: number } | undefined;
  for (const entry of asArray(selector)) {
    if (typeof entry === "string") continue; // a selector by reference: not followed
    if (!isObject(entry)) return `a selector must be an object, not ${describeType(entry)}.`;
    if (entry.refinedBy !== undefined) {
      const refined = refiningQuoteSelector(entry.refinedBy);
      if (refined && !quote) {
        quote = readQuote(refined);
        if (!quote) return `the refining TextQuoteSelector's exact must be a string, not ${describeType(refined.exact)}.`;
      }
      continue;
    }
    if (hasType(entry, "TextQuoteSelector") && !quote) {
      quote = readQuote(entry);
      if (!quote) return `the TextQuoteSelector's exact must be a string, not ${describeType(entry.exact)}.`;
    } else if (hasType(entry, "TextPositionSelector") && !position) {
      const read = readPosition(entry);
      if (!read) return "the TextPositionSelector's start and end must be numbers.";
      position = read;
    }
  }
  return { quote, ...(position && { position }) };
}

/** How deep a chain of refinements is followed: real ones are one or two deep (page → quote). */
const MAX_REFINEMENTS = 8;

/**
 * The TextQuoteSelector at the end of a chain of refinements (`refinedBy` may itself be refined, and
 * may be one selector or several), or null when the chain names words some other way.
 */
function refiningQuoteSelector(refinedBy: unknown, depth = 0): JsonObject | null {
  if (depth >= MAX_REFINEMENTS) return null;
  for (const entry of asArray(refinedBy)) {
    if (!isObject(entry)) continue;
    if (hasType(entry, "TextQuoteSelector") && entry.refinedBy === undefined) return entry;
    if (entry.refinedBy !== undefined) {
      const deeper = refiningQuoteSelector(entry.refinedBy, depth + 1);
      if (deeper) return deeper;
    }
  }
  return null;
}

/**
 * Comments and tags from `body` (and `bodyValue`, the model's shorthand for one plain-text body).
 * A TextualBody with purpose "tagging" is a tag; any other textual body is part of the comment.
 * Bodies that are other resources (an image, a link) carry no text and are left out.
 */
function readBodies(annotation: JsonObject, isTaggingMotivation: boolean): { notes: string[]; tags: string[] } | string {
  const notes: string[] = [];
  const tags: string[] = [];
  if (typeof annotation.bodyValue === "string") notes.push(annotation.bodyValue);
  for (const body of asArray(annotation.body)) {
    if (typeof body === "string") {
      notes.push(body);
      continue;
    }
    if (!isObject(body)) return `a body must be an object or a string, not ${describeType(body)}.`;
    if (body.value === undefined && !hasType(body, "TextualBody")) continue;
    if (typeof body.value !== "string") return `a TextualBody's value must be a string, not ${describeType(body.value)}.`;
    const purposes = asArray(body.purpose);
    const isTag = purposes.includes("tagging") || (purposes.length === 0 && isTaggingMotivation);
    if (isTag) {
      if (body.value.trim()) tags.push(body.value.trim());
    } else {
      if (body.format === "text/html" && body.value.length > MAX_HTML_BODY_LENGTH) {
        return `an HTML body is too long to read: at most ${MAX_HTML_BODY_LENGTH.toLocaleString("en")} characters of markup.`;
      }
      notes.push(commentAsMarkdown(body.value, body.format));
    }
  }
  return { notes: notes.filter((note) => note !== ""), tags };
}

/**
 * A comment body as the Markdown comments are stored in, by the format the file declares: HTML is
 * read as Markdown, plain text escaped so it shows as written, Markdown (ours) and a body of no
 * stated format (most tools' comments are Markdown or plain words) kept as they are.
 */
function commentAsMarkdown(value: string, format: unknown): string {
  if (format === "text/html") return htmlToMarkdown(value);
  if (format === "text/plain")
    return value
      .split("\n")
      .map((line) => escapeMarkdown(line, true))
      .join("\n");
  return value;
}

/**
 * An HTML body longer than this is refused before it is read: a comment is at most
 * MAX_BODY_LENGTH characters of text, and even generous markup does not take ten times that.
 */
const MAX_HTML_BODY_LENGTH = 10 * MAX_BODY_LENGTH;

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Elements that are blocks of their own: blank lines around them in the comment. */
const BLOCK_ELEMENTS = new Set([
  "p",
  "div",
  "blockquote",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "table",
  "tr",
  "section",
  "article",
  "figure",
]);
/** Elements whose words are no part of what a reader saw: left out with everything in them. */
const UNSEEN_ELEMENTS = new Set(["script", "style", "template", "head", "title", "noscript"]);
/** Inline elements kept as Markdown, and the marks around their words. */
const EMPHASIS: Record<string, string> = { b: "**", strong: "**", i: "*", em: "*" };
/** Deeper than this, elements are read as their words alone (real comments nest two or three). */
const MAX_DEPTH = 32;
/** Link targets kept: the ones the comment renderer keeps (server/markdown/render-markdown.ts). */
const KEPT_LINK = /^(?:https?:|mailto:)/i;
/** HTML's whitespace, which it shows as one space outside <pre> (not the no-break space). */
const HTML_SPACES = /[ \t\n\r\f]+/g;

/**
 * An element being read, the Markdown of what it holds so far, and how many line breaks that ends
 * with (kept as it is written: reading the end of a string built by appending copies it whole).
 */
type Frame = { tag: string; href: string | null; markdown: string; trailingNewlines: number };
/** A list being read: its next number, its items' indent, and where a list inside its current item begins. */
type List = { ordered: boolean; next: number; indent: string; innerIndent: string };

/**
 * An HTML comment (another tool's `text/html` body) as the Markdown our comments are: links keep
 * their targets (`[words](https://…)`), bold, italics and code their marks, `<pre>` is a code
 * block, list items keep their bullets or numbers, blocks are paragraphs and `<br>` a line break;
 * scripts, styles and HTML comments go with what is in them, and runs of spaces and newlines are
 * one space, as the other tool showed them. The words are escaped where Markdown would take them
 * for marks ("*", "_", "[", a "#" or "1." starting a line): what was shown there is shown here.
 *
 * One pass over the input, never a regex across it: `/<[^>]*>/g` retries from every "<" of a
 * run with no ">" (quadratic: 60,000 "<" blocked the server for 2 s). Here, once no ">" is left,
 * the rest is text; a "<" without a closing ">" stays literal text, as it did.
 */
export function htmlToMarkdown(html: string): string {
  // Open elements that wrap their words in marks, innermost last; the first frame is the comment.
  const frames: Frame[] = [{ tag: "", href: null, markdown: "", trailingNewlines: 0 }];
  const lists: List[] = [];
  // Whether what is written next starts a line (where "#" or "1." would start a block).
  let atLineStart = true;
  const within = (tag: string) => frames.some((frame) => frame.tag === tag);
  const write = (markdown: string) => {
    if (markdown === "") return;
    const frame = frames[frames.length - 1];
    frame.markdown += markdown;
    const newlines = trailingRunLength(markdown, NEWLINE);
    frame.trailingNewlines = newlines === markdown.length ? frame.trailingNewlines + newlines : newlines;
    atLineStart = newlines > 0;
  };
  const closeFrame = (frame: Frame) => {
    const { tag, href, markdown } = frame;
    if (tag === "pre") {
      const fence = "`".repeat(Math.max(3, longestRun(markdown, "`") + 1));
      write(`${fence}\n${trimCharacters(markdown, "\n")}\n${fence}\n\n`);
    } else if (tag === "code" && !within("pre") && markdown.trim()) {
      const fence = "`".repeat(longestRun(markdown, "`") + 1);
      const pad = markdown.startsWith("`") || markdown.endsWith("`") ? " " : "";
      write(`${fence}${pad}${markdown}${pad}${fence}`);
    } else if (tag === "a" && href && markdown.trim()) write(`[${markdown}](${linkTarget(href)})`);
    else if (EMPHASIS[tag] && markdown.trim()) {
      // Marks hug their words ("** bold **" is not bold): the spaces stay outside them.
      const inner = markdown.trim();
      const before = markdown.slice(0, markdown.length - markdown.trimStart().length);
      const after = markdown.slice(before.length + inner.length);
      write(`${before}${EMPHASIS[tag]}${inner}${EMPHASIS[tag]}${after}`);
    } else write(markdown);
  };
  /** Closes the open elements down to (and with) the innermost `tag`, if one is open. */
  const closeUpTo = (tag: string) => {
    const at = frames.findLastIndex((frame, index) => index > 0 && frame.tag === tag);
    if (at > 0) while (frames.length > at) closeFrame(frames.pop()!);
  };
  /** Ends the line or block being written: `separator` is "\n" (a line) or "\n\n" (a paragraph). */
  const endBlock = (separator: string) => {
    while (frames.length > 1) closeFrame(frames.pop()!);
    if (frames[0].markdown === "") return;
    const missing = separator.length - frames[0].trailingNewlines;
    if (missing > 0) write("\n".repeat(missing));
  };

  let text = "";
  const flushText = () => {
    if (text === "") return;
    let words = decodeEntities(text);
    text = "";
    if (within("pre")) return write(words);
    words = words.replace(HTML_SPACES, " ");
    if (atLineStart) words = words.trimStart();
    if (words === "") return;
    write(within("code") ? words : escapeMarkdown(words, atLineStart));
  };

  let position = 0;
  // Read once, when a script or style is first skipped: the end tag is looked for case-blind.
  let lowerCase: string | undefined;
  while (position < html.length) {
    const open = html.indexOf("<", position);
    if (open === -1) break;
    if (html.startsWith("<!--", open)) {
      const end = html.indexOf("-->", open + 4);
      if (end === -1) break;
      text += html.slice(position, open);
      position = end + 3;
      continue;
    }
    const close = html.indexOf(">", open + 1);
    if (close === -1) break;
    const tag = /^(\/?)([a-z][a-z0-9]*)/i.exec(html.slice(open + 1, Math.min(close, open + 16)));
    if (!tag) {
      // "a < b" or "<>": not a tag, so words.
      text += html.slice(position, close + 1);
      position = close + 1;
      continue;
    }
    text += html.slice(position, open);
    flushText();
    position = close + 1;
    const name = tag[2].toLowerCase();
    const isEnd = tag[1] === "/";
    const startTag = html.slice(open, close);

    if (UNSEEN_ELEMENTS.has(name)) {
      if (isEnd) continue;
      lowerCase ??= html.toLowerCase();
      const end = lowerCase.indexOf(`</${name}`, position);
      position = end === -1 ? html.length : html.indexOf(">", end) + 1 || html.length;
    } else if (name === "br") {
      write("\n");
    } else if (within("pre") && name !== "pre" && name !== "code") {
      // Inside a code block only its words and line breaks count.
    } else if (name === "li") {
      if (isEnd) {
        endBlock("\n");
        continue;
      }
      endBlock("\n");
      // An item outside any list is read as a bulleted one.
      const list = lists.at(-1) ?? { ordered: false, next: 1, indent: "", innerIndent: "" };
      const marker = list.ordered ? `${list.next++}. ` : "- ";
      write(`${list.indent}${marker}`);
      atLineStart = true;
      // A list inside this item is indented to its words.
      list.innerIndent = list.indent + " ".repeat(marker.length);
    } else if (name === "ul" || name === "ol") {
      if (isEnd) {
        lists.pop();
        endBlock(lists.length > 0 ? "\n" : "\n\n");
        continue;
      }
      if (lists.length >= MAX_DEPTH) continue;
      const parent = lists.at(-1);
      endBlock(parent ? "\n" : "\n\n");
      const start = Number(attribute(startTag, "start") ?? 1);
      const indent = parent?.innerIndent ?? "";
      lists.push({ ordered: name === "ol", next: Number.isSafeInteger(start) && start >= 0 ? start : 1, indent, innerIndent: indent });
    } else if (BLOCK_ELEMENTS.has(name)) {
      endBlock("\n\n");
    } else if (name === "td" || name === "th") {
      if (isEnd) write(" ");
    } else if (name === "pre" || name === "code" || name === "a" || name in EMPHASIS) {
      if (isEnd) closeUpTo(name);
      else if (frames.length <= MAX_DEPTH) {
        if (name === "pre") endBlock("\n\n");
        const href = name === "a" ? attribute(startTag, "href")?.trim() : null;
        frames.push({ tag: name, href: href && KEPT_LINK.test(href) ? href : null, markdown: "", trailingNewlines: 0 });
      }
    }
  }
  text += html.slice(position);
  flushText();
  endBlock("");
  return frames[0].markdown
    .split("\n")
    .map((line) => line.slice(0, line.length - trailingRunLength(line, SPACE_OR_TAB)))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// Edges are found by walking in from each end (lib/text/walk-back.ts, trim), never by a regex
// anchored at the end ("\n*$", "(\s*)$", "[ \t]+$"): it retries from every character of a long run
// inside the text, so 40,000 spaces in a <pre> or 5,000 list items held the server 3 s.
const NEWLINE = /^\n$/;
const SPACE_OR_TAB = /^[ \t]$/;

/** The longest run of `character` in `text`. */
function longestRun(text: string, character: string): number {
  let longest = 0;
  let run = 0;
  for (const each of text) {
    run = each === character ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** An attribute's value in a start tag's source, entities decoded; null when it has none. */
function attribute(startTag: string, name: string): string | null {
  const found = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, "i").exec(startTag);
  return found ? decodeEntities(found[1] ?? found[2] ?? found[3]) : null;
}

/** A link target as Markdown can hold it: no space, parenthesis or angle bracket to end it early. */
function linkTarget(href: string): string {
  return href.replace(/[\s()<>]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/**
 * Words as Markdown that shows them as they are: the characters that would start emphasis, code or
 * a link escaped, "&" before what reads as an entity, "<" before what reads as an autolink (raw HTML
 * in a comment is shown as text: server/markdown/render-markdown.ts),
 * and, at a line's start, what would make the line a heading, a quote, a list item or a code fence.
 */
function escapeMarkdown(words: string, atLineStart: boolean): string {
  const escaped = words
    .replace(/[\\`*_[\]]/g, "\\$&")
    .replace(/&(?=#?[a-z0-9]+;)/gi, "\\&")
    .replace(/<(?=[a-z][a-z0-9.+-]{1,31}:[^\s<>]*>|[^\s<>@]+@[^\s<>]+>)/gi, "\\<");
  if (!atLineStart) return escaped;
  return escaped.replace(/^([#>+-]|=+[ \t]*$|~~~)/, "\\$1").replace(/^(\d{1,9})([.)])/, "$1\\$2");
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] !== "#") return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
    const codePoint = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  });
}
