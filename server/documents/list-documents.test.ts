// The library's search, group filter and sort, on the real database (SQLite's FTS5 or PostgreSQL's
// full-text search, kept current by the migration's triggers): each search word must begin a word
// of the title, the author or the latest text, in any case; the best match comes first; nothing a
// person types is a syntax error; and a search never finds a reading the viewer may not read
// (server/authz readableDocumentsWhere still decides).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, provider } from "@/server/db/client";
import { article, createGroup, createReading, createUsers, insertAnnotation, insertReply } from "@/tests/factories";
import { listDocuments, type LibraryQuery } from "./list-documents";

let people: Record<"owner" | "member" | "outsider", { id: string }>;
let seminar: { id: string };
let readings: Record<"private" | "group" | "public", { id: string; slug: string }>;

beforeAll(async () => {
  people = await createUsers(["owner", "member", "outsider"], "library-search.example");
  seminar = await createGroup(people.owner, { members: { member: [people.member] } });
  readings = {
    private: await createReading(people.owner, "lib-private"),
    group: await createReading(people.owner, "lib-group", { visibility: "group", groupId: seminar.id }),
    public: await createReading(people.owner, "lib-public", { visibility: "public" }),
  };
  await db.document.update({ where: { id: readings.private.id }, data: { title: "Zebra Migration Notes", author: "A. Author" } });
  await db.document.update({ where: { id: readings.group.id }, data: { title: "Aardvark Field Guide", author: "Ngozi Okafor" } });
  await db.document.update({ where: { id: readings.public.id }, data: { title: "Public Reader", author: null } });
  // A word only the public reading's text holds.
  await db.documentVersion.updateMany({ where: { documentId: readings.public.id }, data: { text: `${article.text} quixotryx` } });
});
afterAll(() => db.$disconnect());

/** The slugs this test made that the viewer finds, in the order listed (lib-: made before all tests; fts-: by one). */
async function found(viewer: { id: string } | null, query: LibraryQuery, filter: "all" | "mine" | "group" | "public" = "all") {
  return (await listDocuments(viewer, filter, query)).map((document) => document.slug).filter((slug) => /^(lib|fts)-/.test(slug));
}

describe("listDocuments: search, group, sort", () => {
  it("finds a word in the title or the author, in any case, only where the viewer may read", async () => {
    expect(await found(people.owner, { search: "zEbRa" })).toEqual(["lib-private"]);
    expect(await found(people.member, { search: "zebra" })).toEqual([]);
    expect(await found(people.member, { search: "okafor" })).toEqual(["lib-group"]);
    expect(await found(people.outsider, { search: "okafor" })).toEqual([]);
    expect(await found(null, { search: "okafor" })).toEqual([]);
  });

  it("finds a word in the text, and needs every word of the search", async () => {
    expect(await found(people.outsider, { search: "QUIXOTRYX" })).toEqual(["lib-public"]);
    expect(await found(null, { search: "quixotryx" })).toEqual(["lib-public"]);
    expect(await found(people.owner, { search: "zebra quixotryx" })).toEqual([]);
    expect(await found(people.owner, { search: "  field   guide " })).toEqual(["lib-group"]);
    expect(await found(people.owner, { search: "" })).toEqual(expect.arrayContaining(["lib-private", "lib-group", "lib-public"]));
  });

  it("narrows to one group's readings, for its members only", async () => {
    expect(await found(people.member, { groupId: seminar.id })).toEqual(["lib-group"]);
    expect(await found(people.owner, { groupId: seminar.id, search: "aardvark" })).toEqual(["lib-group"]);
    expect(await found(people.outsider, { groupId: seminar.id })).toEqual([]);
    expect(await found(people.owner, { groupId: seminar.id }, "public")).toEqual([]);
  });

  it("matches the start of a word, so a half-typed word already finds", async () => {
    expect(await found(people.outsider, { search: "quixot" })).toEqual(["lib-public"]);
    expect(await found(people.owner, { search: "aardv okaf" })).toEqual(["lib-group"]);
    // Inside a word is not the start of one.
    expect(await found(people.owner, { search: "ixotryx" })).toEqual([]);
  });

  it("answers whatever a person types: quotes, operators and punctuation only separate words", async () => {
    // Each holds one word, "zebra", among what FTS5 and tsquery would read as syntax.
    const typed = [
      '"zebra',
      'zebra"',
      "-zebra",
      "zebra*",
      "(zebra",
      "zebra)",
      "zebra:",
      "^zebra",
      "zebra & | ! <-> :*",
      "'zebra",
      "zebra\\",
      "zebra';--",
    ];
    for (const search of typed) expect(await found(people.owner, { search }), search).toEqual(["lib-private"]);
    // Nothing but operators is no search at all: every reading.
    expect(await found(people.owner, { search: '"" * - ( ) :' })).toEqual(
      expect.arrayContaining(["lib-private", "lib-group", "lib-public"]),
    );
  });

  it("puts a reading whose title holds the word before one whose text merely does", async () => {
    const owner = people.owner;
    const inTitle = await createReading(owner, "fts-rank-title");
    const inText = await createReading(owner, "fts-rank-text");
    await db.document.update({ where: { id: inTitle.id }, data: { title: "Wombat Ecology" } });
    await db.documentVersion.create({
      data: { documentId: inText.id, number: 2, text: `${article.text}\n\nA wombat, once.`, textHash: `rank-${inText.id}` },
    });
    // The title match is the older reading: relevance, not recency, puts it first.
    expect(await found(owner, { search: "wombat" })).toEqual(["fts-rank-title", "fts-rank-text"]);
    expect(await found(owner, { search: "wombat", sort: "newest" })).toEqual(["fts-rank-text", "fts-rank-title"]);
  });

  it("searches the latest version, follows a changed title, and forgets a deleted reading", async () => {
    const owner = people.owner;
    const revised = await createReading(owner, "fts-revised");
    await db.documentVersion.updateMany({ where: { documentId: revised.id }, data: { text: `${article.text} platypusine` } });
    expect(await found(owner, { search: "platypusine" })).toEqual(["fts-revised"]);
    await db.documentVersion.create({
      data: { documentId: revised.id, number: 2, text: `${article.text} echidnary`, textHash: `v2-${revised.id}` },
    });
    expect(await found(owner, { search: "platypusine" })).toEqual([]);
    expect(await found(owner, { search: "echidnary" })).toEqual(["fts-revised"]);

    await db.document.update({ where: { id: revised.id }, data: { title: "Monotremes Revisited", author: "Q. Numbat" } });
    expect(await found(owner, { search: "monotremes numbat" })).toEqual(["fts-revised"]);

    await db.document.delete({ where: { id: revised.id } });
    const [{ count }] = await db.$queryRaw<
      { count: bigint | number }[]
    >`SELECT count(*) AS count FROM "DocumentSearch" WHERE "documentId" = ${revised.id}`;
    expect(Number(count)).toBe(0);
  });

  it("finds words a soft hyphen splits or a ligature joins, as text copied from a web page or a PDF holds them", async () => {
    const owner = people.owner;
    // "inter" + U+00AD (soft hyphen) + "zonal"; the ligatures fi (U+FB01), ff (U+FB00), fl (U+FB02), ffl (U+FB04).
    const copied = `${article.text} The inter\u00adzonal \ufb01ligrane of the \ufb02otsam.`;
    const reading = await createReading(owner, "fts-copied");
    await db.documentVersion.updateMany({ where: { documentId: reading.id }, data: { text: copied } });
    await db.document.update({ where: { id: reading.id }, data: { title: "Sni\ufb04ed Bar\u00adnacles", author: "Q. Gri\ufb00on" } });
    for (const search of ["interzonal", "filigrane", "FLOTSAM", "sniffled barnacles", "griffon", "\ufb01ligr", "inter\u00adzon"]) {
      expect(await found(owner, { search }), search).toEqual(["fts-copied"]);
    }
    // The reading's own text keeps them: annotations count their places in it.
    expect((await db.documentVersion.findFirstOrThrow({ where: { documentId: reading.id } })).text).toBe(copied);

    // A reading indexed before the index read them so is indexed again by the migration that made it.
    const indexedAsItWas =
      provider === "postgresql"
        ? db.$executeRaw`UPDATE "DocumentSearch" SET "document" = to_tsvector('simple', ${copied}) WHERE "documentId" = ${reading.id}`
        : db.$executeRaw`UPDATE "DocumentSearch" SET "body" = ${copied} WHERE "documentId" = ${reading.id}`;
    await indexedAsItWas;
    expect(await found(owner, { search: "interzonal" })).toEqual([]);
    const migration = readFileSync(
      `prisma/${provider}/migrations/20261207230100_readings_search_compatibility_forms/migration.sql`,
      "utf8",
    );
    const reindex = migration
      .slice(migration.lastIndexOf("-- The readings indexed already"))
      .replace(/^--.*$/gm, "")
      .trim();
    await db.$executeRawUnsafe(reindex);
    expect(await found(owner, { search: "interzonal filigrane" })).toEqual(["fts-copied"]);
  });

  it("never lets a private or group reading's words show through to someone who may not read it", async () => {
    // The outsider searches for words only the private and the group readings hold, as title, author and text.
    await db.documentVersion.updateMany({ where: { documentId: readings.private.id }, data: { text: `${article.text} secretword` } });
    await db.documentVersion.updateMany({ where: { documentId: readings.group.id }, data: { text: `${article.text} secretword` } });
    expect(await found(people.owner, { search: "secretword", sort: "title" })).toEqual(["lib-group", "lib-private"]);
    expect(await found(people.member, { search: "secretword" })).toEqual(["lib-group"]);
    for (const viewer of [people.outsider, null]) {
      expect(await found(viewer, { search: "secretword" })).toEqual([]);
      expect(await found(viewer, { search: "zebra migration" })).toEqual([]);
      expect(await found(viewer, { search: "okafor" }, "public")).toEqual([]);
    }
  });

  it("sorts by title on request", async () => {
    expect((await found(people.owner, { sort: "title" })).filter((slug) => slug.startsWith("lib-"))).toEqual([
      "lib-group",
      "lib-public",
      "lib-private",
    ]);
  });
  it("finds more matches than one statement may carry ids for (they go in bounded chunks), in order", async () => {
    // 1,200 readings hold the word: more than SQLite's 999 bind parameters in one `IN (…)` list.
    const many = Array.from({ length: 1200 }, (_, index) => ({
      slug: `fts-many-${String(index).padStart(4, "0")}`,
      title: `Polyglottery ${String(1199 - index).padStart(4, "0")}`,
      readingMinutes: 1,
      visibility: "public",
    }));
    await db.document.createMany({ data: many });
    const byTitle = await found(null, { search: "polyglottery", sort: "title" });
    expect(byTitle).toHaveLength(1200);
    expect(byTitle).toEqual(many.map((reading) => reading.slug).reverse());
    expect(new Set(await found(null, { search: "polyglottery" })).size).toBe(1200);
  });
});

describe("listDocuments: annotation counts", () => {
  it("counts what each reading's page shows the viewer: one grouped count per set of groups still hiding there, not a query per reading", async () => {
    const who = await createUsers(["author", "reader", "gated"], "library-counts.example");
    const open = await createGroup(who.author, { members: { member: [who.reader] } });
    const hiding = await createGroup(who.author, { hideUntilPostCount: 1, members: { member: [who.gated, who.reader] } });
    const first = await createReading(who.author, "count-first", { visibility: "public" });
    const second = await createReading(who.author, "count-second", { visibility: "public" });
    await insertAnnotation(who.author, first, { body: "for everyone", visibility: "everyone" });
    await insertAnnotation(who.author, first, { body: "for the open group", visibility: { group: open.id } });
    await insertAnnotation(who.author, first, { body: "the author's own", visibility: "private" });
    await insertAnnotation(who.author, second, { body: "for the hiding group", visibility: { group: hiding.id } });
    const reply = await insertAnnotation(who.author, second, { body: "also for everyone", visibility: "everyone" });
    await insertReply(who.reader, reply, { body: "a reply" });
    // In the group that hides, each plain member posted on one reading: the gated reader on the first,
    // the reader on the second. Each sees the other's post only where they posted themselves; the
    // group's owner (the author) is staff, whose posts are never hidden.
    await insertAnnotation(who.gated, first, { body: "my post", visibility: { group: hiding.id } });
    await insertAnnotation(who.reader, second, { body: "my post too", visibility: { group: hiding.id } });

    const counts = async (viewer: { id: string }) =>
      Object.fromEntries(
        (await listDocuments(viewer, "all"))
          .filter((document) => document.slug.startsWith("count-"))
          .map((document) => [document.slug, document.annotationCount]),
      );
    // Threads only: the reply on the second is part of its thread.
    expect(await counts(who.author)).toEqual({ "count-first": 4, "count-second": 3 });
    // first: everyone's, their own; second: the owner's group post and everyone's (not the reader's post).
    expect(await counts(who.gated)).toEqual({ "count-first": 2, "count-second": 2 });
    // first: everyone's, the open group's (not the gated reader's post); second: all three.
    expect(await counts(who.reader)).toEqual({ "count-first": 2, "count-second": 3 });
    // No group of theirs hides: one grouped count, the same numbers a reading's page would show.
    const outsider = (await createUsers(["outsider"], "library-counts-outsider.example")).outsider;
    expect(await counts(outsider)).toEqual({ "count-first": 1, "count-second": 1 });
  }, 60_000);

  it("counts threads as the page lists them: not replies, not deleted ones, and those needing a new place too", async () => {
    const { reader } = await createUsers(["reader"], "library-threads.example");
    const reading = await createReading(reader, "threads-only");
    const thread = await insertAnnotation(reader, reading, { body: "one note" });
    for (const body of ["first reply", "second reply", "third reply"]) await insertReply(reader, thread, { body });
    const count = async () => (await listDocuments(reader, "mine")).find((document) => document.slug === "threads-only")?.annotationCount;
    // The reading page: "Showing 1 of 1 annotation".
    expect(await count()).toBe(1);

    // A note kept only as a placeholder for its replies is no annotation; one that lost its place still is
    // (the page lists it under "Needs a new place", the export's "Everything I can see" holds it).
    const placeholder = await insertAnnotation(reader, reading, { body: "", deletedAt: new Date() });
    await insertReply(reader, placeholder, { body: "a reply to a deleted note" });
    const orphan = await insertAnnotation(reader, reading, { body: "lost its words" });
    await db.annotation.update({ where: { id: orphan.id }, data: { anchorStatus: "orphaned" } });
    expect(await count()).toBe(2);
  }, 60_000);
});
