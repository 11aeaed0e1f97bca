import { isoDate, languageTag } from "./source-metadata";

/** What a Markdown file's front matter says about it: the fields a reading keeps. */
export type FrontMatter = { title: string | null; author: string | null; publishedAt: string | null; language: string | null };

/** `---` on the first line, `---` (or `...`) closing it: YAML front matter, as Obsidian, Jekyll and Hugo write it. */
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * A Markdown file's YAML front matter taken off its text, with the title, author(s), date and
 * language it states. Left on, a parser reads its `---` as a rule and its last line as a heading
 * ("title: On Walking" in large type at the top of the reading). Only plain `key: value` lines
 * and `- item` lists are read, which is what these fields are written as; anything else in the
 * block (nested maps, anchors, tags) is skipped, never run.
 */
export function takeFrontMatter(source: string): { body: string; frontMatter: FrontMatter | null } {
  const match = FRONT_MATTER.exec(source);
  if (!match) return { body: source, frontMatter: null };
  const fields = new Map<string, string[]>();
  let listKey: string | null = null;
  for (const line of match[1].split(/\r?\n/)) {
    const item = /^\s+-\s+(.*)$/.exec(line) ?? /^-\s+(.*)$/.exec(line);
    if (item && listKey) {
      fields.get(listKey)?.push(scalar(item[1]));
      continue;
    }
    const pair = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*)|\s*)$/.exec(line);
    if (!pair) {
      // Blank, a comment or an indented part of a value skipped: anything else is not front matter
      // (a rule, a paragraph, another rule), and nothing of the text is taken away.
      if (line.trim() === "" || line.trimStart().startsWith("#") || /^\s/.test(line)) continue;
      return { body: source, frontMatter: null };
    }
    const key = pair[1].toLowerCase();
    const value = (pair[2] ?? "").trim();
    if (value === "") {
      listKey = key;
      fields.set(key, []);
    } else {
      listKey = null;
      // An inline list: [Ada Moss, "B. Reed"].
      const inline = /^\[(.*)\]$/.exec(value);
      fields.set(key, inline ? inline[1].split(",").map(scalar) : [scalar(value)]);
    }
  }
  if (fields.size === 0) return { body: source, frontMatter: null };
  const first = (...keys: string[]) => keys.map((key) => fields.get(key)?.find((value) => value !== "")).find(Boolean) ?? null;
  const authors = (fields.get("author") ?? fields.get("authors") ?? []).filter((value) => value !== "");
  return {
    body: source.slice(match[0].length),
    frontMatter: {
      title: first("title"),
      author: authors.length > 0 ? authors.join(", ") : null,
      publishedAt: isoDate(first("date", "published") ?? undefined),
      language: languageTag(first("lang", "language")),
    },
  };
}

/** A YAML scalar as written: surrounding quotes taken off, a trailing comment dropped from a bare one. */
function scalar(raw: string): string {
  const value = raw.trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(value) ?? /^'((?:[^']|'')*)'$/.exec(value);
  if (quoted) return value.startsWith('"') ? quoted[1].replace(/\\(.)/g, "$1") : quoted[1].replace(/''/g, "'");
  // A fixed-length search: `\s+#.*$` went back over every space of a long run, the square of its length.
  const comment = value.search(/\s#/);
  return (comment === -1 ? value : value.slice(0, comment)).trim();
}
