import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { QUOTE_TOO_REPETITIVE } from "@/lib/anchoring/quote-search-work";
import { joinParagraphs } from "@/lib/documents/canonical-text";
import { db } from "@/server/db/client";
import { article, createDocument, createUser, targetOf } from "@/tests/factories";
import { refusal } from "@/tests/refusal";
import { importAnnotations } from "./import-annotations";

// Every comment an import stores is rendered once (stored-body.ts): counted here, the real renderer kept.
const rendered = vi.hoisted(() => ({ count: 0 }));
vi.mock("./stored-body", async (importOriginal) => {
  const original = await importOriginal<typeof import("./stored-body")>();
  return {
    ...original,
    storedBody: (body: string) => {
      rendered.count += 1;
      return original.storedBody(body);
    },
  };
});

const SLUG = "import-cost";
beforeAll(() => createDocument(SLUG));
afterAll(() => db.$disconnect());

const ENV = ["WRITE_RATE_BURST", "WRITE_RATE_PER_MINUTE", "IMPORT_MAX_COMMENT_CHARACTERS"] as const;
const suiteEnv = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const name of ENV) {
    if (suiteEnv[name] === undefined) delete process.env[name];
    else process.env[name] = suiteEnv[name];
  }
});

/** A W3C collection of `count` notes on the article's first words, each comment `body(index)`. */
function fileOf(prefix: string, count: number, body: (index: number) => string, replies: string[] = []) {
  const { selector } = targetOf({ at: "Pakistan" });
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "AnnotationCollection",
    items: [
      ...Array.from({ length: count }, (_, index) => ({
        id: `urn:${prefix}:${index}`,
        type: "Annotation",
        body: { type: "TextualBody", value: body(index), purpose: "commenting" },
        target: { source: "https://elsewhere.example/article", selector },
      })),
      ...replies.map((value, index) => ({
        id: `urn:${prefix}:reply:${index}`,
        type: "Annotation",
        body: { type: "TextualBody", value, purpose: "replying" },
        target: `urn:${prefix}:0`,
      })),
    ],
  };
}

const countRows = (authorId: string) => db.annotation.count({ where: { authorId } });
/** 10,000 characters, each a character reference the Markdown parser tries: among the costliest comments to render. */
const costly = (index: number) => `${index} ${"&".repeat(9_999 - String(index).length)}`;

describe("what an import's comments cost the server", () => {
  it("counts one write per 100,000 characters of comments when that is more than one per hundred notes", async () => {
    process.env.WRITE_RATE_BURST = "3";
    process.env.WRITE_RATE_PER_MINUTE = "1";
    const importer = await createUser();
    // 25 notes of 10,000 characters: 250,000 characters, three writes (as 25 notes, it was one).
    expect((await importAnnotations(importer, SLUG, fileOf("long", 25, costly))).imported).toBe(25);
    const before = await countRows(importer.id);
    expect(
      await refusal(
        importAnnotations(
          importer,
          SLUG,
          fileOf("short", 1, () => "one more"),
        ),
      ),
    ).toMatch(/^429 Too many changes/);
    expect(await countRows(importer.id)).toBe(before);
  });

  it("takes the writes before rendering any comment: a file refused for the rate renders nothing", async () => {
    process.env.WRITE_RATE_BURST = "1";
    process.env.WRITE_RATE_PER_MINUTE = "1";
    const importer = await createUser();
    expect(
      (
        await importAnnotations(
          importer,
          SLUG,
          fileOf("first", 1, () => "the one write"),
        )
      ).imported,
    ).toBe(1);
    rendered.count = 0;
    expect(await refusal(importAnnotations(importer, SLUG, fileOf("refused", 50, costly)))).toMatch(/^429 Too many changes/);
    expect(rendered.count).toBe(0);
  });

  it("renders only the comments it writes: the same file again renders none", async () => {
    const importer = await createUser();
    const file = fileOf("again", 20, costly);
    rendered.count = 0;
    expect((await importAnnotations(importer, SLUG, file)).imported).toBe(20);
    expect(rendered.count).toBe(20);
    rendered.count = 0;
    expect(await importAnnotations(importer, SLUG, file)).toMatchObject({ imported: 0, alreadyImported: 20 });
    expect(rendered.count).toBe(0);
  });

  it("refuses a file whose comments run past IMPORT_MAX_COMMENT_CHARACTERS with 413, before rendering or writing any", async () => {
    process.env.IMPORT_MAX_COMMENT_CHARACTERS = "50000";
    const importer = await createUser();
    rendered.count = 0;
    expect(await refusal(importAnnotations(importer, SLUG, fileOf("past", 6, costly)))).toBe(
      "413 This file's comments run to 60,000 characters; one import takes at most 50,000. Nothing was imported: split the file into parts and import each.",
    );
    expect(rendered.count).toBe(0);
    expect(await countRows(importer.id)).toBe(0);
    expect((await importAnnotations(importer, SLUG, fileOf("within", 5, costly))).imported).toBe(5);
  });

  it("lets the server's other work run while it renders: the event loop turns between comments", async () => {
    const importer = await createUser();
    // Another request's work, one piece per turn of the event loop, counted while the import runs.
    let turns = 0;
    let importing = true;
    const turn = () => {
      turns += 1;
      if (importing) setImmediate(turn);
    };
    setImmediate(turn);
    // 150 comments of ~25 ms each: in one piece, ~4 s in which nothing else ran (a handful of turns,
    // at the queries before and after it); now a turn at least every 10 ms.
    const imported = await importAnnotations(importer, SLUG, fileOf("turns", 150, costly));
    importing = false;
    expect(imported.imported).toBe(150);
    expect(turns).toBeGreaterThanOrEqual(100);
  });

  it("leaves out a reply that shows nothing once rendered, as the API refuses one", async () => {
    const importer = await createUser();
    const result = await importAnnotations(
      importer,
      SLUG,
      fileOf("empty-reply", 1, () => "a note", ["&nbsp;", "[](https://example.org)", "a real reply"]),
    );
    expect(result).toMatchObject({ imported: 2, replies: 1 });
    expect(result.orphans.map((orphan) => orphan.reason)).toEqual(["An empty reply.", "An empty reply."]);
  });

  it("looks for a quote without its position within a bound, and with whitespace set aside in one pass of indexOf", async () => {
    // A reading that repeats itself: "a a a …" (400,000 characters), then one sentence of its own.
    const sentence = "Only this sentence is said once in the whole of this reading.";
    const paragraphs = ["a ".repeat(200_000).trim(), sentence];
    await createDocument("import-cost-periodic", { ...article, title: "Periodic", paragraphs, text: joinParagraphs(paragraphs) });
    const importer = await createUser();
    const item = (id: string, exact: string) => ({
      id: `urn:periodic:${id}`,
      type: "Annotation",
      body: { type: "TextualBody", value: id, purpose: "commenting" },
      target: { source: "https://elsewhere.example/periodic", selector: [{ type: "TextQuoteSelector", exact }] },
    });
    const summary = await importAnnotations(importer, "import-cost-periodic", {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "AnnotationCollection",
      items: [
        // Not in the text even with its whitespace set aside; the pattern of "\s*" between its
        // characters had cost its length at every position of the "a a a …" (minutes).
        item("nowhere", `${"a".repeat(20_000)}b`),
        // Its words with a space lost: found once, whitespace set aside.
        item("loose", sentence.replace("said once", "saidonce")),
        // 20,000 characters occurring at almost every other character (7.4 s for three before):
        // each stops at its own bound, and the file's budget (1 billion) is spent by the twentieth.
        ...Array.from({ length: 24 }, (_, index) => item(`repetitive-${index}`, "a ".repeat(10_000).trim())),
      ],
    });
    const reasons = new Map(summary.orphans.map(({ sourceId, reason }) => [sourceId.replace("urn:periodic:", ""), reason]));
    expect(reasons.get("nowhere")).toBe("Its quote was not found in the document.");
    expect(reasons.has("loose")).toBe(false);
    expect(reasons.get("repetitive-0")).toBe(QUOTE_TOO_REPETITIVE);
    expect(reasons.get("repetitive-23")).toMatch(/^This file's quotes without positions took all the looking-for one import may do/);
    expect(summary.orphans).toHaveLength(25);
    expect(summary.imported).toBe(1);
    const [placed] = await db.annotation.findMany({ where: { authorId: importer.id }, select: { exact: true } });
    expect(placed.exact).toBe(sentence);
  });
});
