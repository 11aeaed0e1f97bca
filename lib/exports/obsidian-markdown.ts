import { tagKey } from "@/lib/annotations/tag-key";
import type { Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { COLOR_NAMES, type HighlightColor } from "@/lib/annotations/colors";
import type { AnnotationDto } from "@/lib/annotations/types";
import {
  annotationUrl,
  groupRepliesByThread,
  needsNewPlaceLine,
  placeOf,
  readingPageUrl,
  type ColorLabels,
  type DocumentNotes,
} from "./document-notes";
import { trimCharacters } from "@/lib/text/trim-characters";

/**
 * One document's notes as a Markdown file that Obsidian (and any CommonMark reader) opens well:
 * YAML front matter with the document's properties, then each annotation in reading order — the
 * quote as a quote callout (`> [!quote]`: a note's own `> quote` is a plain blockquote, and the two
 * must not look alike), the note as written (its raw HTML as text, as the app shows it), who wrote
 * it and when, `#tags`, the colour and a link back to the exact spot — with its replies as a list
 * beneath it. One whose words a later version removed says so under its quote ("Needs a new place").
 */
export type ObsidianMarkdownOptions = {
  origin: string;
  exportedAt: Date;
  /** The exporter's own colour meanings ("Evidence"), shown instead of the colour's name on their own annotations. */
  colorLabels?: ColorLabels;
  /** Who exported: their colour meanings describe their highlights only (others meant their own). */
  viewerId?: string;
};

export function toObsidianMarkdown(notes: DocumentNotes, options: ObsidianMarkdownOptions): string {
  const repliesByThread = groupRepliesByThread(notes.replies);
  const lines = obsidianHeader(notes.document, documentTags(notes.annotations), notes.annotations.length === 0, options);
  for (const annotation of notes.annotations)
    lines.push(...obsidianThread(notes.document, annotation, repliesByThread.get(annotation.id) ?? [], options));
  return lines.join("\n");
}

/**
 * The document's tags as written, in order of first use: each once whatever its case, in its first
 * spelling (tags ignore case, ours as Obsidian's). `seen` carries the keys of tags already listed
 * across calls (a file written a batch at a time).
 */
export function documentTags(annotations: AnnotationDto[], seen = new Set<string>()): string[] {
  return distinctTags(
    annotations.flatMap((annotation) => annotation.tags),
    seen,
  );
}

/** Each tag once whatever its case, in its first spelling; `seen` holds the keys of those already taken. */
function distinctTags(tags: string[], seen = new Set<string>()): string[] {
  const distinct: string[] = [];
  for (const tag of tags) {
    if (seen.has(tagKey(tag))) continue;
    seen.add(tagKey(tag));
    distinct.push(tag);
  }
  return distinct;
}

/**
 * The front matter and title: every line before the first annotation. `tags` (documentTags) go in
 * as Obsidian takes them; when that changed any ("two words" is `two-words`, "🔥 hot take"
 * `-hot-take`, and "two words" and "two-words" became one), `tags-as-written` lists them all as
 * they were written, so the file loses none.
 */
export function obsidianHeader(
  document: DocumentNotes["document"],
  tags: string[],
  isEmpty: boolean,
  options: ObsidianMarkdownOptions,
): string[] {
  const { origin, exportedAt } = options;
  const lines = ["---", `title: ${yamlString(document.title)}`];
  if (document.author) lines.push(`author: ${yamlString(document.author)}`);
  lines.push(`source: ${yamlString(readingPageUrl(origin, document.slug))}`, `exported: ${yamlString(exportedAt.toISOString())}`);
  const hashtags = distinctTags(tags.map(toObsidianTag).filter((tag) => tag !== ""));
  lines.push(hashtags.length === 0 ? "tags: []" : "tags:", ...hashtags.map((tag) => `  - ${yamlString(tag)}`));
  if (tags.some((tag) => toObsidianTag(tag) !== tag)) lines.push("tags-as-written:", ...tags.map((tag) => `  - ${yamlString(tag)}`));
  lines.push("---", "");

  lines.push(`# ${escapeInline(document.title)}`, "");
  if (document.author) lines.push(`*By ${escapeInline(document.author)}*`, "");
  if (isEmpty) lines.push("No notes on this document yet.", "");
  return lines;
}

/** One annotation's lines — quote, note, details, replies (oldest first) — and the rule after it. */
export function obsidianThread(
  document: DocumentNotes["document"],
  annotation: AnnotationDto,
  replies: AnnotationDto[],
  options: ObsidianMarkdownOptions,
): string[] {
  const lines = [...blockquote(annotation.target?.selector[0].exact ?? ""), ""];
  // Said under its quote, which is of the version it was written on: read alone it looks like a passage of the text as it is now.
  const place = placeOf(annotation, document.versions);
  if (place?.needsNewPlace) lines.push(`*${escapeInline(needsNewPlaceLine(place))}.*`, "");
  if (annotation.isDeleted) lines.push("*(deleted)*", "");
  else if (annotation.body.trim()) lines.push(noteMarkdown(annotation.body), "");

  const details = [
    `${escapeInline(annotation.author.name)}, ${writtenAt(annotation.createdAt)}`,
    // A tag Obsidian takes only rewritten keeps its own words beside it: `#two-words (“two words”)`.
    annotation.tags
      .flatMap((tag) => {
        const hashtag = toObsidianTag(tag);
        if (hashtag === "") return [];
        return [hashtag === tag ? `#${hashtag}` : `#${hashtag} (“${escapeInline(tag)}”)`];
      })
      .join(" "),
    // Tags Obsidian cannot take as tags are kept as words, so the export loses none.
    annotation.tags
      .filter((tag) => toObsidianTag(tag) === "")
      .map((tag) => `tagged “${escapeInline(tag)}”`)
      .join(", "),
    annotation.color ? colourDetail(annotation.color, annotation.author.id === options.viewerId ? options.colorLabels : undefined) : "",
    `[Open in Marginalia](${annotationUrl(options.origin, document.slug, annotation.id)})`,
  ].filter(Boolean);
  lines.push(details.join(" · "), "");

  for (const reply of replies) lines.push(...replyItem(reply));
  if (replies.length > 0) lines.push("");
  lines.push("---", "");
  return lines;
}

/**
 * When a note or reply was written, to the minute, in UTC and saying so (ISO 8601: `2024-03-11T03:30Z`).
 * The export does not know the reader's time zone, and a bare UTC date put a note written on an
 * evening in New York on the next day, with nothing to say so.
 */
function writtenAt(isoDateTime: string): string {
  return `${new Date(isoDateTime).toISOString().slice(0, 16)}Z`;
}

/** "Evidence (Pink)" when the exporter gave the colour a meaning, else "Colour: Pink". */
function colourDetail(color: HighlightColor, labels: ColorLabels | undefined): string {
  const meaning = labels?.[color]?.trim();
  return meaning ? `${escapeInline(meaning)} (${COLOR_NAMES[color]})` : `Colour: ${COLOR_NAMES[color]}`;
}

/** `<slug>.md`, with anything a file system might refuse replaced: the same slug, the same name. */
export function obsidianFileName(slug: string): string {
  const safe = slug.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "");
  return `${safe || "notes"}.md`;
}

/**
 * A tag as Obsidian accepts it: letters (with their marks), digits, `_`, `-` and `/` (nesting)
 * only, spaces become hyphens, and at least one character that is not a digit (`#1984` is not a
 * tag, `#_1984` is). "" when no letter or digit is left (a tag of emoji or symbols): a mark left
 * alone, the variation selector of 👩‍👩‍👧‍👦🏳️‍🌈, was written as a tag of nothing.
 */
export function toObsidianTag(tag: string): string {
  const kept = tag
    .trim()
    .replace(/\s+/g, "-")
    .replace(/[^\p{L}\p{N}\p{M}_/-]+/gu, "");
  const cleaned = trimCharacters(kept, "/");
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return "";
  return /^\d+$/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/**
 * A YAML double-quoted scalar: always quoted, so titles such as `yes`, `null`, `: a` or `#1` stay
 * strings; backslash, quote and every non-printable character escaped.
 */
export function yamlString(value: string): string {
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (character) => {
    switch (character) {
      case "\\":
        return "\\\\";
      case '"':
        return '\\"';
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      default:
        return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
    }
  });
  return `"${escaped}"`;
}

/**
 * Quoted article text is plain text, not Markdown: escape what would turn it into emphasis, links,
 * HTML, Obsidian tags (`#word`), highlights (`==`), math (`$`), comments (`%%`) or a table.
 */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>#$=~%|^]/g, "\\$&");
}

/**
 * The passage, as an Obsidian quote callout (elsewhere a blockquote whose first line says
 * "[!quote]"): every line prefixed with `>`; a line that would start a list or heading is escaped too.
 */
function blockquote(quote: string): string[] {
  return [
    "> [!quote]",
    ...quote.split(/\r\n|\r|\n/).map((line) => {
      if (line.trim() === "") return ">";
      const escaped = escapeInline(line)
        .replace(/^(\s*)([-+])(?=\s|$)/, "$1\\$2")
        .replace(/^(\s*\d+)([.)])/, "$1\\$2");
      return `> ${escaped}`;
    }),
  ];
}

/** A note or reply as its author wrote it, with its headings nested under the title, its raw HTML and unsafe links made text. */
function noteMarkdown(body: string): string {
  return nestNoteHeadings(escapeRawHtml(body.trimEnd()));
}

/** The link targets the app itself keeps (server/markdown/render-markdown.ts); a target without a scheme is relative. */
const SAFE_LINK = /^(?:(?:https?|mailto|ircs?|xmpp):|[^:]*(?:[/?#]|$))/i;

/**
 * A note made safe to open elsewhere, the way the app shows it (server/markdown/render-markdown.ts):
 * - raw HTML (`<script>`, `<b>`, `<!-- -->`) is text: each `<` a CommonMark parser reads as the
 *   start of HTML gets a backslash (code spans, code blocks and autolinks are not HTML, left as written);
 * - a link whose target the app would drop (`javascript:`, `data:`) keeps its words, not its target:
 *   a classmate's reply must not put a script link in someone's notes app. A reference definition
 *   with such a target goes, and the references to it read as the text they are.
 */
export function escapeRawHtml(markdown: string): string {
  if (!/[<:]/.test(markdown)) return markdown;
  // Each edit replaces markdown[from, to) with `text`; none overlap (a link's words are only read).
  const edits: { from: number; to: number; text: string }[] = [];
  const visit = (node: Nodes) => {
    const from = node.position?.start.offset;
    const to = node.position?.end.offset;
    if (from === undefined || to === undefined) return;
    if (node.type === "html") {
      for (let index = markdown.indexOf("<", from); index !== -1 && index < to; index = markdown.indexOf("<", index + 1))
        edits.push({ from: index, to: index + 1, text: "\\<" });
    } else if ((node.type === "link" || node.type === "definition") && !SAFE_LINK.test(node.url.trim())) {
      const words = node.type === "link" ? node.children : [];
      const [first, last] = [words[0]?.position?.start.offset, words.at(-1)?.position?.end.offset];
      edits.push({ from, to, text: first === undefined || last === undefined ? "" : escapeRawHtml(markdown.slice(first, last)) });
      return;
    }
    if ("children" in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(fromMarkdown(markdown));
  let written = "";
  let at = 0;
  for (const edit of edits.sort((a, b) => a.from - b.from)) {
    written += markdown.slice(at, edit.from) + edit.text;
    at = edit.to;
  }
  return written + markdown.slice(at);
}

/** A reply (or a piece of feedback, marked as such) as a list item; its further lines indented so they stay inside the item. */
function replyItem(reply: AnnotationDto): string[] {
  const [first, ...rest] = (reply.isDeleted ? "*(deleted)*" : noteMarkdown(reply.body) || "*(empty)*").split(/\r\n|\r|\n/);
  // Feedback is private to the person it is on and the instructors: said so, so a shared file does not pass it off as a reply.
  const feedback = reply.isFeedback
    ? ` — *private feedback${reply.feedbackOn ? ` to ${escapeInline(reply.feedbackOn.author.name)}` : ""}*`
    : "";
  const header = `- **${escapeInline(reply.author.name)}**${feedback} (${writtenAt(reply.createdAt)}): ${first}`;
  return [header, ...rest.map((line) => (line === "" ? "" : `  ${line}`))];
}

/** An ATX heading's opening: up to three spaces, then one to six `#` and a space or the line's end. */
const ATX_HEADING = /^( {0,3})(#{1,6})(?=[ \t]|$)/;
/** A setext level-1 underline: `===` under a paragraph line. */
const SETEXT_H1_UNDERLINE = /^ {0,3}=+[ \t]*$/;
/** Lines that cannot be the text of a setext heading (so `===` below them is not an underline). */
const NOT_SETEXT_TEXT = /^\s*$|^ {4}|^ {0,3}([>#]|[-+*][ \t]|\d+[.)][ \t]|```|~~~)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * A note's own headings one level down (capped at h6), so they sit under the document's `# Title`
 * instead of beside it: a note's "# Heading" is otherwise a second title in the file, and in
 * Obsidian's outline. ATX headings (`# …`) gain a `#`; a setext h1 (`===` underline) becomes an h2
 * (`---`), and a setext h2 stays one: it is already below the title, and setext has no h3.
 * Fenced code is left as written. Headings inside a note's blockquotes or lists are left too: they
 * already sit inside another block.
 */
export function nestNoteHeadings(markdown: string): string {
  const lines = markdown.split(/\r\n|\r|\n/);
  let fence: string | null = null;
  return lines
    .map((line, index) => {
      const fenceMark = FENCE.exec(line)?.[1];
      if (fence !== null) {
        // A fence closes with the same character, at least as long as the one that opened it.
        if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && line.trim() === fenceMark) fence = null;
        return line;
      }
      if (fenceMark) {
        fence = fenceMark;
        return line;
      }
      const heading = ATX_HEADING.exec(line);
      if (heading) return heading[2].length === 6 ? line : `${heading[1]}#${line.slice(heading[1].length)}`;
      if (SETEXT_H1_UNDERLINE.test(line) && index > 0 && !NOT_SETEXT_TEXT.test(lines[index - 1])) return line.replace(/=/g, "-");
      return line;
    })
    .join("\n");
}
