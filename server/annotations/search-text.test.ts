import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ZListAnnotationsQuery, ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import { databaseUrl } from "@/prisma/database-url";
import { backfillSearchText } from "@/scripts/db/backfill-search-text";
import { addReadingVersion } from "@/server/documents/add-reading-version";
import { db, provider } from "@/server/db/client";
import { annotate, createReading, createUsers, insertAnnotation, reply } from "@/tests/factories";
import { deleteAnnotation } from "./delete-annotation";
import { listAnnotations } from "./list-annotations";
import { listAnnotationStubs } from "./list-annotation-stubs";
import { undoDelete } from "./undo-delete";
import { updateAnnotation } from "./update-annotation";

/**
 * The list API's `q` (and the search of a reading too large for the page to hold, which asks the
 * server) compares as the page's own search does: without case, accents or Unicode form, on both
 * databases. Before, SQLite's LIKE ignored ASCII case only and PostgreSQL's ILIKE kept accents:
 * "resume" did not find "résumé", "ÉTÉ" did not find "été" on SQLite.
 */
const TEXT = [
  "The Café Society met on Thursdays to read the résumé of each week’s debates aloud.",
  "Nobody there spoke of the naïve plan, though it was on every table.",
].join("\n\n");

async function readingWithText(slug: string, text = TEXT) {
  const { owner } = await createUsers(["owner"], `${slug}.example`);
  const reading = await createReading(owner, slug);
  await db.documentVersion.updateMany({
    where: { documentId: reading.id },
    data: { text, textHash: createHash("sha256").update(text).digest("hex") },
  });
  const found = async (q: string) =>
    (await listAnnotations(owner, reading.slug, ZListAnnotationsQuery.parse({ q }))).items.map((item) => item.id).sort();
  return { owner, reading, found };
}

describe("searching notes on the server", () => {
  it("finds quotes, bodies and tags without case, accents or Unicode form, and follows every change to them", async () => {
    const { owner, reading, found } = await readingWithText("search-text-changes");
    const cafe = await annotate(owner, reading.slug, "private", {
      text: TEXT,
      at: "The Café Society met on Thursdays",
      body: "Who founded it?",
    });
    const naive = await annotate(owner, reading.slug, "private", {
      text: TEXT,
      at: "naïve plan",
      body: "Un résumé ?".normalize("NFD"), // as macOS tools often write it
      tags: ["Été"],
    });

    expect(await found("cafe")).toEqual([cafe.id]); // a quote, its accent ignored
    expect(await found("CAFÉ SOCIETY")).toEqual([cafe.id]); // capitals beyond ASCII
    expect(await found("resume")).toEqual([naive.id]); // a body written decomposed
    expect(await found("RÉSUMÉ")).toEqual([naive.id]);
    expect(await found("ete")).toEqual([naive.id]); // a tag
    expect(await found("naive")).toEqual([naive.id]);
    expect(await found("each week")).toEqual([]); // words of the text no note quotes
    expect(await found("%")).toEqual([]); // LIKE's wildcards are letters to look for
    expect(await found("_")).toEqual([]);

    // An edit: the old words are no longer found, the new ones are; tags likewise.
    await updateAnnotation(owner, cafe.id, ZUpdateAnnotationSchema.parse({ body: "Fondée en 1902 ?", tags: ["Salón"] }));
    expect(await found("who founded")).toEqual([]);
    expect(await found("fondee")).toEqual([cafe.id]);
    expect(await found("SALON")).toEqual([cafe.id]);
    // A reply is in its thread, not listed: its words do not make its thread found.
    await reply(owner, cafe.id, "Zoë wrote back");
    expect(await found("zoe")).toEqual([]);

    // Deleted, it is not found; restored, it is again, with its tags.
    await deleteAnnotation(owner, naive.id);
    expect(await found("ete")).toEqual([]);
    await undoDelete(owner, naive.id);
    expect(await found("ete")).toEqual([naive.id]);

    // A new version rewords a quote: the new words are what a search reads.
    await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: TEXT.replace("met on Thursdays", "met on Fridays") } });
    expect(await found("society met on friday")).toEqual([cafe.id]);
    expect(await found("thursdays")).toEqual([]);

    // The reading page's search of a reading it cannot hold whole asks the same thing of its stubs.
    expect((await listAnnotationStubs(owner, reading.slug, { q: "RESUME" })).ids).toEqual([naive.id]);
  });

  it("finds words a soft hyphen splits or a ligature joins, as text copied from a web page or a PDF holds them", async () => {
    // "inter" + U+00AD (soft hyphen) + "national", and the ligatures fi (U+FB01) and fl (U+FB02).
    const copied = "Their inter\u00adnational \ufb01nancial \ufb02ows grew.";
    const { owner, reading, found } = await readingWithText("search-text-ligatures", copied);
    const note = await annotate(owner, reading.slug, "private", {
      text: copied,
      at: "inter\u00adnational \ufb01nancial",
      body: "E\ufb00ects of the \ufb02ows",
    });
    expect(await found("international")).toEqual([note.id]);
    expect(await found("Financial")).toEqual([note.id]);
    expect(await found("effects of the flows")).toEqual([note.id]);
    expect(await found("\ufb01nan\u00adcial")).toEqual([note.id]); // typed with them too
    expect((await listAnnotationStubs(owner, reading.slug, { q: "international financial" })).ids).toEqual([note.id]);
    // The reading's text keeps them: the note's place is counted in it as it was.
    expect((await db.documentVersion.findFirstOrThrow({ where: { documentId: reading.id } })).text).toBe(copied);
  });

  it("takes %, _ and \\ as the characters they are, not LIKE's wildcards and escape", async () => {
    const { owner, reading, found } = await readingWithText("search-text-wildcards");
    const sure = await annotate(owner, reading.slug, "private", {
      text: TEXT,
      at: "Café Society",
      body: "100% sure: see C:\\notes\\snake_case",
    });
    const other = await annotate(owner, reading.slug, "private", { text: TEXT, at: "naïve plan", body: "1000 reasons, 1 sure thing" });
    expect(await found("100%")).toEqual([sure.id]);
    expect(await found("0% s")).toEqual([sure.id]);
    expect(await found("e_c")).toEqual([sure.id]);
    expect(await found("\\")).toEqual([sure.id]);
    expect(await found("c:\\notes")).toEqual([sure.id]);
    expect(await found("1_0")).toEqual([]); // "_" is no single-character wildcard: "100" and "1000" do not match
    expect(await found("sure")).toEqual([sure.id, other.id].sort());
  });

  it("leaves an edited note's updatedAt to the edit: writing what a search reads is not a change", async () => {
    const { owner, reading } = await readingWithText("search-text-updated-at");
    const note = await annotate(owner, reading.slug, "private", { text: TEXT, at: "naïve plan", body: "first" });
    const edited = await updateAnnotation(owner, note.id, ZUpdateAnnotationSchema.parse({ body: "second" }));
    const row = await db.annotation.findUniqueOrThrow({ where: { id: note.id }, select: { updatedAt: true, searchText: true } });
    expect(row.updatedAt.toISOString()).toBe(edited.updatedAt);
    expect(row.searchText).toBe("naive plan\nsecond");
  });
});

describe("backfillSearchText", () => {
  it("fills in the notes written before searchText existed, tags and all, then has nothing to do", async () => {
    const { owner, reading, found } = await readingWithText("search-text-backfill");
    const old = await insertAnnotation(owner, reading, { text: TEXT, at: "Café Society", body: "Très bien", tags: ["Été", "Walking"] });
    const bare = await insertAnnotation(owner, reading, { text: TEXT, at: "naïve plan", body: "" });
    await db.annotation.updateMany({ where: { id: { in: [old.id, bare.id] } }, data: { searchText: null } });
    expect(await found("tres")).toEqual([]);

    expect(await backfillSearchText(databaseUrl())).toBe(2);
    const rows = await db.annotation.findMany({ where: { id: { in: [old.id, bare.id] } }, select: { id: true, searchText: true } });
    const text = new Map(rows.map((row) => [row.id, row.searchText]));
    expect(text.get(old.id)!.split("\n").slice(0, 2)).toEqual(["cafe society", "tres bien"]);
    expect(text.get(old.id)!.split("\n").slice(2).sort()).toEqual(["ete", "walking"]);
    expect(text.get(bare.id)).toBe("naive plan\n");
    expect(await found("tres")).toEqual([old.id]);
    expect(await found("walking")).toEqual([old.id]);
    expect(await backfillSearchText(databaseUrl())).toBe(0);
  });

  it("folds again, once migrated, the notes an earlier fold kept ligatures and soft hyphens in", async () => {
    const copied = "Their inter\u00adnational \ufb01nancial \ufb02ows grew.";
    const { owner, reading, found } = await readingWithText("search-text-refold", copied);
    const note = await insertAnnotation(owner, reading, { text: copied, at: "inter\u00adnational \ufb01nancial", body: "old" });
    // What the fold before wrote: lower case, accents gone, the soft hyphen and the ligature kept.
    await db.annotation.update({ where: { id: note.id }, data: { searchText: "inter\u00adnational \ufb01nancial\nold" } });
    expect(await found("international")).toEqual([]);

    const migration = readFileSync(`prisma/${provider}/migrations/20261207230000_search_text_compatibility_forms/migration.sql`, "utf8");
    await db.$executeRawUnsafe(migration.replace(/^--.*$/gm, "").trim());
    expect(await backfillSearchText(databaseUrl())).toBeGreaterThanOrEqual(1);
    expect(await found("international financial")).toEqual([note.id]);
  });
});
