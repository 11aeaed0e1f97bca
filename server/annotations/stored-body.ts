import "server-only";
import { hasVisibleCharacter } from "@/lib/text/visible";
import { renderMarkdownCached } from "@/server/markdown/render-markdown";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/**
 * What is stored for a comment: as written, or "" when it shows nothing once rendered. A comment of
 * only a zero-width space, `&nbsp;`, a Hangul filler, an empty link or a rule is no comment: stored
 * as one, it counted as posting and opened "hide until you post" with nothing written (an
 * independent check did exactly that). Judged on the rendered Markdown, the way readers see it; what
 * renders as visible text (a ".", a "\\") is a comment, however short.
 */
export function storedBody(body: string): string {
  // Rendered once here and again (from the cache) when the annotation is sent.
  return body !== "" && hasVisibleText(renderMarkdownCached(body)) ? body : "";
}

/** A reply is only its words: one that shows nothing is refused (400) with this. */
export const EMPTY_REPLY = "A reply cannot be empty: write something readers can see.";

function hasVisibleText(html: string): boolean {
  // eslint-disable-next-line regexp/no-super-linear-move -- our renderer's HTML: every "<" in it opens a tag its ">" closes (text is escaped).
  const text = html.replace(/<[^>]*>/g, "").replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? entity;
    const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
  return hasVisibleCharacter(text);
}
