import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapRangeToGraphemes, describeTextRange } from "@/lib/anchoring/text-quote";
import { ZCreateReplySchema } from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import { annotationIri, toAnnotationCollection } from "@/lib/annotations/web-annotation";
import { joinParagraphs } from "@/lib/documents/canonical-text";
import type { ParsedArticle } from "@/lib/documents/parse-plain-text-article";
import { AppError, type AppErrorCode } from "@/lib/errors";
import { UNKNOWN_FORMAT_MESSAGE } from "@/lib/imports/read-annotation-file";
import type { ImportedAnnotation } from "@/lib/imports/types";
import { ownThreadsWhere, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { annotate, article, createDocument, createGroup, createReading, createUser, reply } from "@/tests/factories";
import { createReply } from "./create-reply";
import { deleteAnnotation } from "./delete-annotation";
import { exportAnnotations } from "./export-annotations";
import { importAnnotations, importToken } from "./import-annotations";
import { streamDocumentExport, streamThreadsExport } from "./stream-notes-export";

const text = article.text;
const SLUG = `${article.slug}-import`;
const ORIGIN = "https://marginalia.example";

const astralParagraphs = [
  "😀𝒜 Opening with astral characters: 😀 then 𝒜𝒜 and the reader’s “quotes”.",
  "A second paragraph 😀😀 with 𝒜 in the middle, and the same words: astral characters.",
  "𝒜nd a last one that ends in an emoji 😀",
];
const astral: ParsedArticle = {
  title: "Astral",
  slug: "astral-import",
  author: null,
  readingMinutes: 1,
  isReadingTimeStated: false,
  paragraphs: astralParagraphs,
  text: joinParagraphs(astralParagraphs),
};

const lighthouseParagraphs = ["The keeper climbed one hundred and twelve steps to the lamp.", "Below, the sea kept its own hours."];
const lighthouse: ParsedArticle = {
  ...astral,
  title: "The Lighthouse Keeper",
  slug: "lighthouse-import",
  paragraphs: lighthouseParagraphs,
  text: joinParagraphs(lighthouseParagraphs),
};

beforeAll(async () => {
  await createDocument(SLUG);
  await createDocument(astral.slug, astral);
  await createDocument(lighthouse.slug, lighthouse);
});

afterAll(() => db.$disconnect());

let copies = 0;

/**
 * Another reading with the same text: where a reader's own export is imported to be brought in
 * whole (on the reading it came from, their notes are already there). Only one's own words are
 * imported, so a file is imported by the person who wrote it.
 */
async function copyOf(source: ParsedArticle = article): Promise<string> {
  copies += 1;
  return (await createDocument(`${source.slug}-copy-${copies}`, source)).slug;
}

function startOf(exact: string, inText = text): number {
  const start = inText.indexOf(exact);
  if (start === -1) throw new Error(`"${exact}" is not in the text.`);
  return start;
}

async function exportFile(viewer: Viewer, slug: string): Promise<unknown> {
  const data = await exportAnnotations(viewer, slug, { onlyMine: true });
  const collection = toAnnotationCollection([...data.annotations, ...data.replies], ORIGIN, `${ORIGIN}/export`, "Mine");
  return JSON.parse(JSON.stringify(collection)) as unknown;
}

/** The file the export route sends (its own code, as a download), parsed as the import route would. */
async function downloadedExport(viewer: Viewer, slug: string, format: "jsonld" | "hypothesis", onlyMine: boolean): Promise<unknown> {
  const file = await streamDocumentExport(viewer, slug, {
    format,
    onlyMine,
    origin: ORIGIN,
    exportedAt: new Date(),
    baseName: `${slug}-annotations`,
    collection: { id: `${ORIGIN}/api/documents/${slug}/export?format=${format}`, label: (title) => `Annotations on “${title}”` },
  });
  return JSON.parse(await new Response(file.body).text()) as unknown;
}

/** "My notes" across every reading, as the My notes page downloads them ("All documents"). */
async function downloadedNotes(viewer: { id: string }, format: "jsonld" | "hypothesis"): Promise<unknown> {
  const file = await streamThreadsExport(viewer, ownThreadsWhere, undefined, {
    format,
    origin: ORIGIN,
    exportedAt: new Date(),
    baseName: "marginalia-notes",
    collection: { id: `${ORIGIN}/api/notes/export?format=${format}`, label: () => "My notes in Marginalia" },
  });
  return JSON.parse(await new Response(file.body).text()) as unknown;
}

/** What must survive a round trip: where each annotation is, and what it says. */
function comparable(annotations: AnnotationDto[]) {
  return annotations
    .filter((annotation) => annotation.parentId === null)
    .map((annotation) => ({ selector: annotation.target!.selector, body: annotation.body, tags: annotation.tags }))
    .sort((a, b) => a.selector[1].start - b.selector[1].start || a.body.localeCompare(b.body));
}

async function expectAppError(call: Promise<unknown>, code: AppErrorCode): Promise<AppError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

/** A W3C file of one annotation per quote, with our selectors for text[start, end). */
function w3cFile(entries: { id: string; start: number; end: number; shift?: number; body?: string }[]) {
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "AnnotationCollection",
    first: {
      type: "AnnotationPage",
      items: entries.map(({ id, start, end, shift = 0, body = "" }) => {
        const { quote, position } = describeTextRange(text, start, end);
        return {
          id,
          type: "Annotation",
          body: { type: "TextualBody", value: body, purpose: "commenting" },
          target: {
            source: "https://elsewhere.example/article",
            selector: [quote, { ...position, start: start + shift, end: end + shift }],
          },
        };
      }),
    },
  };
}

describe("importAnnotations", () => {
  it("round-trips our own export into another reading: same quotes, same places, bodies, tags, replies", async () => {
    const author = await createUser();
    const copy = await copyOf();
    const spanning = "chosen not to do so?\n\nThis distinction";
    const paragraphStart = startOf("This distinction matters.");
    const firstBreak = text.indexOf("\n\n");
    const made = [
      await annotate(author, SLUG, "private", {
        at: [startOf(spanning), startOf(spanning) + spanning.length],
        body: "Across the **break**.",
      }),
      await annotate(author, SLUG, "private", {
        at: [paragraphStart, paragraphStart + "This distinction".length],
        body: "Start of a paragraph.",
      }),
      await annotate(author, SLUG, "private", { at: [firstBreak - 12, firstBreak], body: "End of a paragraph." }),
      await annotate(author, SLUG, "private", { at: [startOf("divergent interests"), startOf("divergent interests") + 19], body: "" }),
      await annotate(author, SLUG, "private", {
        at: [startOf("Pakistan’s"), startOf("Pakistan’s") + 10],
        body: "",
        tags: Array.from({ length: 20 }, (_, index) => `tag ${index} ${"x".repeat(40)}`),
      }),
    ];
    await createReply(author, made[0].id, ZCreateReplySchema.parse({ body: "A reply in the thread." }));
    await createReply(author, made[0].id, ZCreateReplySchema.parse({ body: "And a second one 😀." }));

    const summary = await importAnnotations(author, copy, await exportFile(author, SLUG));
    expect(summary).toEqual({ imported: 7, alreadyImported: 0, replies: 2, orphans: [] });

    const mine = await exportAnnotations(author, copy, { onlyMine: true });
    const theirs = await exportAnnotations(author, SLUG, { onlyMine: true });
    expect(comparable(mine.annotations)).toEqual(comparable(theirs.annotations));
    for (const annotation of mine.annotations) {
      expect(annotation).toMatchObject({ author: { id: author.id }, visibility: "private", color: "yellow" });
    }
    const thread = mine.annotations.find((annotation) => annotation.body === "Across the **break**.")!;
    expect(mine.replies.map((reply) => ({ parentId: reply.parentId, body: reply.body }))).toEqual([
      { parentId: thread.id, body: "A reply in the thread." },
      { parentId: thread.id, body: "And a second one 😀." },
    ]);
  });

  it("does not import a reply someone else wrote in a thread of the file as the importer's words, feedback included", async () => {
    const slug = (await createDocument(`${SLUG}-others-replies`)).slug;
    const author = await createUser();
    const classmate = await createUser();
    const copy = await copyOf();
    const thread = await annotate(author, slug, "everyone", { at: "divergent interests", body: "my thread" });
    await reply(author, thread.id, "my own reply");
    const theirs = await reply(classmate, thread.id, "a classmate's reply");
    // Everything the author can see: their thread with both replies.
    const file = await downloadedExport(author, slug, "jsonld", false);

    const summary = await importAnnotations(author, copy, file);
    expect(summary).toEqual({
      imported: 2,
      alreadyImported: 0,
      replies: 1,
      orphans: [
        {
          sourceId: annotationIri(ORIGIN, theirs.id),
          quote: "",
          reason: "A reply someone else wrote: only your own words are imported as yours.",
        },
      ],
    });
    const mine = await exportAnnotations(author, copy, { onlyMine: true });
    expect(mine.replies.map((each) => each.body)).toEqual(["my own reply"]);
  });

  it("creates nothing when the same file is imported twice", async () => {
    const author = await createUser();
    const copy = await copyOf();
    const root = await annotate(author, SLUG, "private", {
      at: [startOf("divergent interests"), startOf("divergent interests") + 9],
      body: "once",
    });
    await createReply(author, root.id, ZCreateReplySchema.parse({ body: "reply" }));
    const file = await exportFile(author, SLUG);

    expect(await importAnnotations(author, copy, file)).toMatchObject({ imported: 2, alreadyImported: 0 });
    const count = await db.annotation.count();
    expect(await importAnnotations(author, copy, file)).toEqual({ imported: 0, alreadyImported: 2, replies: 0, orphans: [] });
    expect(await db.annotation.count()).toBe(count);
  });

  it("imports a Hypothesis export: by quote where the page's offsets differ, with replies, and page notes as orphans", async () => {
    const reader = await createUser();
    const exact = "divergent interests";
    const { quote } = describeTextRange(text, startOf(exact), startOf(exact) + exact.length);
    const hypothesisAnnotation = (fields: Record<string, unknown>) => ({
      created: "2024-12-09T07:17:52.000000+00:00",
      updated: "2024-12-09T07:17:52.000000+00:00",
      user: "acct:ayesha@hypothes.is",
      uri: "https://www.example.com/taliban-ttp-and-pakistan",
      tags: [],
      group: "__world__",
      permissions: {
        read: ["group:__world__"],
        admin: ["acct:ayesha@hypothes.is"],
        update: ["acct:ayesha@hypothes.is"],
        delete: ["acct:ayesha@hypothes.is"],
      },
      document: { title: ["Taliban, TTP and Pakistan"] },
      links: { html: "https://hypothes.is/a/x", incontext: "https://hyp.is/x/www.example.com/taliban-ttp-and-pakistan" },
      user_info: { display_name: "Ayesha" },
      flagged: false,
      hidden: false,
      ...fields,
    });
    const file = {
      export_date: "2025-01-02T03:04:05.000Z",
      export_userid: "acct:ayesha@hypothes.is",
      client_version: "1.1500.0",
      annotations: [
        hypothesisAnnotation({
          id: "hZ1",
          text: "Whose *interests*?",
          tags: ["question", "Question"],
          target: [
            {
              source: "https://www.example.com/taliban-ttp-and-pakistan",
              selector: [
                {
                  type: "RangeSelector",
                  endOffset: 61,
                  startOffset: 42,
                  endContainer: "/main[1]/article[1]/p[5]",
                  startContainer: "/main[1]/article[1]/p[5]",
                },
                { type: "TextPositionSelector", start: startOf(exact) + 812, end: startOf(exact) + 812 + exact.length },
                { type: "TextQuoteSelector", exact, prefix: quote.prefix, suffix: quote.suffix },
              ],
            },
          ],
        }),
        hypothesisAnnotation({
          id: "hR1",
          text: "Pakistan's, surely.",
          references: ["hZ1"],
          target: [{ source: "https://www.example.com/taliban-ttp-and-pakistan" }],
        }),
        hypothesisAnnotation({
          id: "hR2",
          text: "Nested reply.",
          references: ["hZ1", "hR1"],
          target: [{ source: "https://www.example.com/taliban-ttp-and-pakistan" }],
        }),
        // A reply under a reply that is not in the file (deleted in Hypothesis): it joins its root's thread still.
        hypothesisAnnotation({
          id: "hR3",
          text: "Under a deleted reply.",
          references: ["hZ1", "hR0-deleted"],
          target: [{ source: "https://www.example.com/taliban-ttp-and-pakistan" }],
        }),
        hypothesisAnnotation({ id: "hP1", text: "A page note.", target: [{ source: "https://www.example.com/taliban-ttp-and-pakistan" }] }),
        hypothesisAnnotation({
          id: "hR9",
          text: "Reply to elsewhere.",
          references: ["gone"],
          target: [{ source: "https://www.example.com/taliban-ttp-and-pakistan" }],
        }),
      ],
    };

    const summary = await importAnnotations(reader, SLUG, file);
    expect(summary).toEqual({
      imported: 4,
      alreadyImported: 0,
      replies: 3,
      orphans: [
        { sourceId: "hP1", quote: "", reason: "The file does not say which words it annotates (no TextQuoteSelector)." },
        { sourceId: "hR9", quote: "", reason: "A reply to an annotation not in this file." },
      ],
    });
    const mine = await exportAnnotations(reader, SLUG, { onlyMine: true });
    expect(mine.annotations).toHaveLength(1);
    expect(mine.annotations[0]).toMatchObject({ body: "Whose *interests*?", tags: ["question"], createdAt: "2024-12-09T07:17:52.000Z" });
    expect(mine.annotations[0].target!.selector[1]).toEqual({
      type: "TextPositionSelector",
      start: startOf(exact),
      end: startOf(exact) + exact.length,
    });
    expect(mine.replies.map((reply) => [reply.parentId, reply.body])).toEqual([
      [mine.annotations[0].id, "Pakistan's, surely."],
      [mine.annotations[0].id, "Nested reply."],
      [mine.annotations[0].id, "Under a deleted reply."],
    ]);
  });

  it("anchors by quote and context when the positions are off, and reports an unfindable quote as an orphan", async () => {
    const reader = await createUser();
    const start = startOf("divergent interests");
    const file = w3cFile([
      { id: "off", start, end: start + 19, shift: 7, body: "shifted" },
      { id: "out", start, end: start + 19, shift: 1_000_000, body: "outside" },
    ]);
    const missing = {
      ...file.first.items[0],
      id: "missing",
      target: { selector: [{ type: "TextQuoteSelector", exact: "words that are nowhere" }] },
    };
    (file.first.items as unknown[]).push(missing);

    const summary = await importAnnotations(reader, SLUG, file);
    expect(summary).toEqual({
      imported: 2,
      alreadyImported: 0,
      replies: 0,
      orphans: [{ sourceId: "missing", quote: "words that are nowhere", reason: "Its quote was not found in the document." }],
    });
    const mine = await exportAnnotations(reader, SLUG, { onlyMine: true });
    expect(mine.annotations.map((annotation) => annotation.target!.selector[1].start)).toEqual([start, start]);
  });

  it("places a quote that refines a PDF page or an element, as PDF and EPUB readers write them, by its words and context", async () => {
    const reader = await createUser();
    const start = startOf("divergent interests");
    const { quote } = describeTextRange(text, start, start + 19);
    const item = (id: string, selector: unknown) => ({
      id,
      type: "Annotation",
      bodyValue: id,
      target: { source: "https://elsewhere.example/article.pdf", selector },
    });
    const summary = await importAnnotations(reader, SLUG, [
      // The position is counted within the page, not the reading: it must not move the note.
      item("on-page", {
        type: "FragmentSelector",
        value: "page=2",
        refinedBy: [{ type: "TextPositionSelector", start: 3, end: 22 }, quote],
      }),
      item("in-element", { type: "XPathSelector", value: "/html/body/p[7]", refinedBy: quote }),
      // Its context says it is other words than the text has here.
      item("elsewhere", {
        type: "XPathSelector",
        value: "/html/body/p[7]",
        refinedBy: { ...quote, prefix: "quite other words ", suffix: " of no one here" },
      }),
    ]);
    expect(summary).toMatchObject({ imported: 2, orphans: [{ sourceId: "elsewhere", quote: "divergent interests" }] });
    const mine = await exportAnnotations(reader, SLUG, { onlyMine: true });
    expect(mine.annotations.map((annotation) => [annotation.body, annotation.target!.selector[1].start]).sort()).toEqual([
      ["in-element", start],
      ["on-page", start],
    ]);
  });

  it("keeps an HTML comment's links, emphasis and list, and shows its other words as written", async () => {
    const reader = await createUser();
    const start = startOf("divergent interests");
    const { quote } = describeTextRange(text, start, start + 19);
    const html =
      '<p>Compare <a href="https://example.org/report?p=4&amp;q=1">the <em>2021</em> report</a>: 2*3*4, [sic]</p><ul><li>one</li><li>two</li></ul>';
    const summary = await importAnnotations(reader, SLUG, {
      id: "html",
      type: "Annotation",
      body: { type: "TextualBody", format: "text/html", value: html },
      target: { selector: quote },
    });
    expect(summary.imported).toBe(1);
    const [note] = (await exportAnnotations(reader, SLUG, { onlyMine: true })).annotations;
    expect(note.body).toBe("Compare [the *2021* report](https://example.org/report?p=4&q=1): 2\\*3\\*4, \\[sic\\]\n\n- one\n- two");
    expect(note.bodyHtml).toContain('<a href="https://example.org/report?p=4&#x26;q=1"');
    expect(note.bodyHtml).toContain("<em>2021</em>");
    expect(note.bodyHtml).toContain("2*3*4, [sic]");
    expect(note.bodyHtml).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
  });

  it("does not place a quote where the words the file has around it disagree, even at its stated position", async () => {
    const reader = await createUser();
    const file = w3cFile([{ id: "kept", start: startOf("divergent interests"), end: startOf("divergent interests") + 19 }]);
    const [template] = file.first.items;
    const elsewhere = (id: string, selector: unknown[]) => ({ ...template, id, target: { source: template.target.source, selector } });
    (file.first.items as unknown[]).push(
      // "the" is everywhere in the article; "Dogs bark at " is nowhere before it.
      elsewhere("dogs", [{ type: "TextQuoteSelector", exact: "the", prefix: "Dogs bark at ", suffix: " moon all night" }]),
      // The article's first word, at its very position, in a file about another text that also begins with it.
      elsewhere("first", [
        { type: "TextQuoteSelector", exact: text.slice(0, 3), prefix: "", suffix: " Word Document explains" },
        { type: "TextPositionSelector", start: 0, end: 3 },
      ]),
    );
    const summary = await importAnnotations(reader, SLUG, file);
    const notHere =
      "Its words are in the document, but not with the words the file has around them: it was not placed, so as not to mark another passage.";
    expect(summary).toMatchObject({
      imported: 1,
      orphans: [
        { sourceId: "dogs", reason: notHere },
        { sourceId: "first", reason: notHere },
      ],
    });
  });

  it("finds a quote across paragraphs that another tool joined with a line break, a space or nothing", async () => {
    const reader = await createUser();
    const [first, second] = text.split("\n\n").filter((paragraph) => paragraph.length > 40);
    const end = first.slice(-24).trimStart();
    const begin = second.slice(0, 24).trimEnd();
    const start = startOf(`${end}\n\n${begin}`);
    const file = w3cFile([{ id: "anchor", start: startOf("divergent interests"), end: startOf("divergent interests") + 19 }]);
    const [template] = file.first.items;
    for (const [id, joint] of [
      ["newline", "\n"],
      ["space", " "],
      ["nothing", ""],
    ])
      (file.first.items as unknown[]).push({
        ...template,
        id,
        body: { ...template.body, value: `joined by ${id}` },
        target: { source: template.target.source, selector: [{ type: "TextQuoteSelector", exact: `${end}${joint}${begin}` }] },
      });
    const summary = await importAnnotations(reader, SLUG, file);
    expect(summary).toMatchObject({ imported: 4, orphans: [] });
    const mine = await exportAnnotations(reader, SLUG, { onlyMine: true });
    const spans = mine.annotations.map((annotation) => [annotation.target!.selector[1].start, annotation.target!.selector[1].end]);
    expect(spans.filter(([at]) => at === start)).toEqual([
      [start, start + end.length + 2 + begin.length],
      [start, start + end.length + 2 + begin.length],
      [start, start + end.length + 2 + begin.length],
    ]);
  });

  it("leaves out an item over the limits, saying why, and imports the rest of its file", async () => {
    const reader = await createUser();
    const start = startOf("divergent interests");
    const file = w3cFile([
      { id: "good", start, end: start + 9, body: "Within the limits" },
      { id: "long", start, end: start + 9, body: "x".repeat(10_001) },
    ]);
    const tooManyTags = {
      ...file.first.items[0],
      id: "tags",
      body: Array.from({ length: 21 }, (_, index) => ({ type: "TextualBody", purpose: "tagging", value: `t${index}` })),
    };
    const longTag = { ...tooManyTags, id: "long-tag", body: { type: "TextualBody", purpose: "tagging", value: "y".repeat(51) } };
    const twoLineTag = { ...tooManyTags, id: "two-line-tag", body: { type: "TextualBody", purpose: "tagging", value: "a\nb" } };
    (file.first.items as unknown[]).push(tooManyTags, longTag, twoLineTag, {
      ...file.first.items[0],
      id: "reply",
      target: "long",
      body: "To the long one",
    });

    const summary = await importAnnotations(reader, SLUG, file);
    expect(summary).toMatchObject({ imported: 1, replies: 0 });
    expect(Object.fromEntries(summary.orphans.map((item) => [item.sourceId, item.reason]))).toEqual({
      long: expect.stringMatching(/^Over the limits: The comment is too long/),
      tags: expect.stringContaining("Over the limits: At most 20 tags."),
      "long-tag": expect.stringMatching(/^Over the limits: /),
      // Not a limit: no length makes a line break in a tag right.
      "two-line-tag": "A tag is one line: no line breaks, tabs or other control characters.",
      reply: "A reply to an annotation that was not imported.",
    });
    const mine = await exportAnnotations(reader, SLUG, { onlyMine: true });
    expect(mine.annotations.map((annotation) => annotation.body)).toEqual(["Within the limits"]);
  });

  it("writes nothing for a malformed file, an unknown document, or an anonymous viewer", async () => {
    const reader = await createUser();
    const start = startOf("divergent interests");
    const good = w3cFile([{ id: "good", start, end: start + 9 }]);
    const before = await db.annotation.count();

    const badType = w3cFile([{ id: "good", start, end: start + 9 }]);
    (badType.first.items as unknown[]).push({ id: "https://x/a1", type: "Annotation", target: 5 });
    const error = await expectAppError(importAnnotations(reader, SLUG, badType), "BAD_REQUEST");
    expect(error.message).toContain("annotation 2 (https://x/a1): target must be an object, an array or an IRI, not a number.");

    expect((await expectAppError(importAnnotations(reader, SLUG, { hello: "world" }), "BAD_REQUEST")).message).toBe(UNKNOWN_FORMAT_MESSAGE);
    await expectAppError(importAnnotations(reader, "no-such-document", good), "NOT_FOUND");
    await expectAppError(importAnnotations(null, SLUG, good), "UNAUTHENTICATED");
    expect(await db.annotation.count()).toBe(before);
  });

  it("refuses, writing nothing, when another account holds one of the file's import tokens", async () => {
    const reader = await createUser();
    const squatter = await createUser();
    const start = startOf("divergent interests");
    const file = w3cFile([
      { id: "first", start, end: start + 9 },
      { id: "second", start, end: start + 19 },
    ]);
    const second: ImportedAnnotation = { sourceId: "second", quote: null, body: "", tags: [] };
    await annotate(squatter, SLUG, "private", { at: [start, start + 3], body: "" });
    await db.annotation.updateMany({ where: { authorId: squatter.id }, data: { clientToken: importToken(reader.id, SLUG, second) } });

    await expectAppError(importAnnotations(reader, SLUG, file), "CONFLICT");
    expect(await db.annotation.count({ where: { authorId: reader.id } })).toBe(0);
  });

  it("keeps an item whose created date is outside the years 1 to 9999, with the import's own time", async () => {
    const reader = await createUser();
    const start = startOf("divergent interests");
    const file = w3cFile([
      { id: "far-future", start, end: start + 9, body: "far future" },
      { id: "before-year-one", start, end: start + 19, body: "before year one" },
      { id: "ordinary", start: start + 10, end: start + 19, body: "ordinary" },
    ]);
    const dates = ["+200000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z", "2024-12-09T07:17:52Z"];
    file.first.items.forEach((item, index) => Object.assign(item, { created: dates[index] }));
    const hypothesis = {
      export_date: "2025-01-02T03:04:05.000Z",
      annotations: [
        {
          id: "h-far",
          uri: "https://www.example.com/a",
          user: "acct:someone@hypothes.is",
          text: "hypothesis, far future",
          created: "+275760-09-13T00:00:00.000Z",
          target: [{ source: "https://www.example.com/a", selector: [{ type: "TextQuoteSelector", exact: "divergent interests" }] }],
        },
      ],
    };

    const before = Date.now();
    expect(await importAnnotations(reader, SLUG, file)).toEqual({ imported: 3, alreadyImported: 0, replies: 0, orphans: [] });
    expect(await importAnnotations(reader, SLUG, hypothesis)).toEqual({ imported: 1, alreadyImported: 0, replies: 0, orphans: [] });
    const rows = await db.annotation.findMany({ where: { authorId: reader.id }, select: { body: true, createdAt: true } });
    const createdAt = new Map(rows.map((row) => [row.body, row.createdAt.getTime()]));
    expect(createdAt.get("ordinary")).toBe(Date.parse("2024-12-09T07:17:52Z"));
    for (const body of ["far future", "before year one", "hypothesis, far future"]) {
      expect(createdAt.get(body), body).toBeGreaterThanOrEqual(before - 1000);
    }
  });

  it("reports the second of two items with the same id as an orphan instead of skipping it silently", async () => {
    const reader = await createUser();
    const start = startOf("divergent interests");
    const file = w3cFile([
      { id: "urn:x:1", start, end: start + 9, body: "the first" },
      { id: "urn:x:1", start: start + 10, end: start + 19, body: "a different one, same id" },
      { id: "urn:x:2", start, end: start + 19, body: "another" },
    ]);
    (file.first.items as unknown[]).push({
      type: "Annotation",
      motivation: "replying",
      id: "urn:x:3",
      target: "urn:x:1",
      body: "to the first",
    });

    const summary = await importAnnotations(reader, SLUG, file);
    expect(summary).toEqual({
      imported: 3,
      alreadyImported: 0,
      replies: 1,
      orphans: [{ sourceId: "urn:x:1", quote: "interests", reason: "The file has another annotation with this id." }],
    });
    const mine = await exportAnnotations(reader, SLUG, { onlyMine: true });
    const first = mine.annotations.find((annotation) => annotation.body === "the first")!;
    expect(mine.replies.map((annotation) => [annotation.parentId, annotation.body])).toEqual([[first.id, "to the first"]]);
    // The same file again: what was imported is recognised, the duplicate is reported again.
    expect(await importAnnotations(reader, SLUG, file)).toEqual({ ...summary, imported: 0, alreadyImported: 3, replies: 0 });
  });

  it("writes a note the file holds twice under two ids once, with the replies to either in its thread", async () => {
    const reader = await createUser();
    const start = startOf("divergent interests");
    const file = w3cFile([
      { id: "urn:twice:1", start, end: start + 9, body: "the same note" },
      { id: "urn:twice:2", start, end: start + 9, body: "the same note" },
      { id: "urn:twice:3", start: start + 10, end: start + 19, body: "another note" },
    ]);
    const replyTo = (id: string, target: string, body: string) => ({ type: "Annotation", motivation: "replying", id, target, body });
    (file.first.items as unknown[]).push(replyTo("urn:twice:4", "urn:twice:2", "to the second copy"));
    (file.first.items as unknown[]).push(replyTo("urn:twice:5", "urn:twice:1", "to the first copy"));
    (file.first.items as unknown[]).push(replyTo("urn:twice:6", "urn:twice:3", "to the other"));

    const summary = await importAnnotations(reader, SLUG, file);
    expect(summary).toEqual({ imported: 5, alreadyImported: 1, replies: 3, orphans: [] });
    const mine = await exportAnnotations(reader, SLUG, { onlyMine: true });
    const same = mine.annotations.filter((annotation) => annotation.body === "the same note");
    const other = mine.annotations.find((annotation) => annotation.body === "another note")!;
    expect(same).toHaveLength(1);
    expect(mine.replies.map((annotation) => [annotation.parentId, annotation.body]).sort()).toEqual(
      [
        [same[0].id, "to the first copy"],
        [same[0].id, "to the second copy"],
        [other.id, "to the other"],
      ].sort(),
    );
    // Every imported note and reply is a live "created" event, once.
    const events = await db.annotationEvent.findMany({
      where: { annotationId: { in: [...same, other, ...mine.replies].map((a) => a.id) } },
    });
    expect(events.map((event) => event.change)).toEqual(["created", "created", "created", "created", "created"]);
    expect(await importAnnotations(reader, SLUG, file)).toEqual({ imported: 0, alreadyImported: 6, replies: 0, orphans: [] });
  });

  it("reports the second of two identical items without ids as an orphan", async () => {
    const reader = await createUser();
    const start = startOf("divergent interests");
    const file = w3cFile([
      { id: "", start, end: start + 9, body: "same" },
      { id: "", start, end: start + 9, body: "same" },
    ]);
    file.first.items[1].body = [
      file.first.items[1].body,
      { type: "TextualBody", value: "only-on-the-second", purpose: "tagging" },
    ] as never;

    expect(await importAnnotations(reader, SLUG, file)).toEqual({
      imported: 1,
      alreadyImported: 0,
      replies: 0,
      orphans: [
        {
          sourceId: "",
          quote: "divergent",
          reason: "The file has another annotation with the same quote, place and comment (and neither has an id).",
        },
      ],
    });
  });

  for (const format of ["jsonld", "hypothesis"] as const) {
    it(`recognises the viewer's own annotations when their own ${format} export comes back to the same reading`, async () => {
      const reader = await createUser();
      const thread = await annotate(reader, SLUG, "private", { at: "divergent interests", body: "mine", tags: ["t"] });
      await annotate(reader, SLUG, "everyone", { at: "This distinction matters", body: "" });
      await reply(reader, thread.id, "my reply");
      const gone = await annotate(reader, SLUG, "private", { at: "Pakistan’s", body: "deleted since the export" });
      const file = await downloadedExport(reader, SLUG, format, true);
      await deleteAnnotation(reader, gone.id);
      const before = await db.annotation.count({ where: { authorId: reader.id, deletedAt: null } });

      // Still there: recognised and left alone; deleted since: brought back as a new annotation.
      expect(await importAnnotations(reader, SLUG, file)).toEqual({ imported: 1, alreadyImported: 3, replies: 0, orphans: [] });
      expect(await importAnnotations(reader, SLUG, file)).toEqual({ imported: 0, alreadyImported: 4, replies: 0, orphans: [] });
      expect(await db.annotation.count({ where: { authorId: reader.id, deletedAt: null } })).toBe(before + 1);

      // Someone else importing the same file gets none of it, each item reported: the words are the
      // viewer's. Onto another reading, the viewer gets copies.
      const other = await createUser();
      const othersImport = await importAnnotations(other, SLUG, file);
      expect(othersImport).toMatchObject({ imported: 0, alreadyImported: 0, replies: 0 });
      expect(othersImport.orphans.map((item) => item.reason)).toEqual([
        ...Array(3).fill("An annotation someone else wrote: only your own words are imported as yours."),
        "A reply someone else wrote: only your own words are imported as yours.",
      ]);
      expect(await db.annotation.count({ where: { authorId: other.id } })).toBe(0);
      const elsewhere = await createDocument(`${SLUG}-own-${format}`);
      expect(await importAnnotations(reader, elsewhere.slug, file)).toMatchObject({ imported: 4, alreadyImported: 0 });
    });
  }

  it("on a full export, reports someone else's thread and their reply in the viewer's own thread, copying neither", async () => {
    const slug = (await createDocument(`${SLUG}-full-export`)).slug;
    const reader = await createUser();
    const author = await createUser();
    const thread = await annotate(reader, slug, "everyone", { at: "divergent interests", body: "public, mine" });
    const theirReply = await reply(author, thread.id, "their reply in my thread");
    const theirThread = await annotate(author, slug, "everyone", { at: "This distinction matters", body: "theirs" });
    const file = await downloadedExport(reader, slug, "jsonld", false);
    const others = await db.annotation.count({ where: { documentId: thread.documentId, authorId: { not: reader.id } } });
    const before = await db.annotation.count({ where: { authorId: reader.id } });

    const summary = await importAnnotations(reader, slug, file);
    expect(summary).toEqual({
      imported: 0,
      alreadyImported: 1,
      replies: 0,
      orphans: [
        {
          sourceId: annotationIri(ORIGIN, theirThread.id),
          quote: "This distinction matters",
          reason: "An annotation someone else wrote: only your own words are imported as yours.",
        },
        {
          sourceId: annotationIri(ORIGIN, theirReply.id),
          quote: "",
          reason: "A reply someone else wrote: only your own words are imported as yours.",
        },
      ],
    });
    expect(await db.annotation.count({ where: { authorId: reader.id } })).toBe(before);
    expect(await db.annotation.count({ where: { documentId: thread.documentId, authorId: { not: reader.id } } })).toBe(others);
  });

  it("round-trips generated annotations exactly, over the article's curly quotes and over astral characters", async () => {
    let seed = 20_240_601;
    const random = () => {
      // mulberry32: a small seeded generator, so a failure can be replayed.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const pick = (max: number) => Math.floor(random() * max);
    const apostrophes = [...text.matchAll(/[’“”]/g)].map((match) => match.index);

    for (const { slug, source, parsed } of [
      { slug: SLUG, source: text, parsed: article },
      { slug: astral.slug, source: astral.text, parsed: astral },
    ]) {
      const author = await createUser();
      const copy = await copyOf(parsed);
      let made = 0;
      for (let index = 0; index < 30; index += 1) {
        const around = source === text && index % 2 === 0 ? apostrophes[pick(apostrophes.length)] : pick(source.length);
        const rawStart = Math.max(0, around - pick(40));
        const rawEnd = Math.min(source.length, around + 1 + pick(120));
        const { start, end } = snapRangeToGraphemes(source, rawStart, rawEnd);
        if (start >= end) continue;
        const body = ["", "plain", "**bold** 😀", "𝒜 line\n\nbreak", "<b>html-looking</b> &amp;"][pick(5)];
        const tags = Array.from({ length: pick(4) }, (_, tag) => `t${tag}-${pick(1000)}${tag === 0 ? "’" : ""}`);
        await annotate(author, slug, "private", { text: source, at: [start, end], body, tags });
        made += 1;
      }
      const summary = await importAnnotations(author, copy, await exportFile(author, slug));
      expect(summary.orphans).toEqual([]);
      const theirs = await exportAnnotations(author, slug, { onlyMine: true });
      const mine = await exportAnnotations(author, copy, { onlyMine: true });
      expect(made).toBeGreaterThan(20); // the comparison below is over real annotations, not two empty lists
      expect(theirs.annotations).toHaveLength(made);
      expect(summary.imported).toBe(theirs.annotations.length);
      expect(comparable(mine.annotations)).toEqual(comparable(theirs.annotations));
    }
  });
});

describe("importAnnotations across formats and readings", () => {
  for (const [first, second] of [
    ["jsonld", "hypothesis"],
    ["hypothesis", "jsonld"],
  ] as const) {
    it(`adds nothing when the notes of a ${first} import come back as ${second}`, async () => {
      const author = await createUser();
      const copy = await copyOf();
      const thread = await annotate(author, SLUG, "private", { at: "divergent interests", body: "A **note**", tags: ["policy", "Why"] });
      await reply(author, thread.id, "a reply in the thread");
      await annotate(author, SLUG, "private", { at: "This distinction matters", body: "" });
      await annotate(author, SLUG, "private", { at: "Pakistan’s", body: "the same words, another note" });
      await annotate(author, SLUG, "private", { at: "Pakistan’s", body: "the same words, another note", tags: ["other"] });

      expect(await importAnnotations(author, copy, await downloadedExport(author, SLUG, first, true))).toEqual({
        imported: 5,
        alreadyImported: 0,
        replies: 1,
        orphans: [],
      });
      const before = await db.annotation.count({ where: { authorId: author.id } });
      expect(await importAnnotations(author, copy, await downloadedExport(author, SLUG, second, true))).toEqual({
        imported: 0,
        alreadyImported: 5,
        replies: 0,
        orphans: [],
      });
      expect(await db.annotation.count({ where: { authorId: author.id } })).toBe(before);
    });
  }

  it("still imports a note on the same words whose comment or tags differ from the one already here", async () => {
    const author = await createUser();
    const copy = await copyOf();
    const mine = await annotate(author, copy, "private", { at: "divergent interests", body: "mine", tags: ["t"] });
    await annotate(author, SLUG, "private", { at: "divergent interests", body: "mine", tags: ["T"] });
    await annotate(author, SLUG, "private", { at: "divergent interests", body: "mine, edited", tags: ["t"] });
    await annotate(author, SLUG, "private", { at: "divergent interests", body: "mine", tags: ["t", "more"] });

    // The first is the note already on the copy (tags ignore case); the others say something else.
    expect(await importAnnotations(author, copy, await downloadedExport(author, SLUG, "hypothesis", true))).toMatchObject({
      imported: 2,
      alreadyImported: 1,
    });
    const bodies = await db.annotation.findMany({ where: { authorId: author.id, documentId: mine.documentId }, select: { body: true } });
    expect(bodies.map((row) => row.body).sort()).toEqual(["mine", "mine", "mine, edited"]);
  });

  for (const format of ["jsonld", "hypothesis"] as const) {
    it(`keeps each highlight's colour through a ${format} export and import`, async () => {
      const author = await createUser();
      const copy = await copyOf();
      const colours = ["pink", "green", "purple"] as const;
      const places = ["divergent interests", "This distinction matters", "Pakistan’s"];
      for (const [index, color] of colours.entries()) {
        await annotate(author, SLUG, "private", { at: places[index], body: `in ${color}`, color });
      }
      const file = await downloadedExport(author, SLUG, format, true);
      // For a manual check with the W3C validator: w3c-check $TMPDIR/marginalia-import-colours.jsonld
      if (format === "jsonld") writeFileSync(path.join(tmpdir(), "marginalia-import-colours.jsonld"), JSON.stringify(file, null, 2));

      expect(await importAnnotations(author, copy, file)).toMatchObject({ imported: 3, orphans: [] });
      const mine = await exportAnnotations(author, copy, { onlyMine: true });
      expect(Object.fromEntries(mine.annotations.map((annotation) => [annotation.body, annotation.color]))).toEqual({
        "in pink": "pink",
        "in green": "green",
        "in purple": "purple",
      });
    });
  }

  it("keeps two highlights of the same words in two colours, with no comment, as two through a JSON-LD export and import", async () => {
    const author = await createUser();
    const copy = await copyOf();
    await annotate(author, SLUG, "private", { at: "divergent interests", body: "", color: "yellow" });
    await annotate(author, SLUG, "private", { at: "divergent interests", body: "", color: "pink" });
    const file = await downloadedExport(author, SLUG, "jsonld", true);

    expect(await importAnnotations(author, copy, file)).toEqual({ imported: 2, alreadyImported: 0, replies: 0, orphans: [] });
    const mine = await exportAnnotations(author, copy, { onlyMine: true });
    expect(mine.annotations.map((annotation) => annotation.color).sort()).toEqual(["pink", "yellow"]);
    // Again: both are known, nothing is added.
    expect(await importAnnotations(author, copy, file)).toMatchObject({ imported: 0, alreadyImported: 2 });
  });

  it("says a note of an “All documents” Hypothesis file belongs to another reading, naming it, instead of blaming its quote", async () => {
    const author = await createUser();
    const copy = await copyOf();
    await annotate(author, SLUG, "private", { at: "divergent interests", body: "on this reading" });
    await annotate(author, lighthouse.slug, "private", { text: lighthouse.text, at: "one hundred and twelve", body: "steps" });
    const file = await downloadedNotes(author, "hypothesis");

    expect(await importAnnotations(author, copy, file)).toMatchObject({
      imported: 1,
      orphans: [
        expect.objectContaining({ quote: "one hundred and twelve", reason: "It belongs to another reading (The Lighthouse Keeper)." }),
      ],
    });
    // Into a reading where none of the file's notes can be placed, the titles tell.
    expect(await importAnnotations(author, astral.slug, file)).toMatchObject({
      imported: 0,
      orphans: [
        expect.objectContaining({ quote: "divergent interests", reason: `It belongs to another reading (${article.title}).` }),
        expect.objectContaining({ quote: "one hundred and twelve", reason: "It belongs to another reading (The Lighthouse Keeper)." }),
      ],
    });
  });

  it("says a note of an “All documents” JSON-LD file belongs to another reading, by the title its address has here", async () => {
    const author = await createUser();
    const copy = await copyOf();
    await annotate(author, SLUG, "private", { at: "divergent interests", body: "on this reading" });
    await annotate(author, lighthouse.slug, "private", { text: lighthouse.text, at: "one hundred and twelve", body: "steps" });

    const file = await downloadedNotes(author, "jsonld");
    expect(await importAnnotations(author, copy, file)).toMatchObject({
      imported: 1,
      orphans: [
        expect.objectContaining({ quote: "one hundred and twelve", reason: "It belongs to another reading (The Lighthouse Keeper)." }),
      ],
    });
    // Into a reading where none can be placed: our own file names no titles, but its reading pages' addresses do, here.
    expect(await importAnnotations(author, astral.slug, file)).toMatchObject({
      imported: 0,
      orphans: [
        expect.objectContaining({ quote: "divergent interests", reason: `It belongs to another reading (${article.title}).` }),
        expect.objectContaining({ quote: "one hundred and twelve", reason: "It belongs to another reading (The Lighthouse Keeper)." }),
      ],
    });
    // A reading the importer may not read keeps its title to itself: the address is all they are told.
    const closed = await createReading(await createUser(), `closed-${copies}`);
    await db.document.update({ where: { id: closed.id }, data: { title: "Someone Else's Reading" } });
    const items = (file as { first: { items: { target: { source: string; selector: { exact?: string }[] } }[] } }).first.items;
    const onLighthouse = items.find((item) => item.target.selector.some((selector) => selector.exact === "one hundred and twelve"))!;
    onLighthouse.target.source = `${ORIGIN}/read/${closed.slug}`;
    expect((await importAnnotations(author, astral.slug, file)).orphans).toContainEqual(
      expect.objectContaining({
        quote: "one hundred and twelve",
        reason: `It belongs to another reading (${ORIGIN}/read/${closed.slug}).`,
      }),
    );
  });

  it("still blames the quote of a note on this reading that cannot be found", async () => {
    const reader = await createUser();
    const hypothesis = {
      export_date: "2025-01-02T03:04:05.000Z",
      annotations: [
        {
          id: "h-missing",
          uri: "https://www.example.com/a",
          user: "acct:someone@hypothes.is",
          text: "",
          document: { title: [article.title] },
          target: [{ source: "https://www.example.com/a", selector: [{ type: "TextQuoteSelector", exact: "words that are nowhere" }] }],
        },
      ],
    };
    expect((await importAnnotations(reader, SLUG, hypothesis)).orphans).toEqual([
      { sourceId: "h-missing", quote: "words that are nowhere", reason: "Its quote was not found in the document." },
    ]);
  });
});

describe("importAnnotations brings in only the importer's own words", () => {
  const SOMEONE_ELSES_NOTE = "An annotation someone else wrote: only your own words are imported as yours.";
  const SOMEONE_ELSES_REPLY = "A reply someone else wrote: only your own words are imported as yours.";
  const MY_REPLY_IN_THEIR_THREAD =
    "Your reply in a thread someone else wrote: their thread is not imported, and the reply names no words of its own.";

  /**
   * A student's reading in a group: a classmate's thread with the classmate's and the student's
   * replies, and the student's thread with the student's and the classmate's replies.
   */
  async function seminarReading(name: string) {
    const slug = (await createDocument(`${SLUG}-${name}`)).slug;
    const student = await createUser();
    const classmate = await createUser();
    const group = await createGroup(classmate, { members: { member: [student] } });
    const theirThread = await annotate(classmate, slug, { group: group.id }, { at: "divergent interests", body: "a classmate's thread" });
    const theirFollowUp = await reply(classmate, theirThread.id, "the classmate follows up");
    const myAnswer = await reply(student, theirThread.id, "my answer to a classmate");
    const myThread = await annotate(student, slug, { group: group.id }, { at: "This distinction matters", body: "my thread" });
    const myReply = await reply(student, myThread.id, "my own reply");
    const theirReply = await reply(classmate, myThread.id, "a classmate in my thread");
    return { slug, student, classmate, theirThread, theirFollowUp, myAnswer, myThread, myReply, theirReply };
  }

  for (const format of ["jsonld", "hypothesis"] as const) {
    it(`imports a student's ${format} export of a group's threads without their classmate's words`, async () => {
      const reading = await seminarReading(`seminar-${format}`);
      const { student, classmate } = reading;
      // Everything the student can read: the classmate's thread comes along.
      const file = await downloadedExport(student, reading.slug, format, false);
      const copy = await copyOf();
      const idOf = (annotation: { id: string }) => (format === "jsonld" ? annotationIri(ORIGIN, annotation.id) : annotation.id);

      const summary = await importAnnotations(student, copy, file);
      expect(summary).toMatchObject({ imported: 2, alreadyImported: 0, replies: 1 });
      expect(Object.fromEntries(summary.orphans.map((item) => [item.sourceId, item.reason]))).toEqual({
        [idOf(reading.theirThread)]: SOMEONE_ELSES_NOTE,
        [idOf(reading.theirFollowUp)]: SOMEONE_ELSES_REPLY,
        [idOf(reading.myAnswer)]: MY_REPLY_IN_THEIR_THREAD,
        [idOf(reading.theirReply)]: SOMEONE_ELSES_REPLY,
      });
      expect(summary.orphans).toHaveLength(4);

      // The student's own thread and reply, and nothing else: none of the classmate's words, under
      // anyone's name, and no reply hanging without its thread.
      const rows = await db.annotation.findMany({
        where: { document: { slug: copy } },
        select: { authorId: true, body: true, parentId: true },
        orderBy: { createdAt: "asc" },
      });
      expect(rows.map((row) => [row.authorId, row.body])).toEqual([
        [student.id, "my thread"],
        [student.id, "my own reply"],
      ]);
      expect(rows.every((row) => row.authorId !== classmate.id)).toBe(true);

      // The classmate importing the same file gets their own thread and reply, not the student's.
      const classmatesCopy = await copyOf();
      const theirs = await importAnnotations(classmate, classmatesCopy, file);
      expect(theirs).toMatchObject({ imported: 2, replies: 1 });
      const theirRows = await db.annotation.findMany({ where: { document: { slug: classmatesCopy } }, select: { body: true } });
      expect(theirRows.map((row) => row.body).sort()).toEqual(["a classmate's thread", "the classmate follows up"]);
    });
  }

  it("imports the importer's reply in a classmate's thread as their own note when it names words of its own", async () => {
    const reader = await createUser();
    const exact = "divergent interests";
    const { quote } = describeTextRange(text, startOf(exact), startOf(exact) + exact.length);
    const page = "https://www.example.com/taliban-ttp-and-pakistan";
    const onTheWords = [{ source: page, selector: [quote] }];
    const file = {
      export_date: "2025-01-02T03:04:05.000Z",
      export_userid: "acct:me@hypothes.is",
      annotations: [
        { id: "theirs", uri: page, user: "acct:classmate@hypothes.is", text: "their thread", target: onTheWords },
        {
          id: "mine-quoting",
          uri: page,
          user: "acct:me@hypothes.is",
          text: "my reply, on the words",
          references: ["theirs"],
          target: onTheWords,
        },
        {
          id: "mine-bare",
          uri: page,
          user: "acct:me@hypothes.is",
          text: "my reply, on nothing",
          references: ["theirs"],
          target: [{ source: page }],
        },
      ],
    };

    const summary = await importAnnotations(reader, SLUG, file);
    expect(summary).toEqual({
      imported: 1,
      alreadyImported: 0,
      replies: 0,
      orphans: [
        { sourceId: "theirs", quote: exact, reason: SOMEONE_ELSES_NOTE },
        { sourceId: "mine-bare", quote: "", reason: MY_REPLY_IN_THEIR_THREAD },
      ],
    });
    const mine = await exportAnnotations(reader, SLUG, { onlyMine: true });
    expect(mine.annotations.map((annotation) => [annotation.body, annotation.target!.selector[0].exact])).toEqual([
      ["my reply, on the words", exact],
    ]);
    expect(mine.replies).toEqual([]);
    // Imported again, the note is recognised.
    expect(await importAnnotations(reader, SLUG, file)).toMatchObject({ imported: 0, alreadyImported: 1 });
  });

  it("imports none of the words of another tool's file of several writers that does not say whose it is", async () => {
    const reader = await createUser();
    const page = "https://www.example.com/a";
    const on = (exact: string) => [{ source: page, selector: [{ type: "TextQuoteSelector", exact }] }];
    // A Hypothesis search response: no `export_userid`.
    const file = {
      total: 3,
      rows: [
        { id: "a", uri: page, user: "acct:ayesha@hypothes.is", text: "Ayesha's", target: on("divergent interests") },
        { id: "b", uri: page, user: "acct:bilal@hypothes.is", text: "Bilal's", target: on("This distinction matters") },
        { id: "c", uri: page, text: "nobody's name on it", target: on("Pakistan’s") },
      ],
    };

    const summary = await importAnnotations(reader, SLUG, file);
    const unknown = "The file holds several people's words and does not say which are yours: only your own words are imported as yours.";
    expect(summary).toMatchObject({ imported: 1, replies: 0 });
    expect(summary.orphans.map((item) => [item.sourceId, item.reason])).toEqual([
      ["a", unknown],
      ["b", unknown],
    ]);
    const mine = await exportAnnotations(reader, SLUG, { onlyMine: true });
    expect(mine.annotations.map((annotation) => annotation.body)).toEqual(["nobody's name on it"]);
  });

  it("writes nothing, not even the importer's own notes, when a file with a classmate's thread is refused", async () => {
    const reading = await seminarReading("seminar-refused");
    const file = (await downloadedExport(reading.student, reading.slug, "jsonld", false)) as { first: { items: unknown[] } };
    file.first.items.push({ id: "https://x/broken", type: "Annotation", target: 5 });
    const copy = await copyOf();

    await expectAppError(importAnnotations(reading.student, copy, file), "BAD_REQUEST");
    expect(await db.annotation.count({ where: { document: { slug: copy } } })).toBe(0);
  });
});
