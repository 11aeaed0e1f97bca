import { describe, expect, it } from "vitest";
import { toWebAnnotation } from "@/lib/annotations/web-annotation";
import { NO_ANNOTATION_PERMISSIONS, type AnnotationDto } from "@/lib/annotations/types";
import { AppError } from "@/lib/errors";
import { toStyledAnnotationCollection } from "@/lib/exports/web-annotation-style";
import { htmlToMarkdown, readWebAnnotations } from "./read-web-annotations";

const CONTEXT = "http://www.w3.org/ns/anno.jsonld";
const quote = { type: "TextQuoteSelector", exact: "policy", prefix: "a question of ", suffix: ", not capacity" };
const position = { type: "TextPositionSelector", start: 10, end: 16 };

function dto(fields: Partial<AnnotationDto>): AnnotationDto {
  return {
    id: "a1",
    documentId: "d",
    versionId: "v",
    parentId: null,
    author: { id: "u", name: "Ayesha" },
    target: {
      source: "/read/doc",
      selector: [
        { type: "TextQuoteSelector", exact: "policy", prefix: "a question of ", suffix: ", not capacity" },
        { type: "TextPositionSelector", start: 10, end: 16 },
      ],
    },
    anchoring: { status: "anchored", versionId: "v", score: 1 },
    body: "",
    bodyHtml: "",
    tags: [],
    color: "yellow",
    visibility: "private",
    groupId: null,
    groupName: null,
    replyCount: 0,
    feedbackCount: 0,
    isFeedback: false,
    feedbackOn: null,
    score: null,
    isHidden: false,
    helpfulCount: 0,
    resolvedAt: null,
    isDeleted: false,
    createdAt: "2025-01-02T03:04:05.000Z",
    updatedAt: "2025-01-02T03:04:05.000Z",
    permissions: NO_ANNOTATION_PERMISSIONS,
    ...fields,
  };
}

describe("readWebAnnotations", () => {
  it("reads what our own export writes: collection, comment, tags, colour, reply", () => {
    const collection = toStyledAnnotationCollection(
      [
        dto({ id: "a1", body: "**Why** policy?", tags: ["question", "evidence"], color: "pink" }),
        dto({ id: "a2", body: "" }),
        dto({ id: "r1", parentId: "a1", target: null, body: "Because." }),
      ],
      "https://m.example",
      "https://m.example/api/documents/doc/export",
      "Annotations",
    );
    const { items, problems } = readWebAnnotations(JSON.parse(JSON.stringify(collection)));
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        sourceId: "https://m.example/api/annotations/a1",
        quote: { exact: "policy", prefix: "a question of ", suffix: ", not capacity" },
        position: { start: 10, end: 16 },
        body: "**Why** policy?",
        tags: ["question", "evidence"],
        creator: "https://m.example/users/u",
        created: "2025-01-02T03:04:05.000Z",
        color: "pink",
        source: { uri: "https://m.example/read/doc" },
      },
      expect.objectContaining({ sourceId: "https://m.example/api/annotations/a2", body: "", tags: [], color: "yellow" }),
      {
        sourceId: "https://m.example/api/annotations/r1",
        quote: null,
        body: "Because.",
        tags: [],
        replyToSourceId: "https://m.example/api/annotations/a1",
        creator: "https://m.example/users/u",
        created: "2025-01-02T03:04:05.000Z",
      },
    ]);
  });

  it("reads a single annotation, an array, a page, and a collection with items", () => {
    const annotation = { "@context": CONTEXT, id: "x", type: "Annotation", target: { source: "s", selector: quote } };
    const expected = [
      expect.objectContaining({ sourceId: "x", quote: { exact: "policy", prefix: "a question of ", suffix: ", not capacity" } }),
    ];
    expect(readWebAnnotations(annotation).items).toEqual(expected);
    expect(readWebAnnotations([annotation]).items).toEqual(expected);
    expect(readWebAnnotations({ type: "AnnotationPage", items: [annotation] }).items).toEqual(expected);
    expect(readWebAnnotations({ type: "AnnotationCollection", items: [annotation] }).items).toEqual(expected);
  });

  it("follows embedded next pages and refuses pages that are only links", () => {
    const item = (id: string) => ({ id, type: "Annotation", target: { selector: [quote] } });
    const collection = {
      type: "AnnotationCollection",
      first: { type: "AnnotationPage", items: [item("1")], next: { type: "AnnotationPage", items: [item("2")] } },
    };
    expect(readWebAnnotations(collection).items.map((read) => read.sourceId)).toEqual(["1", "2"]);
    expect(() => readWebAnnotations({ type: "AnnotationCollection", first: "https://x/page1" })).toThrow(AppError);
  });

  it("takes selectors as an object or an array, targets as an object or an array, and ignores other selectors", () => {
    const read = readWebAnnotations([
      { id: "1", type: "Annotation", target: [{ source: "s", selector: [{ type: "CssSelector", value: "p" }, position, quote] }] },
      { id: "2", type: "Annotation", target: [{ source: "page-only" }, { source: "s", selector: quote }] },
      { id: "3", type: "Annotation", target: { source: "s", selector: { type: "XPathSelector", value: "/html/body/p[2]" } } },
      // A quote narrowed by something else names words within it, which we cannot find.
      { id: "4", type: "Annotation", target: { source: "s", selector: { ...quote, refinedBy: { type: "X" } } } },
    ]);
    expect(read.problems).toEqual([]);
    expect(read.items[0]).toMatchObject({ quote: { exact: "policy" }, position: { start: 10, end: 16 } });
    expect(read.items[1]).toMatchObject({ quote: { exact: "policy" } });
    expect(read.items[2].quote).toBeNull();
    expect(read.items[3].quote).toBeNull();
  });

  it("reads the quote that refines a page, a chapter or an element, but not a position within one", () => {
    const pdfPage = { type: "FragmentSelector", conformsTo: "http://tools.ietf.org/rfc/rfc3778", value: "page=3" };
    const epubChapter = { type: "FragmentSelector", conformsTo: "http://www.idpf.org/epub/linking/cfi/epub-cfi.html", value: "/6/4" };
    const element = { type: "XPathSelector", value: "/html/body/div[1]/p[2]" };
    const read = readWebAnnotations([
      { id: "1", type: "Annotation", target: { source: "s", selector: { ...pdfPage, refinedBy: quote } } },
      { id: "2", type: "Annotation", target: { source: "s", selector: { ...epubChapter, refinedBy: [position, quote] } } },
      { id: "3", type: "Annotation", target: { source: "s", selector: { ...pdfPage, refinedBy: { ...element, refinedBy: quote } } } },
      { id: "4", type: "Annotation", target: { source: "s", selector: { ...element, refinedBy: position } } },
      // The target's own quote comes first; a refined one only stands in when there is none.
      {
        id: "5",
        type: "Annotation",
        target: { source: "s", selector: [{ ...element, refinedBy: { ...quote, exact: "capacity" } }, quote] },
      },
    ]);
    expect(read.problems).toEqual([]);
    const policy = { exact: "policy", prefix: "a question of ", suffix: ", not capacity" };
    expect(read.items.map((item) => [item.quote, item.position])).toEqual([
      [policy, undefined],
      [policy, undefined],
      [policy, undefined],
      [null, undefined],
      [{ ...policy, exact: "capacity" }, undefined],
    ]);
  });

  it("refuses a refining quote without words, as it refuses a target's own", () => {
    const read = readWebAnnotations([
      {
        id: "1",
        type: "Annotation",
        target: { selector: { type: "FragmentSelector", value: "page=1", refinedBy: { ...quote, exact: 42 } } },
      },
    ]);
    expect(read.items).toEqual([]);
    expect(read.problems).toEqual([expect.stringContaining("refining TextQuoteSelector's exact must be a string, not a number")]);
  });

  it("reads bodies: string, bodyValue, HTML comments as Markdown, tagging, and a tagging motivation", () => {
    const read = readWebAnnotations([
      { id: "1", type: "Annotation", body: "plain", target: { selector: quote } },
      { id: "2", type: "Annotation", bodyValue: "short", target: { selector: quote } },
      {
        id: "3",
        type: "Annotation",
        body: [
          { type: "TextualBody", format: "text/html", purpose: "commenting", value: "<p>One &amp; <b>two</b></p><p>three&#x1F600;</p>" },
          { type: "TextualBody", purpose: "tagging", value: " tag " },
          { id: "https://example.com/image.png", type: "Image" },
        ],
        target: { selector: quote },
      },
      { id: "4", type: "Annotation", motivation: "tagging", body: { type: "TextualBody", value: "only-tag" }, target: { selector: quote } },
    ]);
    expect(read.items.map(({ body, tags }) => ({ body, tags }))).toEqual([
      { body: "plain", tags: [] },
      { body: "short", tags: [] },
      { body: "One & **two**\n\nthree😀", tags: ["tag"] },
      { body: "", tags: ["only-tag"] },
    ]);
  });

  it("makes replies of IRI targets with motivation replying, or targets that name an annotation in the file", () => {
    const read = readWebAnnotations([
      { id: "root", type: "Annotation", target: { selector: quote } },
      { id: "r1", type: "Annotation", motivation: "replying", target: "https://elsewhere/a9", body: "x" },
      { id: "r2", type: "Annotation", target: { id: "root" }, body: "y" },
      { id: "note", type: "Annotation", target: "https://example.com/page", body: "page note" },
    ]);
    expect(read.items.map((item) => item.replyToSourceId)).toEqual([undefined, "https://elsewhere/a9", "root", undefined]);
    expect(read.items[3].quote).toBeNull();
  });

  it("reports wrong types per item, naming the item by place and id", () => {
    const read = readWebAnnotations([
      { id: "ok", type: "Annotation", target: { selector: quote } },
      { id: "https://x/a1", type: "Annotation", target: 5 },
      { type: "Annotation", target: { selector: [{ type: "TextQuoteSelector", exact: 3 }] } },
      { id: "b", type: "Annotation", body: { type: "TextualBody", value: 7 }, target: { selector: quote } },
      { id: "p", type: "Annotation", target: { selector: { type: "TextPositionSelector", start: "1", end: 2 } } },
      { id: "t", type: "Annotation" },
      42,
    ]);
    expect(read.items.map((item) => item.sourceId)).toEqual(["ok"]);
    expect(read.problems).toEqual([
      "annotation 2 (https://x/a1): target must be an object, an array or an IRI, not a number.",
      "annotation 3: the TextQuoteSelector's exact must be a string, not a number.",
      "annotation 4 (b): a TextualBody's value must be a string, not a number.",
      "annotation 5 (p): the TextPositionSelector's start and end must be numbers.",
      "annotation 6 (t): it has no target.",
      "annotation 7: expected an object, found a number.",
    ]);
  });

  it("takes a colour from the quoting target's styleClass only when it is one of the palette's", () => {
    const styled = (styleClass: unknown) => ({ id: "s", type: "Annotation", target: { source: "s", selector: quote, styleClass } });
    const colours = readWebAnnotations([styled("green"), styled(["bold", "purple"]), styled("crimson"), styled(7)]).items.map(
      (item) => item.color,
    );
    expect(colours).toEqual(["green", "purple", undefined, undefined]);
  });

  it("reads one annotation of ours on its own", () => {
    const single = toWebAnnotation(dto({ body: "note" }), "https://m.example");
    expect(readWebAnnotations(single).items).toHaveLength(1);
  });
});

describe("comment formats", () => {
  it("keeps Markdown and a body of no stated format as written, and escapes plain text so it shows as written", () => {
    const words = "2*3*4 [sic]\n# not a heading";
    const read = readWebAnnotations(
      ["text/markdown", undefined, "text/plain"].map((format, index) => ({
        id: String(index),
        type: "Annotation",
        body: { type: "TextualBody", value: words, ...(format && { format }) },
        target: { selector: quote },
      })),
    );
    expect(read.items.map((item) => item.body)).toEqual([words, words, "2\\*3\\*4 \\[sic\\]\n\\# not a heading"]);
  });
});

describe("htmlToMarkdown", () => {
  it("keeps escaped markup as words and line breaks as breaks", () => {
    expect(htmlToMarkdown("a<br>b&lt;script&gt;<div>c</div>&unknown;")).toBe("a\nb<script>\n\nc\n\n\\&unknown;");
    expect(htmlToMarkdown("&lt;https://example.org&gt; &lt;t@example.org&gt; &lt;b&gt;")).toBe(
      "\\<https://example.org> \\<t@example.org> <b>",
    );
  });

  it.each([
    ["a < b and c", "a < b and c"],
    ["x<b>bold</b>y", "x**bold**y"],
    ["<p>one</p><p>two</p>", "one\n\ntwo"],
    ["line<br/>next<BR >last", "line\nnext\nlast"],
    ["a > b", "a > b"],
    ["&amp;lt;", "\\&lt;"],
    // As a browser shows them: runs of spaces and newlines are one space; a no-break space stays.
    ["<p>\n  one\n  two&nbsp; three\n</p>", "one two\u00a0 three"],
  ])("reads %j as %j", (html, markdown) => {
    expect(htmlToMarkdown(html)).toBe(markdown);
  });

  it("keeps links with their targets, and only the targets a comment may link to", () => {
    expect(htmlToMarkdown('See <a href="https://example.org/a (b)?q=1&amp;r=2">the <em>report</em></a>, p. 4.')).toBe(
      "See [the *report*](https://example.org/a%20%28b%29?q=1&r=2), p. 4.",
    );
    expect(htmlToMarkdown("<a href='mailto:t@example.org'>write</a> <a href=javascript:alert(1)>this</a> <a>that</a>")).toBe(
      "[write](mailto:t@example.org) this that",
    );
  });

  it("keeps bold, italics and code, with spaces outside the marks", () => {
    expect(htmlToMarkdown("<strong> very </strong>and<i>so</i> <code>a*b</code> <code>x`y</code>")).toBe(
      " **very** and*so* `a*b` ``x`y``".trim(),
    );
  });

  it("keeps lists, nested and numbered from where they start, and code blocks as they are", () => {
    const html =
      '<p>Steps:</p><ol start="3"><li>first</li>\n <li>second<ul><li>inner</li></ul></li></ol><pre><code>if (a &lt; b) {\n  *x = 1;\n}</code></pre>';
    expect(htmlToMarkdown(html)).toBe("Steps:\n\n3. first\n4. second\n   - inner\n\n```\nif (a < b) {\n  *x = 1;\n}\n```");
  });

  it("escapes the words Markdown would read as marks, so they show as written", () => {
    expect(htmlToMarkdown("<p>2*3*4 and snake_case_name [1]</p><p># not a heading</p><p>1. not a list</p><p>- nor this</p>")).toBe(
      "2\\*3\\*4 and snake\\_case\\_name \\[1\\]\n\n\\# not a heading\n\n1\\. not a list\n\n\\- nor this",
    );
  });

  it("leaves out scripts, styles and HTML comments with what is in them", () => {
    expect(htmlToMarkdown("a<script>alert('x')</script><style>p{}</style><!-- note > hidden -->b<SCRIPT src=x></SCRIPT>c")).toBe("abc");
  });

  // Each of these took seconds at 60,000 characters with the regexes this replaced (hours at
  // 10 MB); a single pass finishes 1,000,000 well inside the test timeout.
  it.each([
    ["<".repeat(1_000_000), "<".repeat(1_000_000)],
    [`a${"<br".repeat(300_000)}`, `a${"<br".repeat(300_000)}`],
    ["<>".repeat(500_000), "<>".repeat(500_000)],
    ["<b>".repeat(200_000), ""],
    ["<!--".repeat(250_000), "<!--".repeat(250_000)],
  ])("reads pathological input of %# in one pass", (html, markdown) => {
    expect(htmlToMarkdown(html)).toBe(markdown);
  });

  // The ends of what was written were found with regexes anchored at the end ("\\n*$", "[ \\t]+$"),
  // which retry from every character of a long run: 40,000 spaces in a <pre> or 5,000 nested list
  // items took 3 s, 100,000 characters of them ~20 s (an import may hold 2,000 such bodies).
  it("reads a million spaces in a code block, 200,000 list items and lists opened 100,000 times in one pass", () => {
    expect(htmlToMarkdown(`<pre>a${" ".repeat(1_000_000)}b</pre>`)).toBe(`\`\`\`\na${" ".repeat(1_000_000)}b\n\`\`\``);
    expect(htmlToMarkdown(`<ul>${"<li>a".repeat(200_000)}`)).toBe(Array(200_000).fill("- a").join("\n"));
    const nested = htmlToMarkdown(`${"<ul><li>".repeat(100_000)}x`).split("\n");
    expect(nested).toHaveLength(100_000);
    // Nested as deep as a list is read (32), then items of the deepest list.
    expect(nested.at(-1)).toBe(`${" ".repeat(62)}- x`);
  });
});

describe("readWebAnnotations limits", () => {
  it("refuses an HTML body over the markup limit before reading it", () => {
    const annotation = {
      type: "Annotation",
      body: { type: "TextualBody", format: "text/html", value: "<".repeat(200_000) },
      target: { source: "x", selector: { type: "TextQuoteSelector", exact: "quote" } },
    };
    const { items, problems } = readWebAnnotations(annotation);
    expect(items).toEqual([]);
    expect(problems.join(" ")).toMatch(/HTML body is too long/);
  });
});
