import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { reanchorTargets } from "@/lib/anchoring/reanchor";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { AppError } from "@/lib/errors";
import { storedSearchText } from "@/lib/text/stored-search-text";
import { createGroup, createReading, createUsers } from "@/tests/factories";
import { insertBulkNotes } from "@/tests/factories/bulk-annotations";
import { addReadingVersion } from "./add-reading-version";

const latestText = async (documentId: string) =>
  (await db.documentVersion.findFirstOrThrow({ where: { documentId }, orderBy: { number: "desc" }, select: { text: true } })).text;

describe("a new version sent as text, on the real database", () => {
  it("read in the shape a reading is created from: its title line (and byline) are not kept as paragraphs", async () => {
    const { owner } = await createUsers(["owner"], "version-title-line.example");
    const reading = await createReading(owner, "version-title-line");
    const { title } = await db.document.findUniqueOrThrow({ where: { id: reading.id }, select: { title: true } });

    // Before: "<title>" came back as the new version's first paragraph, the title shown twice.
    await addReadingVersion(owner, reading.slug, {
      kind: "json",
      body: { text: `${title}\n\nBy Arslan Ghazi\n\nThe corrected first paragraph.\n\nThe second paragraph.` },
    });
    expect(await latestText(reading.id)).toBe("The corrected first paragraph.\n\nThe second paragraph.");
    expect((await db.document.findUniqueOrThrow({ where: { id: reading.id } })).title).toBe(title);

    // A text that does not open with the title is all text, its first line included.
    await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: "A first line of its own.\n\nThe second paragraph." } });
    expect(await latestText(reading.id)).toBe("A first line of its own.\n\nThe second paragraph.");
  });

  it("refuses sharing sent with a version (it was accepted and ignored), adding nothing", async () => {
    const { owner } = await createUsers(["owner"], "version-sharing.example");
    const reading = await createReading(owner, "version-sharing");
    const before = await latestText(reading.id);
    for (const upload of [
      { kind: "json" as const, body: { text: "A new text.", visibility: "public" } },
      { kind: "form" as const, fields: { text: "A new text.", groupId: "some-group" }, file: null },
    ]) {
      await expect(addReadingVersion(owner, reading.slug, upload)).rejects.toMatchObject({
        status: 400,
        message: expect.stringMatching(/^A version has its reading's sharing: `(visibility|groupId)` cannot be sent with one/),
      });
    }
    expect(await latestText(reading.id)).toBe(before);
    expect((await db.document.findUniqueOrThrow({ where: { id: reading.id } })).visibility).toBe("private");
  });
});

describe("a version counts against the day's text with the anchors it writes", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("a correction to a reading carrying 1,500 notes counts their places (~600 KB), refused once the day's text cannot hold it", async () => {
    vi.stubEnv("READING_MB_PER_DAY", "1"); // ten units of 100 KB
    const { owner, teacher } = await createUsers(["owner", "teacher"], "version-anchor-bytes.example");
    const seminar = await createGroup(teacher, { members: { instructor: [teacher], member: [owner] } });
    const annotated = await createReading(owner, "version-anchor-bytes");
    const bare = await createReading(owner, "version-anchor-bytes-bare");
    await insertBulkNotes({
      document: annotated,
      threads: 1_500,
      authors: [owner],
      group: { id: seminar.id, instructor: teacher },
      prefix: "anchor-bytes",
    });
    const versions = (documentId: string) => db.documentVersion.count({ where: { documentId } });
    const correct = async (slug: string, word: string) =>
      addReadingVersion(owner, slug, {
        kind: "json",
        body: { text: (await latestText(slug === annotated.slug ? annotated.id : bare.id)).replace("Pakistan", word) },
      });

    // 1,500 × 400 bytes and the text: 7 of the 10 units. The same correction again cannot fit in the 3 left…
    await correct(annotated.slug, "Pakistan,");
    await expect(correct(annotated.slug, "Pakistan;")).rejects.toMatchObject({
      status: 429,
      message: expect.stringMatching(/a version counting its text and the places of the annotations it carries over\)\. Nothing was added/),
    });
    expect(await versions(annotated.id)).toBe(2);
    // …while the same correction of a reading without notes (its text alone, one unit) does.
    await correct(bare.slug, "Pakistan,");
    expect(await versions(bare.id)).toBe(2);
  });
});

describe("a new version of a reading with more annotations than one statement writes", () => {
  it("stores every annotation where re-anchoring places it, with its record on both versions, as it was before", async () => {
    const { owner, classmate, teacher } = await createUsers(["owner", "classmate", "teacher"], "version-many.example");
    const seminar = await createGroup(teacher, { members: { instructor: [teacher], member: [owner, classmate] } });
    const reading = await createReading(owner, "version-many");
    await insertBulkNotes({
      document: reading,
      threads: 1_200,
      authors: [owner, classmate],
      group: { id: seminar.id, instructor: teacher },
      prefix: "version-many",
    });
    const select = { id: true, exact: true, prefix: true, suffix: true, start: true, end: true, versionId: true, updatedAt: true } as const;
    const before = await db.annotation.findMany({ where: { documentId: reading.id, parentId: null }, orderBy: { id: "asc" }, select });
    const oldText = await latestText(reading.id);
    // A word changed near the start moves every passage after it; a paragraph cut orphans some; one
    // passage's wording changes, so its quote becomes the new wording and the old one is kept.
    const paragraphs = oldText.split("\n\n");
    const cut = paragraphs.findIndex((paragraph, index) => index > 3 && paragraph.length > 200);
    const newText = paragraphs
      .filter((_, index) => index !== cut)
      .join("\n\n")
      .replace("Pakistan", "Pakistan's")
      .replace(paragraphs[2].slice(40, 60), paragraphs[2].slice(40, 60).replace(/[a-z]{4,}/, "zebra"));

    const created = await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: newText } });

    const expected = reanchorTargets(
      oldText,
      newText,
      before.map((row) => ({ exact: row.exact!, prefix: row.prefix ?? "", suffix: row.suffix ?? "", start: row.start!, end: row.end! })),
    );
    const counts = { anchored: 0, relocated: 0, orphaned: 0 };
    for (const placement of expected) counts[placement.status] += 1;
    expect(created.anchoring).toEqual(counts);
    expect(counts.orphaned).toBeGreaterThan(0);
    expect(counts.relocated).toBeGreaterThan(500);

    const after = await db.annotation.findMany({
      where: { documentId: reading.id, parentId: null },
      orderBy: { id: "asc" },
      select: { ...select, anchorStatus: true, anchorScore: true, quoteWas: true },
    });
    const anchors = await db.annotationAnchor.findMany({ where: { annotation: { documentId: reading.id } } });
    const recordOn = new Map(anchors.map((anchor) => [`${anchor.annotationId} ${anchor.versionId}`, anchor]));
    let reworded = 0;
    for (const [index, row] of after.entries()) {
      const old = before[index];
      const placement = expected[index];
      // Re-anchoring is not an edit.
      expect(row.updatedAt).toEqual(old.updatedAt);
      expect(recordOn.get(`${row.id} ${old.versionId}`)).toMatchObject({ exact: old.exact, start: old.start, end: old.end });
      const record = recordOn.get(`${row.id} ${created.version.id}`);
      expect(record).toMatchObject({ status: placement.status, score: placement.score });
      if (placement.status === "orphaned") {
        expect(row).toMatchObject({
          anchorStatus: "orphaned",
          versionId: old.versionId,
          exact: old.exact,
          start: old.start,
          quoteWas: null,
        });
        expect(record).toMatchObject({ exact: null, start: null, end: null });
        continue;
      }
      const { quote, position } = describeTextRange(newText, placement.start, placement.end);
      const stored = { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: position.start, end: position.end };
      expect(row).toMatchObject({ ...stored, versionId: created.version.id, anchorStatus: placement.status, anchorScore: placement.score });
      expect(record).toMatchObject(stored);
      expect(row.quoteWas).toBe(quote.exact === old.exact ? null : old.exact);
      if (row.quoteWas !== null) reworded += 1;
    }
    expect(reworded).toBeGreaterThan(0);
    // A reworded quote is what a search of the notes now reads.
    const searched = await db.annotation.findMany({
      where: { documentId: reading.id, parentId: null, quoteWas: { not: null } },
      select: { exact: true, body: true, searchText: true, tags: { select: { name: true } } },
    });
    expect(searched).toHaveLength(reworded);
    for (const row of searched) {
      expect(row.searchText).toBe(
        storedSearchText(
          row.exact,
          row.body,
          row.tags.map((tag) => tag.name),
        ),
      );
    }
    expect(searched.some((row) => row.searchText!.includes("zebra"))).toBe(true);
  });
});

describe("a new version whose annotations the worker cannot place in time", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is refused (422) with nothing written; the worker is replaced and the next version is added", async () => {
    const { owner, teacher } = await createUsers(["owner", "teacher"], "version-placing-limit.example");
    const seminar = await createGroup(teacher, { members: { instructor: [teacher], member: [owner] } });
    const reading = await createReading(owner, "version-placing-limit");
    await insertBulkNotes({
      document: reading,
      threads: 1_200,
      authors: [owner],
      group: { id: seminar.id, instructor: teacher },
      prefix: "version-placing-limit",
    });
    const oldText = await latestText(reading.id);
    const select = { id: true, versionId: true, start: true, end: true, exact: true, anchorStatus: true } as const;
    const before = await db.annotation.findMany({ where: { documentId: reading.id }, orderBy: { id: "asc" }, select });
    const newText = oldText.replace("Pakistan", "Pakistan's");

    // Placing 1,200 annotations takes longer than a millisecond: the worker is stopped mid-way.
    vi.stubEnv("READING_PLACING_TIMEOUT_MS", "1");
    const refused = await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: newText } }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "UNPROCESSABLE" });
    expect((refused as AppError).message).toMatch(/^This version could not be added: .*\(it took over 1 ms\)\. Nothing was changed/);
    expect(await db.documentVersion.count({ where: { documentId: reading.id } })).toBe(1);
    expect(await db.annotation.findMany({ where: { documentId: reading.id }, orderBy: { id: "asc" }, select })).toEqual(before);
    expect(await db.annotationAnchor.count({ where: { annotation: { documentId: reading.id } } })).toBe(0);

    vi.unstubAllEnvs();
    const created = await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: newText } });
    expect(created.version.number).toBe(2);
    expect(created.anchoring.anchored + created.anchoring.relocated).toBeGreaterThan(1_000);
  });
});
