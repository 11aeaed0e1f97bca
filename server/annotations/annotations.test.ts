import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { joinParagraphs } from "@/lib/documents/canonical-text";
import type { HighlightColor } from "@/lib/annotations/colors";
import { ZCreateAnnotationSchema, ZCreateReplySchema, ZListAnnotationsQuery, ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import { AppError, ERROR_STATUS, type AppErrorCode } from "@/lib/errors";
import type { Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { annotate, article, createDocument, createGroup, createReading, createUser, reply } from "@/tests/factories";
import { createAnnotation } from "./create-annotation";
import { createReply } from "./create-reply";
import { deleteAnnotation } from "./delete-annotation";
import { exportAnnotations } from "./export-annotations";
import { getAnnotation, getThread } from "./get-annotation";
import { listAnnotations } from "./list-annotations";
import { updateAnnotation } from "./update-annotation";

const text = article.text;

// Each describe block annotates its own copy of the article, so lists and exports in one block
// never see the rows another block made.
const SLUGS = {
  create: article.slug,
  list: `${article.slug}-list`,
  update: `${article.slug}-update`,
  delete: `${article.slug}-delete`,
  reply: `${article.slug}-reply`,
  export: `${article.slug}-export`,
};

let ayesha: { id: string };
let bilal: { id: string };
let chen: { id: string };

beforeAll(async () => {
  for (const slug of Object.values(SLUGS)) await createDocument(slug);
  ayesha = await createUser({ name: "Ayesha", email: "ayesha@example.edu", password: "long enough" });
  bilal = await createUser({ name: "Bilal", email: "bilal@example.edu" });
  chen = await createUser({ name: "Chen", email: "chen@example.edu" });
});

afterAll(() => db.$disconnect());

// ---------------------------------------------------------------- helpers

/** The API's target shape for text[start, end), built the way the reading page builds it. */
function rangeTarget(start: number, end: number) {
  const { quote, position } = describeTextRange(text, start, end);
  return { selector: [quote, position] };
}

/** The target for the `occurrence`-th (0-based) appearance of `exact` in the article. */
function targetFor(exact: string, occurrence = 0) {
  const start = startOf(exact, occurrence);
  return rangeTarget(start, start + exact.length);
}

function startOf(exact: string, occurrence = 0): number {
  let start = text.indexOf(exact);
  for (let seen = 0; seen < occurrence && start !== -1; seen += 1) start = text.indexOf(exact, start + 1);
  if (start === -1) throw new Error(`"${exact}" (occurrence ${occurrence}) is not in the article.`);
  return start;
}

type CreateFields = { body?: string; tags?: string[]; color?: HighlightColor; visibility?: "private" | "everyone"; clientToken?: string };

/** The first occurrence of `exact`, through the shared factory (a highlight unless a body is given). */
function create(viewer: Viewer, slug: string, exact: string, { visibility = "private", ...fields }: CreateFields = {}) {
  return annotate(viewer, slug, visibility, { at: exact, body: "", ...fields });
}

function update(viewer: Viewer, id: string, input: unknown) {
  return updateAnnotation(viewer, id, ZUpdateAnnotationSchema.parse(input));
}

function list(viewer: Viewer, slug: string, query: Record<string, unknown> = {}) {
  return listAnnotations(viewer, slug, ZListAnnotationsQuery.parse(query));
}

/** Awaits a call that must fail with an AppError of this code (and its HTTP status), and returns it. */
async function expectAppError(call: Promise<unknown>, code: AppErrorCode): Promise<AppError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${code}, but the call succeeded`).not.toBeNull();
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect({ code: appError.code, status: appError.status }).toEqual({ code, status: ERROR_STATUS[code] });
  return appError;
}

function ids(annotations: AnnotationDto[]): string[] {
  return annotations.map((annotation) => annotation.id);
}

function byStart(annotations: AnnotationDto[]): AnnotationDto[] {
  return [...annotations].sort((a, b) => a.target!.selector[1].start - b.target!.selector[1].start);
}

async function annotationCount(): Promise<number> {
  return db.annotation.count();
}

// ---------------------------------------------------------------- create

describe("createAnnotation", () => {
  it("stores a highlight with both selectors and the canonical 32-character context, even from shorter client context", async () => {
    const start = startOf("divergent interests");
    const end = start + "divergent interests".length;
    const input = ZCreateAnnotationSchema.parse({
      target: {
        source: `/read/${SLUGS.create}`,
        selector: [
          { type: "TextQuoteSelector", exact: "divergent interests", prefix: "lies in ", suffix: " rather" },
          { type: "TextPositionSelector", start, end },
        ],
      },
      body: "The *core* claim.",
    });

    const created = await createAnnotation(ayesha, SLUGS.create, input);

    expect(created.target).toEqual({
      source: `/read/${SLUGS.create}`,
      selector: [
        {
          type: "TextQuoteSelector",
          exact: "divergent interests",
          prefix: text.slice(start - 32, start),
          suffix: text.slice(end, end + 32),
        },
        { type: "TextPositionSelector", start, end },
      ],
    });
    expect(created.target!.selector[0].prefix).toHaveLength(32);
    expect(created.target!.selector[0].suffix).toHaveLength(32);
    expect(created).toMatchObject({
      parentId: null,
      author: { id: ayesha.id, name: "Ayesha" },
      body: "The *core* claim.",
      tags: [],
      color: "yellow",
      visibility: "private",
      replyCount: 0,
      isHidden: false,
      helpfulCount: 0,
      resolvedAt: null,
      isDeleted: false,
    });

    const row = await db.annotation.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({
      exact: "divergent interests",
      prefix: text.slice(start - 32, start),
      suffix: text.slice(end, end + 32),
      start,
      end,
      authorId: ayesha.id,
    });
  });

  it("anchors a target that has only a TextQuoteSelector by finding the quote", async () => {
    const start = startOf("Pakistan’s", 2);
    const { quote } = describeTextRange(text, start, start + "Pakistan’s".length);
    const created = await createAnnotation(ayesha, SLUGS.create, ZCreateAnnotationSchema.parse({ target: { selector: [quote] } }));

    expect(created.target!.selector).toEqual([
      { type: "TextQuoteSelector", exact: "Pakistan’s", prefix: quote.prefix, suffix: quote.suffix },
      { type: "TextPositionSelector", start, end: start + "Pakistan’s".length },
    ]);
    expect(text.slice(created.target!.selector[1].start, created.target!.selector[1].end)).toBe("Pakistan’s");
  });

  it("refuses a quote that does not match the text at its position with 422 saying why, writing nothing", async () => {
    const before = await annotationCount();
    const start = startOf("divergent interests");
    const input = ZCreateAnnotationSchema.parse({
      target: {
        selector: [
          { type: "TextQuoteSelector", exact: "convergent interests" },
          { type: "TextPositionSelector", start, end: start + 20 },
        ],
      },
      body: "should not be saved",
      tags: ["nope"],
    });

    const error = await expectAppError(createAnnotation(ayesha, SLUGS.create, input), "UNPROCESSABLE");
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      `The quote does not match the document text at ${start}–${start + 20}: ` +
        `the text there is "divergent interests ", the quote is "convergent interests".`,
    );
    expect(await annotationCount()).toBe(before);
    expect(await db.annotationTag.count({ where: { name: "nope" } })).toBe(0);
  });

  it("refuses offsets inside a character made of several code points with 422 naming it, writing nothing (QA round 6, F5)", async () => {
    const paragraphs = ["Café 👩‍👩‍👧‍👦 family, naïve cafe\u0301 and more words after them."];
    const slug = `${article.slug}-graphemes`;
    await createDocument(slug, { ...article, slug, paragraphs, text: joinParagraphs(paragraphs) });
    const before = await annotationCount();
    const family = paragraphs[0].indexOf("👩");
    const cutFamily = ZCreateAnnotationSchema.parse({
      target: {
        selector: [
          { type: "TextQuoteSelector", exact: paragraphs[0].slice(family, family + 8) },
          { type: "TextPositionSelector", start: family, end: family + 8 },
        ],
      },
    });
    const error = await expectAppError(createAnnotation(ayesha, slug, cutFamily), "UNPROCESSABLE");
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      `Position ${family + 8} falls inside a character made of several code points (a letter and its accent, ` +
        `or an emoji sequence): "👩‍👩‍👧‍👦" at ${family}–${family + 11}.`,
    );
    const accent = paragraphs[0].indexOf("cafe") + 4;
    const cutAccent = ZCreateAnnotationSchema.parse({
      target: {
        selector: [
          { type: "TextQuoteSelector", exact: "cafe" },
          { type: "TextPositionSelector", start: accent - 4, end: accent },
        ],
      },
    });
    await expectAppError(createAnnotation(ayesha, slug, cutAccent), "UNPROCESSABLE");
    expect(await annotationCount()).toBe(before);
  });

  it("refuses a quote that is nowhere in the document when there is no position", async () => {
    const before = await annotationCount();
    const input = ZCreateAnnotationSchema.parse({ target: { selector: [{ type: "TextQuoteSelector", exact: "Pakistan's" }] } });
    const error = await expectAppError(createAnnotation(ayesha, SLUGS.create, input), "UNPROCESSABLE");
    expect(error.message).toBe("The quote was not found in the document.");
    expect(await annotationCount()).toBe(before);
  });

  it("refuses offsets beyond the end of the text with 422", async () => {
    const before = await annotationCount();
    const input = ZCreateAnnotationSchema.parse({
      target: {
        selector: [
          { type: "TextQuoteSelector", exact: "x" },
          { type: "TextPositionSelector", start: text.length + 10, end: text.length + 11 },
        ],
      },
    });
    const error = await expectAppError(createAnnotation(ayesha, SLUGS.create, input), "UNPROCESSABLE");
    expect(error.message).toBe(`Position ${text.length + 10} is outside the document (length ${text.length}).`);
    expect(await annotationCount()).toBe(before);
  });

  it("answers NOT_FOUND for an unknown document and UNAUTHENTICATED for an anonymous reader", async () => {
    const before = await annotationCount();
    const notFound = await expectAppError(create(ayesha, "no-such-article", "divergent interests"), "NOT_FOUND");
    expect(notFound.message).toBe('No document "no-such-article".');
    const anonymous = await expectAppError(create(null, SLUGS.create, "divergent interests"), "UNAUTHENTICATED");
    expect(anonymous.message).toBe("Sign in to see and write annotations.");
    expect(await annotationCount()).toBe(before);
  });

  it("stores tags deduplicated case-insensitively and trimmed", async () => {
    const created = await create(ayesha, SLUGS.create, "Monitoring Team", {
      tags: ["Evidence", "evidence", "  EVIDENCE ", "un", "UN", "sources"],
    });
    expect(created.tags.map((tag) => tag.toLowerCase()).sort()).toEqual(["evidence", "sources", "un"]);
    const stored = await db.annotationTag.findMany({ where: { annotationId: created.id } });
    expect(stored.map((tag) => tag.name.toLowerCase()).sort()).toEqual(["evidence", "sources", "un"]);
    expect(stored.every((tag) => tag.name === tag.name.trim())).toBe(true);
  });

  it("keeps the first spelling of a tag given twice in different cases", async () => {
    // lib/annotations/schemas.ts: "Tags compare case-insensitively ("Evidence" is "evidence"); the first spelling wins."
    const created = await create(ayesha, SLUGS.create, "Khawaja Muhammad Asif", { tags: ["Evidence", "evidence", "EVIDENCE", "un", "UN"] });
    expect(created.tags).toEqual(["Evidence", "un"]);
    const stored = await db.annotationTag.findMany({ where: { annotationId: created.id }, orderBy: { name: "asc" } });
    expect(stored.map((tag) => tag.name)).toEqual(["Evidence", "un"]);
  });

  it("returns the first annotation for a retried create with the same clientToken, storing one row", async () => {
    const fields = { body: "saved once", clientToken: "retry-token-0001" };
    const first = await create(ayesha, SLUGS.create, "Kandahar-based leadership", fields);
    const retried = await create(ayesha, SLUGS.create, "Kandahar-based leadership", fields);

    expect(retried).toEqual(first);
    expect(await db.annotation.count({ where: { clientToken: "retry-token-0001" } })).toBe(1);
    expect(await db.annotation.count({ where: { exact: "Kandahar-based leadership" } })).toBe(1);

    // Someone else's token is not theirs to reuse.
    const conflict = await expectAppError(create(bilal, SLUGS.create, "Kandahar-based leadership", fields), "CONFLICT");
    expect(conflict.status).toBe(409);
    expect(await db.annotation.count({ where: { clientToken: "retry-token-0001" } })).toBe(1);
  });

  it("accepts a selection spanning two paragraphs, paragraph break included", async () => {
    const exact = "chosen not to do so?\n\nThis distinction";
    const created = await create(ayesha, SLUGS.create, exact);
    const start = startOf(exact);
    expect(created.target!.selector).toEqual([
      {
        type: "TextQuoteSelector",
        exact,
        prefix: text.slice(start - 32, start),
        suffix: text.slice(start + exact.length, start + exact.length + 32),
      },
      { type: "TextPositionSelector", start, end: start + exact.length },
    ]);
    expect(created.target!.selector[0].exact).toContain("\n\n");
  });

  it("answers with exactly the annotation a later read returns, in every scope, with tags", async () => {
    // The answer is built from the inserted row, not read back: every field must still be what the database holds.
    const group = await createGroup(bilal, { name: "Reading circle", members: { member: [ayesha] } });
    const made = [
      await annotate(
        ayesha,
        SLUGS.create,
        { group: group.id },
        { at: "Tehreek-e-Taliban", body: "**why** @Bilal", tags: ["zeta", "Alpha", "mid", "Walking"] },
      ),
      await annotate(ayesha, SLUGS.create, { instructors: group.id }, { at: "Tehreek-e-Taliban", body: "", color: "blue" }),
      await annotate(ayesha, SLUGS.create, "everyone", { at: "Afghan Taliban", body: "see _this_", tags: ["b", "A"] }),
      await annotate(ayesha, SLUGS.create, "private", { at: "Afghan Taliban", body: "" }),
    ];
    for (const created of made) {
      expect(created).toEqual(await getAnnotation(ayesha, created.id));
      expect(created.permissions).toEqual((await getAnnotation(ayesha, created.id)).permissions);
    }
    expect(made[0]).toMatchObject({
      groupName: "Reading circle",
      tags: ["Alpha", "mid", "Walking", "zeta"], // by key, as My notes and the filter list them
      author: { id: ayesha.id, name: "Ayesha" },
    });
  });

  it("remembers the reader's last colour and visibility", async () => {
    expect(await db.readerPreference.findUnique({ where: { userId: chen.id } })).toBeNull();

    await create(chen, SLUGS.create, "Islamic State Khorasan Province", { color: "green", visibility: "everyone" });
    expect(await db.readerPreference.findUniqueOrThrow({ where: { userId: chen.id } })).toMatchObject({
      lastColor: "green",
      lastVisibility: "everyone",
    });

    await create(chen, SLUGS.create, "Deobandi school", { color: "purple", visibility: "private" });
    expect(await db.readerPreference.findUniqueOrThrow({ where: { userId: chen.id } })).toMatchObject({
      lastColor: "purple",
      lastVisibility: "private",
    });

    await create(chen, SLUGS.create, "Sunni Islam");
    expect(await db.readerPreference.findUniqueOrThrow({ where: { userId: chen.id } })).toMatchObject({
      lastColor: "yellow",
      lastVisibility: "private",
    });
  });

  it("keeps the scope remembered when a note is 'Only me' on a reading only its owner can open", async () => {
    // There every note starts as "Only me" (server/authz/scope-on-reading.ts); remembered, it
    // made the owner's next note on the class's reading private too.
    const owner = await createUser({ name: "Owner of a private copy" });
    const circle = await createGroup(owner, { name: "Private copy circle" });
    const ownCopy = await createReading(owner, "remembered-scope-own-copy");
    await annotate(owner, SLUGS.create, { group: circle.id }, { body: "to the class", at: "Sunni Islam" });
    await annotate(owner, ownCopy.slug, "private", { body: "my own copy", at: "Sunni Islam", color: "blue" });
    expect(await db.readerPreference.findUniqueOrThrow({ where: { userId: owner.id } })).toMatchObject({
      lastColor: "blue",
      lastVisibility: `group:${circle.id}`,
    });
    // "Only me" chosen on a reading others can open is a choice, remembered.
    await annotate(owner, SLUGS.create, "private", { body: "just mine", at: "Sunni Islam" });
    expect((await db.readerPreference.findUniqueOrThrow({ where: { userId: owner.id } })).lastVisibility).toBe("private");
  });
});

// ---------------------------------------------------------------- list

describe("listAnnotations", () => {
  const slug = SLUGS.list;
  let mine: { interests: AnnotationDto; opening: AnnotationDto; monitoring: AnnotationDto; khost: AnnotationDto };
  let bilalsPublic: AnnotationDto;
  let bilalsPrivate: AnnotationDto;
  let bilalsReply: AnnotationDto;

  beforeAll(async () => {
    // Created out of document order on purpose.
    const interests = await create(ayesha, slug, "divergent interests", { body: "Key claim", tags: ["policy"], color: "yellow" });
    const monitoring = await create(ayesha, slug, "Monitoring Team", { body: "UN source", tags: ["sanctions-watch"], color: "blue" });
    const opening = await create(ayesha, slug, "Since the Taliban", { color: "green", visibility: "everyone" });
    bilalsPublic = await create(bilal, slug, "Nangarhar", { body: "A province", color: "pink", visibility: "everyone" });
    bilalsPrivate = await create(bilal, slug, "Kunar", { body: "bilal’s secret note", color: "blue" });
    const khost = await create(ayesha, slug, "Khost", { color: "orange", visibility: "everyone" });
    bilalsReply = await reply(bilal, opening.id, "I agree with this opening");
    mine = { interests, opening, monitoring, khost };
  });

  it("lists the top-level annotations the reader may read, in document order, with replies only counted", async () => {
    const page = await list(ayesha, slug);
    const expected = byStart([mine.interests, mine.opening, mine.monitoring, mine.khost, bilalsPublic]);
    expect(ids(page.items)).toEqual(ids(expected));
    expect(page.nextCursor).toBeNull();

    const starts = page.items.map((item) => item.target!.selector[1].start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[0]).toBe(0);

    expect(ids(page.items)).not.toContain(bilalsReply.id);
    expect(ids(page.items)).not.toContain(bilalsPrivate.id);
    expect(page.items.find((item) => item.id === mine.opening.id)?.replyCount).toBe(1);
    expect(page.items.find((item) => item.id === mine.interests.id)?.replyCount).toBe(0);
  });

  it("never shows someone else's private annotations, whatever the filter", async () => {
    for (const query of [{}, { author: bilal.id }, { color: "blue" }, { q: "secret" }, { q: "Kunar" }]) {
      const page = await list(ayesha, slug, query);
      expect(ids(page.items)).not.toContain(bilalsPrivate.id);
    }
    expect(ids((await list(ayesha, slug, { author: bilal.id })).items)).toEqual([bilalsPublic.id]);

    // Bilal sees his own private note and Ayesha's public ones, not her private ones.
    const bilalsView = await list(bilal, slug);
    expect(ids(bilalsView.items)).toEqual(ids(byStart([mine.opening, bilalsPublic, bilalsPrivate, mine.khost])));
    expect(await list(chen, slug).then((page) => ids(page.items))).toEqual(ids(byStart([mine.opening, bilalsPublic, mine.khost])));
  });

  it('filters by author "me"', async () => {
    const page = await list(ayesha, slug, { author: "me" });
    expect(ids(page.items)).toEqual(ids(byStart([mine.interests, mine.opening, mine.monitoring, mine.khost])));
    expect(ids((await list(bilal, slug, { author: "me" })).items)).toEqual(ids(byStart([bilalsPublic, bilalsPrivate])));
  });

  it("filters by colour", async () => {
    expect(ids((await list(ayesha, slug, { color: "green" })).items)).toEqual([mine.opening.id]);
    expect(ids((await list(ayesha, slug, { color: "blue" })).items)).toEqual([mine.monitoring.id]);
    expect(ids((await list(bilal, slug, { color: "blue" })).items)).toEqual([bilalsPrivate.id]);
    expect((await list(ayesha, slug, { color: "purple" })).items).toEqual([]);
  });

  it("filters by tag", async () => {
    expect(ids((await list(ayesha, slug, { tag: "policy" })).items)).toEqual([mine.interests.id]);
    expect(ids((await list(ayesha, slug, { tag: "sanctions-watch" })).items)).toEqual([mine.monitoring.id]);
    expect((await list(ayesha, slug, { tag: "nothing-tagged-so" })).items).toEqual([]);
    // Without regard to case, as the page's own tag filter and counts compare.
    expect(ids((await list(ayesha, slug, { tag: "Sanctions-WATCH" })).items)).toEqual([mine.monitoring.id]);
    // Bilal cannot find Ayesha's private annotation through its tag.
    expect((await list(bilal, slug, { tag: "policy" })).items).toEqual([]);
  });

  it("searches the quote, the body and the tags with q", async () => {
    expect(ids((await list(ayesha, slug, { q: "divergent" })).items)).toEqual([mine.interests.id]); // quote
    expect(ids((await list(ayesha, slug, { q: "UN source" })).items)).toEqual([mine.monitoring.id]); // body
    expect(ids((await list(ayesha, slug, { q: "watch" })).items)).toEqual([mine.monitoring.id]); // tag
    expect(ids((await list(ayesha, slug, { q: "province" })).items)).toEqual([bilalsPublic.id]); // someone else's body
    expect((await list(ayesha, slug, { q: "agree with this opening" })).items).toEqual([]); // replies are not listed
  });

  it("walks every item exactly once with cursor pagination, two at a time", async () => {
    const all = (await list(ayesha, slug)).items;
    expect(all).toHaveLength(5);

    const walked: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(ayesha, slug, { limit: 2, ...(cursor && { cursor }) });
      walked.push(...ids(page.items));
      pageSizes.push(page.items.length);
      cursor = page.nextCursor;
      expect(pageSizes.length).toBeLessThanOrEqual(3);
    } while (cursor);

    expect(pageSizes).toEqual([2, 2, 1]);
    expect(walked).toEqual(ids(all));
    expect(new Set(walked).size).toBe(walked.length);
  });

  it("goes on after the place where a page ended when its last item is deleted before the next page is asked", async () => {
    const all = ids((await list(ayesha, slug)).items);
    // Written last at the reading's first words: second in the list, after the opening note.
    const extra = await create(ayesha, slug, "Since the Taliban", { body: "deleted between two pages" });
    const first = await list(ayesha, slug, { limit: 2 });
    expect(ids(first.items)).toEqual([mine.opening.id, extra.id]);
    await deleteAnnotation(ayesha, extra.id);
    const rest: string[] = [];
    for (let cursor = first.nextCursor; cursor;) {
      const page = await list(ayesha, slug, { limit: 2, cursor });
      rest.push(...ids(page.items));
      cursor = page.nextCursor;
    }
    expect([mine.opening.id, ...rest]).toEqual(all);
  });

  it("refuses a cursor it did not give out (400)", async () => {
    for (const cursor of ["garbage", mine.khost.id, Buffer.from(JSON.stringify([1, "not a date", "x"])).toString("base64url")]) {
      await expectAppError(list(ayesha, slug, { cursor }), "BAD_REQUEST");
    }
  });

  it("refuses anonymous readers and unknown documents", async () => {
    await expectAppError(list(null, slug), "UNAUTHENTICATED");
    await expectAppError(list(ayesha, "no-such-article"), "NOT_FOUND");
  });
});

// ---------------------------------------------------------------- get

describe("getAnnotation and getThread", () => {
  it("reads an annotation, and a thread from any of its ids with replies oldest first", async () => {
    const root = await create(ayesha, SLUGS.reply, "Haqqani network", { body: "Who are they?", visibility: "everyone" });
    const first = await reply(bilal, root.id, "A semi-autonomous faction.");
    const second = await reply(chen, root.id, "See the UN reports.");

    expect(await getAnnotation(chen, root.id)).toMatchObject({ id: root.id, body: "Who are they?", replyCount: 2 });
    expect(await getAnnotation(ayesha, first.id)).toMatchObject({ id: first.id, parentId: root.id, target: null, color: null });

    for (const id of [root.id, first.id, second.id]) {
      const thread = await getThread(ayesha, id);
      expect(thread.annotation.id).toBe(root.id);
      expect(thread.replies.map((item) => [item.id, item.body])).toEqual([
        [first.id, "A semi-autonomous faction."],
        [second.id, "See the UN reports."],
      ]);
    }
    await expectAppError(getAnnotation(ayesha, "no-such-id"), "NOT_FOUND");
    await expectAppError(getThread(ayesha, "no-such-id"), "NOT_FOUND");
  });
});

// ---------------------------------------------------------------- update

describe("updateAnnotation", () => {
  const slug = SLUGS.update;

  it("edits the body, the tags (deduplicated, replacing the old ones) and the colour", async () => {
    const created = await create(ayesha, slug, "Kabul-based officials", { body: "draft", tags: ["old"], color: "yellow" });
    const updated = await update(ayesha, created.id, {
      body: "Final **thought**",
      tags: ["diplomacy", "Diplomacy", "border"],
      color: "purple",
    });

    expect(updated).toMatchObject({ id: created.id, body: "Final **thought**", color: "purple" });
    expect(updated.tags.map((tag) => tag.toLowerCase()).sort()).toEqual(["border", "diplomacy"]);
    expect(updated.target).toEqual(created.target);
    const stored = await db.annotation.findUniqueOrThrow({ where: { id: created.id }, include: { tags: true } });
    expect(stored).toMatchObject({ body: "Final **thought**", color: "purple" });
    expect(stored.tags.map((tag) => tag.name.toLowerCase()).sort()).toEqual(["border", "diplomacy"]);

    const cleared = await update(ayesha, created.id, { tags: [] });
    expect(cleared.tags).toEqual([]);
    expect(cleared.body).toBe("Final **thought**");
  });

  it("moves the highlight to a new span, re-anchoring it with canonical context", async () => {
    const created = await create(ayesha, slug, "Khawaja Muhammad Asif");
    const start = startOf("Defence Minister Khawaja Muhammad Asif");
    const end = start + "Defence Minister Khawaja Muhammad Asif".length;
    const { quote, position } = describeTextRange(text, start, end);

    const moved = await update(ayesha, created.id, {
      target: { selector: [{ ...quote, prefix: quote.prefix.slice(-4), suffix: "" }, position] },
    });

    expect(moved.target!.selector).toEqual([
      {
        type: "TextQuoteSelector",
        exact: "Defence Minister Khawaja Muhammad Asif",
        prefix: text.slice(start - 32, start),
        suffix: text.slice(end, end + 32),
      },
      { type: "TextPositionSelector", start, end },
    ]);
    expect(await db.annotation.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      exact: "Defence Minister Khawaja Muhammad Asif",
      start,
      end,
    });
  });

  it("refuses a move whose quote does not match the text (422), keeping the old span", async () => {
    const created = await create(ayesha, slug, "cross-verified intelligence", { body: "unchanged" });
    const start = startOf("regional stakeholders");
    const error = await expectAppError(
      update(ayesha, created.id, {
        body: "should not be saved",
        target: {
          selector: [
            { type: "TextQuoteSelector", exact: "global stakeholders" },
            { type: "TextPositionSelector", start, end: start + "global stakeholders".length },
          ],
        },
      }),
      "UNPROCESSABLE",
    );
    expect(error.message).toMatch(
      /^The quote does not match the document text at \d+–\d+: the text there is ".*", the quote is "global stakeholders"\.$/,
    );

    const after = await getAnnotation(ayesha, created.id);
    expect(after.target).toEqual(created.target);
    expect(after.body).toBe("unchanged");
  });

  it("makes the replies private too when the thread becomes private, hiding them from other readers", async () => {
    const root = await create(ayesha, slug, "border management", { body: "shared", visibility: "everyone" });
    const ownReply = await reply(ayesha, root.id, "Ayesha adds to her own note");
    expect((await getThread(chen, root.id)).replies.map((item) => item.id)).toEqual([ownReply.id]);
    expect((await exportAnnotations(chen, slug, { onlyMine: false })).replies.map((item) => item.id)).toContain(ownReply.id);

    const updated = await update(ayesha, root.id, { visibility: "private" });
    expect(updated.visibility).toBe("private");
    expect(await db.annotation.findUniqueOrThrow({ where: { id: ownReply.id } })).toMatchObject({ visibility: "private" });

    await expectAppError(getThread(chen, root.id), "NOT_FOUND");
    await expectAppError(getAnnotation(chen, ownReply.id), "NOT_FOUND");
    await expectAppError(getThread(chen, ownReply.id), "NOT_FOUND");
    expect(ids((await list(chen, slug)).items)).not.toContain(root.id);
    const chensExport = await exportAnnotations(chen, slug, { onlyMine: false });
    expect(ids(chensExport.annotations)).not.toContain(root.id);
    expect(ids(chensExport.replies)).not.toContain(ownReply.id);
    // Still the author's, every word of it.
    expect((await getThread(ayesha, root.id)).replies.map((item) => item.id)).toEqual([ownReply.id]);
  });

  // QA round 4, #1: a thread made private took Bilal's reply from Bilal (and from his grade), for good.
  it("keeps a thread someone else answered from becoming private: the reply stays its writer's and its readers'", async () => {
    const root = await create(ayesha, slug, "regional isolation", { body: "shared", visibility: "everyone" });
    const bilalsReply = await reply(bilal, root.id, "Bilal's words in Ayesha's thread");

    const refused = await expectAppError(update(ayesha, root.id, { visibility: "private" }), "CONFLICT");
    expect(refused.message).toMatch(/cannot move to “Only me”: 1 person who replied could no longer read their own words/);
    expect(await db.annotation.findUniqueOrThrow({ where: { id: bilalsReply.id } })).toMatchObject({ visibility: "everyone" });
    expect((await getAnnotation(bilal, bilalsReply.id)).body).toBe("Bilal's words in Ayesha's thread");
    expect((await getThread(chen, root.id)).replies.map((item) => item.id)).toEqual([bilalsReply.id]);

    // What the author can do instead: delete her note; Bilal's reply stays under it, his and its readers'.
    await deleteAnnotation(ayesha, root.id);
    expect((await getThread(bilal, root.id)).replies.map((item) => item.id)).toEqual([bilalsReply.id]);
  });

  it("refuses a target, colour, tags or visibility for a reply (BAD_REQUEST), but edits its body", async () => {
    const root = await create(ayesha, slug, "diplomatic liability", { visibility: "everyone" });
    const bilalsReply = await reply(bilal, root.id, "first wording");

    for (const input of [{ target: targetFor("diplomatic liability") }, { color: "green" }, { tags: ["x"] }, { visibility: "private" }]) {
      const error = await expectAppError(update(bilal, bilalsReply.id, input), "BAD_REQUEST");
      expect(error.message).toBe("A reply has only a body: its target, colour, tags and visibility are its thread's.");
    }
    const stored = await db.annotation.findUniqueOrThrow({ where: { id: bilalsReply.id } });
    expect(stored).toMatchObject({ exact: null, start: null, end: null, color: null, visibility: "everyone", body: "first wording" });

    expect(await update(bilal, bilalsReply.id, { body: "second wording" })).toMatchObject({
      body: "second wording",
      target: null,
      color: null,
    });
  });

  it("resolves and reopens a thread for its author only", async () => {
    const shared = await create(ayesha, slug, "deepens Afghanistan’s", { visibility: "everyone" });
    const hidden = await create(ayesha, slug, "day-to-day governance", { visibility: "private" });

    const resolved = await update(ayesha, shared.id, { resolved: true });
    expect(resolved.resolvedAt).not.toBeNull();
    expect(Date.parse(resolved.resolvedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect((await update(ayesha, shared.id, { resolved: false })).resolvedAt).toBeNull();

    const forbidden = await expectAppError(update(bilal, shared.id, { resolved: true }), "FORBIDDEN");
    expect(forbidden.message).toBe("Only the thread's author can resolve or reopen it.");
    await expectAppError(update(bilal, hidden.id, { resolved: true }), "NOT_FOUND");
    expect((await db.annotation.findUniqueOrThrow({ where: { id: shared.id } })).resolvedAt).toBeNull();
    expect((await db.annotation.findUniqueOrThrow({ where: { id: hidden.id } })).resolvedAt).toBeNull();

    // A reply's author cannot resolve the thread through the reply either.
    const bilalsReply = await reply(bilal, shared.id, "Bilal's reply");
    await expectAppError(update(bilal, bilalsReply.id, { resolved: true }), "FORBIDDEN");
  });

  it("refuses edits by anyone but the author", async () => {
    const shared = await create(ayesha, slug, "restrict their movement", { body: "mine", visibility: "everyone" });
    const hidden = await create(ayesha, slug, "temporary ceasefire", { body: "mine too" });
    await expectAppError(update(bilal, shared.id, { body: "hijacked" }), "FORBIDDEN");
    await expectAppError(update(bilal, hidden.id, { body: "hijacked" }), "NOT_FOUND");
    await expectAppError(update(null, shared.id, { body: "hijacked" }), "UNAUTHENTICATED");
    await expectAppError(update(ayesha, "no-such-id", { body: "x" }), "NOT_FOUND");
    expect((await getAnnotation(ayesha, shared.id)).body).toBe("mine");
    expect((await getAnnotation(ayesha, hidden.id)).body).toBe("mine too");
  });
});

// ---------------------------------------------------------------- delete

describe("deleteAnnotation", () => {
  const slug = SLUGS.delete;

  it("removes an annotation without replies, tags included", async () => {
    const created = await create(ayesha, slug, "ideological proximity", { body: "gone soon", tags: ["ideology"] });
    expect(await deleteAnnotation(ayesha, created.id)).toEqual({ id: created.id, isKeptForReplies: false });
    expect(await db.annotation.findUnique({ where: { id: created.id } })).toBeNull();
    expect(await db.annotationTag.count({ where: { annotationId: created.id } })).toBe(0);
    await expectAppError(getAnnotation(ayesha, created.id), "NOT_FOUND");
  });

  it("keeps an annotation with replies as an empty, deleted placeholder whose replies still read", async () => {
    const root = await create(ayesha, slug, "fellow jihadists", {
      body: "A loaded phrase",
      tags: ["framing", "ideology"],
      visibility: "everyone",
    });
    const bilalsReply = await reply(bilal, root.id, "Whose framing is it?");

    expect(await deleteAnnotation(ayesha, root.id)).toEqual({ id: root.id, isKeptForReplies: true });

    const stored = await db.annotation.findUniqueOrThrow({ where: { id: root.id } });
    expect(stored.deletedAt).not.toBeNull();
    expect(stored.body).toBe("");
    expect(await db.annotationTag.count({ where: { annotationId: root.id } })).toBe(0);

    for (const viewer of [ayesha, bilal, chen]) {
      const thread = await getThread(viewer, root.id);
      expect(thread.annotation).toMatchObject({ id: root.id, isDeleted: true, body: "", tags: [], replyCount: 1 });
      expect(thread.replies.map((item) => [item.id, item.body])).toEqual([[bilalsReply.id, "Whose framing is it?"]]);
    }
    // Deleting it again is refused: it is already deleted.
    await expectAppError(deleteAnnotation(ayesha, root.id), "NOT_FOUND");

    // Its last reply deleted, the placeholder goes too: nothing is left for it to keep, and readers are told live.
    await deleteAnnotation(bilal, bilalsReply.id);
    expect(await db.annotation.count({ where: { id: { in: [root.id, bilalsReply.id] } } })).toBe(0);
    for (const viewer of [ayesha, bilal, chen]) await expectAppError(getThread(viewer, root.id), "NOT_FOUND");
    const told = await db.annotationEvent.findMany({ where: { annotationId: root.id }, orderBy: { id: "asc" }, select: { change: true } });
    expect(told.map((event) => event.change)).toEqual(["created", "deleted", "deleted"]);
  });

  it("refuses to delete someone else's annotation: FORBIDDEN when it is shared, NOT_FOUND when private", async () => {
    const shared = await create(ayesha, slug, "religious authority", { visibility: "everyone" });
    const hidden = await create(ayesha, slug, "Sharia law", { visibility: "private" });

    const forbidden = await expectAppError(deleteAnnotation(bilal, shared.id), "FORBIDDEN");
    expect(forbidden.message).toBe("Only its author can delete this annotation.");
    const notFound = await expectAppError(deleteAnnotation(bilal, hidden.id), "NOT_FOUND");
    expect(notFound.message).toBe("No such annotation.");
    await expectAppError(deleteAnnotation(null, shared.id), "UNAUTHENTICATED");

    expect(await db.annotation.count({ where: { id: { in: [shared.id, hidden.id] }, deletedAt: null } })).toBe(2);
  });

  it("lets a reply's author delete the reply, and nobody else", async () => {
    const root = await create(ayesha, slug, "operational coordination", { visibility: "everyone" });
    const bilalsReply = await reply(bilal, root.id, "to be withdrawn");
    await expectAppError(deleteAnnotation(ayesha, bilalsReply.id), "FORBIDDEN");
    expect(await deleteAnnotation(bilal, bilalsReply.id)).toEqual({ id: bilalsReply.id, isKeptForReplies: false });
    expect((await getThread(ayesha, root.id)).replies).toEqual([]);
    expect((await getAnnotation(ayesha, root.id)).replyCount).toBe(0);
  });
});

// ---------------------------------------------------------------- replies

describe("createReply", () => {
  const slug = SLUGS.reply;

  it("adds a reply to a reply to the root's thread", async () => {
    const root = await create(ayesha, slug, "selective application of force", { visibility: "everyone" });
    const first = await reply(bilal, root.id, "Selective indeed.");
    const second = await reply(chen, first.id, "Replying to Bilal.");

    expect(second).toMatchObject({
      parentId: root.id,
      author: { id: chen.id, name: "Chen" },
      body: "Replying to Bilal.",
      target: null,
      color: null,
      tags: [],
    });
    expect((await getThread(ayesha, first.id)).replies.map((item) => item.id)).toEqual([first.id, second.id]);
    expect((await getAnnotation(ayesha, root.id)).replyCount).toBe(2);
    expect((await getAnnotation(ayesha, first.id)).replyCount).toBe(0);
  });

  it("gives a reply its thread's visibility, document and version", async () => {
    const hidden = await create(ayesha, slug, "calculated choice", { visibility: "private" });
    const shared = await create(ayesha, slug, "political will exists", { visibility: "everyone" });

    const toSelf = await reply(ayesha, hidden.id, "Note to self.");
    const fromBilal = await reply(bilal, shared.id, "Public reply.");
    expect(toSelf).toMatchObject({ visibility: "private", documentId: hidden.documentId, versionId: hidden.versionId });
    expect(fromBilal).toMatchObject({ visibility: "everyone", documentId: shared.documentId, versionId: shared.versionId });

    await expectAppError(getAnnotation(bilal, toSelf.id), "NOT_FOUND");
    expect((await getAnnotation(chen, fromBilal.id)).body).toBe("Public reply.");
  });

  it("refuses a reply to a private annotation from another reader (NOT_FOUND), writing nothing", async () => {
    const hidden = await create(ayesha, slug, "coercive capacity", { visibility: "private" });
    const before = await annotationCount();
    await expectAppError(reply(bilal, hidden.id, "Can I see this?"), "NOT_FOUND");
    await expectAppError(reply(null, hidden.id, "Anonymous?"), "UNAUTHENTICATED");
    await expectAppError(reply(bilal, "no-such-id", "Anyone?"), "NOT_FOUND");
    expect(await annotationCount()).toBe(before);
  });

  it("refuses an empty reply body in the schema", () => {
    for (const body of ["", "   ", "\n\t"]) {
      const result = ZCreateReplySchema.safeParse({ body });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual(["A reply cannot be empty."]);
    }
    expect(ZCreateReplySchema.parse({ body: "  ok  " })).toEqual({ body: "ok", mentions: [] });
  });

  it("returns the first reply for a retried reply with the same clientToken", async () => {
    const root = await create(ayesha, slug, "internal dissent", { visibility: "everyone" });
    const input = ZCreateReplySchema.parse({ body: "once", clientToken: "reply-token-0001" });
    const first = await createReply(bilal, root.id, input);
    expect(await createReply(bilal, root.id, input)).toEqual(first);
    expect(await db.annotation.count({ where: { parentId: root.id } })).toBe(1);
  });
});

// ---------------------------------------------------------------- export

describe("exportAnnotations", () => {
  const slug = SLUGS.export;
  let ayeshasPrivate: AnnotationDto;
  let ayeshasPublic: AnnotationDto;
  let bilalsPublic: AnnotationDto;
  let bilalsPrivate: AnnotationDto;
  let bilalsReplyToAyesha: AnnotationDto;
  let ayeshasReplyToBilal: AnnotationDto;
  let ayeshasReplyToSelf: AnnotationDto;

  beforeAll(async () => {
    ayeshasPrivate = await create(ayesha, slug, "Empirical evidence", { body: "private note", tags: ["evidence"] });
    ayeshasPublic = await create(ayesha, slug, "short-term governance gap", { body: "shared note", visibility: "everyone" });
    bilalsPublic = await create(bilal, slug, "Paktika", { body: "bilal shares", visibility: "everyone" });
    bilalsPrivate = await create(bilal, slug, "lacking credibility", { body: "bilal keeps" });
    bilalsReplyToAyesha = await reply(bilal, ayeshasPublic.id, "bilal replies to ayesha");
    ayeshasReplyToBilal = await reply(ayesha, bilalsPublic.id, "ayesha replies to bilal");
    ayeshasReplyToSelf = await reply(ayesha, ayeshasPrivate.id, "ayesha to herself");
  });

  it("exports everything the reader may read, replies included, in document order", async () => {
    const exported = await exportAnnotations(ayesha, slug, { onlyMine: false });
    // With its versions, for the formats to say which one a note needing a new place lost its words in.
    expect(exported.document).toEqual({
      slug,
      title: article.title,
      author: "Arslan Ghazi",
      versions: [{ id: expect.any(String), number: 1, createdAt: expect.any(String) }],
    });
    expect(ids(exported.annotations)).toEqual(ids(byStart([ayeshasPrivate, ayeshasPublic, bilalsPublic])));
    expect(ids(exported.replies).sort()).toEqual([bilalsReplyToAyesha.id, ayeshasReplyToBilal.id, ayeshasReplyToSelf.id].sort());
    expect(exported.annotations.find((item) => item.id === ayeshasPrivate.id)).toMatchObject({ body: "private note", tags: ["evidence"] });
    expect(exported.replies.find((item) => item.id === bilalsReplyToAyesha.id)).toMatchObject({
      parentId: ayeshasPublic.id,
      body: "bilal replies to ayesha",
    });
  });

  it("exports only the reader's own annotations and replies with onlyMine", async () => {
    const exported = await exportAnnotations(ayesha, slug, { onlyMine: true });
    expect(ids(exported.annotations)).toEqual(ids(byStart([ayeshasPrivate, ayeshasPublic])));
    expect(ids(exported.replies).sort()).toEqual([ayeshasReplyToBilal.id, ayeshasReplyToSelf.id].sort());
    expect(exported.annotations.every((item) => item.author.id === ayesha.id)).toBe(true);
  });

  it("never exports someone else's private annotations or their replies", async () => {
    const bilals = await exportAnnotations(bilal, slug, { onlyMine: false });
    expect(ids(bilals.annotations)).toEqual(ids(byStart([ayeshasPublic, bilalsPublic, bilalsPrivate])));
    expect(ids(bilals.replies).sort()).toEqual([bilalsReplyToAyesha.id, ayeshasReplyToBilal.id].sort());

    const chens = await exportAnnotations(chen, slug, { onlyMine: false });
    expect(ids(chens.annotations)).toEqual(ids(byStart([ayeshasPublic, bilalsPublic])));
    expect(ids(chens.replies).sort()).toEqual([bilalsReplyToAyesha.id, ayeshasReplyToBilal.id].sort());
    expect(await exportAnnotations(chen, slug, { onlyMine: true })).toMatchObject({ annotations: [], replies: [] });
  });

  it("refuses anonymous readers and unknown documents", async () => {
    await expectAppError(exportAnnotations(null, slug, { onlyMine: false }), "UNAUTHENTICATED");
    await expectAppError(exportAnnotations(ayesha, "no-such-article", { onlyMine: false }), "NOT_FOUND");
  });
});

// ---------------------------------------------------------------- edits queued offline (issue 14)

describe("updateAnnotation with ifUnmodifiedSince", () => {
  const later = () => new Promise((resolve) => setTimeout(resolve, 5));

  it("refuses an edit made against a version changed since (409) and changes nothing; accepts one made against the current version", async () => {
    const made = await create(ayesha, SLUGS.update, "divergent interests", { body: "As first written." });
    await later();
    const elsewhere = await update(ayesha, made.id, { body: "Changed on another device." });

    const conflict = await expectAppError(
      update(ayesha, made.id, { body: "Queued offline.", ifUnmodifiedSince: made.updatedAt }),
      "CONFLICT",
    );
    expect(conflict.status).toBe(409);
    const [unchanged] = (await list(ayesha, SLUGS.update)).items.filter((item) => item.id === made.id);
    expect(unchanged.body).toBe("Changed on another device.");

    const saved = await update(ayesha, made.id, { body: "Queued offline.", ifUnmodifiedSince: elsewhere.updatedAt });
    expect(saved.body).toBe("Queued offline.");
  });

  it("answers a group note's edit with the time it was last changed, so the next edit made against it is not a conflict", async () => {
    // A group note's new words hand it in again (sharedAt): that was written after the edit, and moved
    // the row's updatedAt past the one answered; the page's next edit was refused as changed elsewhere.
    const group = await createGroup(bilal, { name: "Second edits", members: { member: [ayesha] } });
    const made = await annotate(ayesha, SLUGS.update, { group: group.id }, { at: "divergent interests", body: "First words." });
    await later();
    const first = await update(ayesha, made.id, { body: "Second words.", ifUnmodifiedSince: made.updatedAt });
    expect(first.updatedAt).toBe((await getAnnotation(ayesha, made.id)).updatedAt);
    await later();
    const second = await update(ayesha, made.id, { body: "Third words.", ifUnmodifiedSince: first.updatedAt });
    expect(second.body).toBe("Third words.");
    await later();
    const moved = await update(ayesha, made.id, { visibility: "private", ifUnmodifiedSince: second.updatedAt });
    expect(moved.updatedAt).toBe((await getAnnotation(ayesha, made.id)).updatedAt);
  });

  it("is not a change by itself", () => {
    expect(ZUpdateAnnotationSchema.safeParse({ ifUnmodifiedSince: new Date().toISOString() }).success).toBe(false);
  });
});

describe("deleteAnnotation with ifUnmodifiedSince", () => {
  it("refuses a delete made against a version changed since (409) and deletes nothing; does one made against the current version", async () => {
    const made = await create(ayesha, SLUGS.update, "divergent interests", { body: "As first written." });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const elsewhere = await update(ayesha, made.id, { body: "Changed on another device." });

    const conflict = await expectAppError(deleteAnnotation(ayesha, made.id, { ifUnmodifiedSince: made.updatedAt }), "CONFLICT");
    expect(conflict.status).toBe(409);
    expect((await getAnnotation(ayesha, made.id)).body).toBe("Changed on another device.");

    expect(await deleteAnnotation(ayesha, made.id, { ifUnmodifiedSince: elsewhere.updatedAt })).toEqual({
      id: made.id,
      isKeptForReplies: false,
    });
    await expectAppError(getAnnotation(ayesha, made.id), "NOT_FOUND");
  });
});
