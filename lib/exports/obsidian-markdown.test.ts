import type { Heading, Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { describe, expect, it } from "vitest";
import { nestNoteHeadings, obsidianFileName, toObsidianMarkdown, toObsidianTag, yamlString } from "./obsidian-markdown";
import { annotation, EXPORTED_AT, notes, ORIGIN, reply } from "@/tests/factories/annotation-dtos";

const options = { origin: ORIGIN, exportedAt: EXPORTED_AT };

function frontMatter(markdown: string): string {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (!match) throw new Error("no front matter");
  return match[1];
}

describe("toObsidianMarkdown", () => {
  it("writes YAML front matter with title, author, source, export date and the union of tags", () => {
    const markdown = toObsidianMarkdown(
      notes({
        annotations: [
          annotation({ id: "a1", tags: ["evidence", "key claim"] }),
          // Tags ignore case: "Evidence" is the tag above, listed once in its first spelling.
          annotation({ id: "a2", tags: ["Evidence", "policy"] }),
        ],
      }),
      options,
    );
    expect(frontMatter(markdown)).toBe(
      [
        'title: "An Essay"',
        'author: "Arslan Ghazi"',
        'source: "https://notes.example.edu/read/essay"',
        'exported: "2025-03-04T05:06:07.000Z"',
        "tags:",
        '  - "evidence"',
        '  - "key-claim"',
        '  - "policy"',
        // "key claim" became `key-claim` above: every tag as it was written, too.
        "tags-as-written:",
        '  - "evidence"',
        '  - "key claim"',
        '  - "policy"',
      ].join("\n"),
    );
  });

  it("quotes and escapes front matter values a YAML parser would otherwise misread", () => {
    const markdown = toObsidianMarkdown(notes({ document: { slug: "s", title: 'yes: "No" \\ #1\nsecond line', author: null } }), options);
    const yaml = frontMatter(markdown);
    expect(yaml).toContain('title: "yes: \\"No\\" \\\\ #1\\nsecond line"');
    expect(yaml).not.toContain("author:");
    expect(yaml).toContain("tags: []");
    // The escaped scalar is valid JSON too (JSON strings are a subset of YAML double-quoted ones).
    expect(JSON.parse(yaml.split("\n")[0].slice("title: ".length))).toBe('yes: "No" \\ #1\nsecond line');
  });

  it("escapes control and line-separator characters in YAML", () => {
    expect(yamlString("a\tb\u0007c\u2028d")).toBe('"a\\tb\\u0007c\\u2028d"');
  });

  it("writes each annotation in the given order: quote block, note, tags, colour and a link to the exact spot", () => {
    const markdown = toObsidianMarkdown(
      notes({
        annotations: [
          annotation({
            id: "first",
            exact: "line one\nline two\n\nline four",
            body: "My **note**\n\n- a list",
            tags: ["key claim"],
            color: "green",
          }),
          annotation({ id: "second", exact: "later", start: 100 }),
        ],
      }),
      options,
    );
    const body = markdown.slice(markdown.indexOf("# An Essay"));
    expect(body).toContain("> line one\n> line two\n>\n> line four\n\nMy **note**\n\n- a list\n\n");
    expect(body).toContain(
      "Ayesha, 2025-01-02T10:00Z · #key-claim (“key claim”) · Colour: Green · [Open in Marginalia](https://notes.example.edu/read/essay?annotation=first)",
    );
    expect(body).toContain(
      "Ayesha, 2025-01-02T10:00Z · Colour: Yellow · [Open in Marginalia](https://notes.example.edu/read/essay?annotation=second)",
    );
    expect(body.indexOf("annotation=first")).toBeLessThan(body.indexOf("annotation=second"));
  });

  it("keeps quoted text literal: Markdown, HTML and Obsidian syntax in the article are escaped", () => {
    const markdown = toObsidianMarkdown(
      notes({ annotations: [annotation({ id: "a", exact: "# not a heading\n- not a list\n1. nor this\n*x* <b> #tag [[link]] ==hl==" })] }),
      options,
    );
    expect(markdown).toContain(
      "> \\# not a heading\n> \\- not a list\n> 1\\. nor this\n> \\*x\\* \\<b\\> \\#tag \\[\\[link\\]\\] \\=\\=hl\\=\\=",
    );
  });

  it("sets the passage apart as a quote callout, so a note's own blockquote does not look like it", () => {
    const markdown = toObsidianMarkdown(
      notes({ annotations: [annotation({ id: "a", exact: "the passage", body: "> what my teacher said\n\nand my reply" })] }),
      options,
    );
    expect(markdown).toContain("> [!quote]\n> the passage\n\n> what my teacher said\n\nand my reply\n\n");
  });

  it("writes a note's raw HTML as text, as the app shows it; code and autolinks are left as written", () => {
    const body = [
      "<script>alert(1)</script>",
      "",
      "Inline <b>bold</b>, a `<code>` span and <https://example.org/x>.",
      "",
      "```",
      "<div>in a fence</div>",
      "```",
    ].join("\n");
    const markdown = toObsidianMarkdown(
      notes({
        annotations: [annotation({ id: "a", body })],
        replies: [reply({ id: "r", parentId: "a", body: "a reply with <img src=x onerror=alert(1)>" })],
      }),
      options,
    );
    expect(markdown).toContain(
      [
        "\\<script>alert(1)\\</script>",
        "",
        "Inline \\<b>bold\\</b>, a `<code>` span and <https://example.org/x>.",
        "",
        "```",
        "<div>in a fence</div>",
        "```",
      ].join("\n"),
    );
    expect(markdown).toContain("a reply with \\<img src=x onerror=alert(1)>");
    // Read back by a CommonMark parser, the note holds no HTML at all.
    const html: string[] = [];
    const visit = (node: Nodes) => {
      if (node.type === "html") html.push(node.value);
      if ("children" in node) for (const child of node.children) visit(child as Nodes);
    };
    visit(fromMarkdown(markdown));
    expect(html).toEqual([]);
  });

  it("keeps the words of a link whose target the app would drop (javascript:, data:), not the target", () => {
    const body = [
      "[safe](https://example.org/a) and [relative](notes/page#top) and [empty]()",
      "[click **me**](javascript:alert(1)) and [data](DATA:text/html,<b>x</b>) and <javascript:alert(2)>",
      "[by reference][evil] and [a tab](<java\tscript:alert(3)>)",
      "",
      "[evil]: &#106;avascript:alert(4)",
    ].join("\n");
    const markdown = toObsidianMarkdown(
      notes({
        annotations: [annotation({ id: "a", body })],
        replies: [reply({ id: "r", parentId: "a", body: "a classmate's [reply](javascript:steal())" })],
      }),
      options,
    );
    expect(markdown).toContain("[safe](https://example.org/a) and [relative](notes/page#top) and [empty]()");
    expect(markdown).toContain("click **me** and data and javascript:alert(2)");
    expect(markdown).toContain("a classmate's reply");
    // Read back by a CommonMark parser, only the safe links are links.
    const urls: string[] = [];
    const visit = (node: Nodes) => {
      if (node.type === "link" || node.type === "definition") urls.push(node.url);
      if ("children" in node) for (const child of node.children) visit(child as Nodes);
    };
    visit(fromMarkdown(markdown));
    expect(urls.filter((url) => !url.startsWith("https://notes.example.edu/"))).toEqual(["https://example.org/a", "notes/page#top", ""]);
  });

  it("puts replies beneath their annotation as an indented list, and shows a deleted annotation as (deleted)", () => {
    const markdown = toObsidianMarkdown(
      notes({
        annotations: [annotation({ id: "root", isDeleted: true, tags: [], body: "" })],
        replies: [
          reply({ id: "r2", parentId: "root", body: "second", createdAt: "2025-01-05T00:00:00.000Z" }),
          reply({ id: "r1", parentId: "root", body: "first line\nsecond line", createdAt: "2025-01-03T00:00:00.000Z" }),
        ],
      }),
      options,
    );
    expect(markdown).toContain("> a quoted passage\n\n*(deleted)*\n\n");
    expect(markdown).toContain("- **Bilal** (2025-01-03T00:00Z): first line\n  second line\n- **Bilal** (2025-01-05T00:00Z): second\n");
  });

  it("marks feedback as private feedback to its person, so a shared file does not pass it off as a reply", () => {
    const markdown = toObsidianMarkdown(
      notes({
        annotations: [annotation({ id: "root" })],
        replies: [
          reply({
            id: "f1",
            parentId: "root",
            body: "Cite the paragraph",
            isFeedback: true,
            feedbackOn: { id: "root", author: { id: "ana", name: "Ana" }, isReply: false },
            createdAt: "2025-01-04T00:00:00.000Z",
          }),
        ],
      }),
      options,
    );
    expect(markdown).toContain("- **Bilal** — *private feedback to Ana* (2025-01-04T00:00Z): Cite the paragraph\n");
  });

  it("keeps every tag as written, in the front matter and beside its #tag, where Obsidian's form changed or merged it", () => {
    const written = [
      "🔥 hot take",
      "emoji 👪",
      "=SUM(1,2)",
      "+cmd",
      "@mention-tag",
      "two words",
      "two-words",
      "comma, inside",
      'say "when"',
    ];
    const markdown = toObsidianMarkdown(notes({ annotations: [annotation({ id: "a1", tags: written })] }), options);
    const yaml = frontMatter(markdown);
    const listed = (key: string) =>
      yaml
        .split(`\n${key}:\n`)[1]
        .split(/\n(?! {2}- )/)[0]
        .split("\n")
        .map((line) => JSON.parse(line.slice("  - ".length)));
    // Obsidian's tags: its own form, "two words" and "two-words" one tag.
    expect(listed("tags")).toEqual(["-hot-take", "emoji-", "SUM12", "cmd", "mention-tag", "two-words", "comma-inside", "say-when"]);
    expect(listed("tags-as-written")).toEqual(written);
    const details = markdown.split("\n").find((line) => line.startsWith("Ayesha, "))!;
    expect(details).toContain("#two-words (“two words”) #two-words #comma-inside (“comma, inside”)");
    expect(details).toContain("#SUM12 (“\\=SUM(1,2)”)");
  });

  it("dates each note and reply to the minute in UTC, saying so: an evening note in New York is the next day there", () => {
    // Written 2024-03-10T22:30:00-05:00.
    const markdown = toObsidianMarkdown(
      notes({
        annotations: [annotation({ id: "a1", createdAt: "2024-03-11T03:30:00.000Z" })],
        replies: [reply({ id: "r1", parentId: "a1", body: "Agreed", createdAt: "2024-03-11T03:45:59.999Z" })],
      }),
      options,
    );
    expect(markdown).toContain("Ayesha, 2024-03-11T03:30Z · ");
    expect(markdown).toContain("- **Bilal** (2024-03-11T03:45Z): Agreed");
    expect(new Date("2024-03-11T03:30Z").toISOString()).toBe("2024-03-11T03:30:00.000Z");
  });

  it("says so when there are no notes", () => {
    expect(toObsidianMarkdown(notes(), options)).toContain("No notes on this document yet.");
  });
});

describe("toObsidianTag", () => {
  it("turns spaces into hyphens and drops characters Obsidian does not allow in tags", () => {
    expect(toObsidianTag("key claim")).toBe("key-claim");
    expect(toObsidianTag("  what?! (really) ")).toBe("what-really");
    expect(toObsidianTag("history/pakistan")).toBe("history/pakistan");
    expect(toObsidianTag("Ünïcode_ok")).toBe("Ünïcode_ok");
    expect(toObsidianTag("1984")).toBe("_1984");
    expect(toObsidianTag("!!!")).toBe("");
  });

  it("makes no tag of one without a letter or digit (emoji, marks left alone), and the note keeps it as words", () => {
    const family = "👩‍👩‍👧‍👦🏳️‍🌈";
    expect(toObsidianTag(family)).toBe("");
    expect(toObsidianTag("\uFFFF\uFFFE")).toBe("");
    expect(toObsidianTag("é\u0301t\u00e9")).toBe("é\u0301t\u00e9");
    const markdown = toObsidianMarkdown(notes({ annotations: [annotation({ id: "a1", tags: [family, "policy"] })] }), options);
    expect(markdown).toContain(`Ayesha, 2025-01-02T10:00Z · #policy · tagged “${family}” · Colour: Yellow`);
    expect(markdown).toContain(`tags:\n  - "policy"\ntags-as-written:\n  - "${family}"\n  - "policy"\n---`);
  });
});

/** Every heading a CommonMark parser finds in `markdown`, as "h<depth> <text>". */
function headings(markdown: string): string[] {
  const found: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === "heading") found.push(`h${(node as Heading).depth} ${textOf(node)}`);
    if ("children" in node) for (const child of node.children) visit(child);
  };
  const textOf = (node: Nodes): string => ("value" in node ? node.value : "children" in node ? node.children.map(textOf).join("") : "");
  // The front matter's closing `---` would make its last line a setext heading: parse the body only.
  visit(fromMarkdown(markdown.replace(/^---\n[\s\S]*?\n---\n/, "")));
  return found;
}

describe("a note's own headings", () => {
  it("sit below the document's title, in notes and replies alike, capped at h6", () => {
    const markdown = toObsidianMarkdown(
      notes({
        annotations: [
          annotation({
            id: "a1",
            body: "# Heading in a note\n\nText\n\n## Second level\n\n###### Sixth\n\nSetext title\n===\n\nSetext second\n---",
          }),
        ],
        replies: [reply({ id: "r1", parentId: "a1", body: "First line\n\n# Heading in a reply" })],
      }),
      options,
    );
    expect(headings(markdown)).toEqual([
      "h1 An Essay",
      "h2 Heading in a note",
      "h3 Second level",
      "h6 Sixth",
      "h2 Setext title",
      "h2 Setext second",
      "h2 Heading in a reply",
    ]);
  });

  it("leave fenced code, and lines that only look like headings, as written", () => {
    const body = "```md\n# not a heading\n```\n\n~~~~\n# nor this\n~~~\n# still code\n~~~~\n\n#hashtag\n\n- item\n===\n\n> # quoted";
    expect(nestNoteHeadings(body)).toBe(body);
  });
});

describe("obsidianFileName", () => {
  it("is the slug with .md, stable and file-system safe", () => {
    expect(obsidianFileName("taliban-ttp-and-pakistan")).toBe("taliban-ttp-and-pakistan.md");
    expect(obsidianFileName("../etc/passwd")).toBe("etc-passwd.md");
    expect(obsidianFileName("")).toBe("notes.md");
  });
});
