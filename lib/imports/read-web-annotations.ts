import { isHighlightColor } from "@/lib/annotations/colors";
import { MAX_BODY_LENGTH } from "@/lib/annotations/schemas";
import { AppError } from "@/lib/errors";
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
      notes.push(body.format === "text/html" ? htmlToText(body.value) : body.value);
    }
  }
  return { notes: notes.filter((note) => note !== ""), tags };
}

/**
 * An HTML body longer than this is refused before it is read: a comment is at most
 * MAX_BODY_LENGTH characters of text, and even generous markup does not take ten times that.
 */
const MAX_HTML_BODY_LENGTH = 10 * MAX_BODY_LENGTH;

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Tag contents (between `<` and `>`) that end a block: they become a blank line. */
const BLOCK_END = /^\/(p|div|li|blockquote|h[1-6]|pre)\s*$/i;
const LINE_BREAK = /^br\s*\/?$/i;

/**
 * An HTML comment as plain text: block ends become blank lines, `<br>` a line break, other tags
 * go, and entities are decoded last (so "&lt;b&gt;" stays the text "<b>", never markup).
 *
 * One pass over the input, never a regex across it: `/<[^>]*>/g` retries from every "<" of a
 * run with no ">" (quadratic: 60,000 "<" blocked the server for 2 s). Here, once no ">" is left,
 * the rest is text; a "<" without a closing ">" stays literal text, as it did.
 */
export function htmlToText(html: string): string {
  let text = "";
  let position = 0;
  while (position < html.length) {
    const open = html.indexOf("<", position);
    if (open === -1) break;
    const close = html.indexOf(">", open + 1);
    if (close === -1) break;
    text += html.slice(position, open);
    const tag = html.slice(open + 1, close);
    if (LINE_BREAK.test(tag)) text += "\n";
    else if (BLOCK_END.test(tag)) text += "\n\n";
    position = close + 1;
  }
  text += html.slice(position);
  return decodeEntities(text)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] !== "#") return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
    const codePoint = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  });
}
