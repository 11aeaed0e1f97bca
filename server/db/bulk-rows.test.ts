import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createDocument, createUsers } from "@/tests/factories";
import { insertRows, updateRowsById } from "./bulk-rows";

/**
 * Rows written by JSON through the database's own JSON table function (SQLite's json_each,
 * PostgreSQL's jsonb_array_elements), several statements' worth, read back through the client:
 * each row must get its own values, of the column's type, whatever characters a text holds.
 */
const AWKWARD_TEXTS = [
  'a "quoted" \\ backslash',
  "line one\nline two\ttab\r\n",
  "ünïcode — ✓ 日本語 🧑🏽‍🏫 e\u0301",
  '\'; DROP TABLE "Annotation"; --',
  '[1, 2] {"json": true} null',
  "",
  "x".repeat(50_000),
];

async function annotatedDocument(slug: string, count: number) {
  const { author } = await createUsers(["author"], `${slug}.example`);
  const document = await createDocument(slug);
  const version = await db.documentVersion.findFirstOrThrow({ where: { documentId: document.id }, select: { id: true } });
  const ids = Array.from({ length: count }, (_, i) => `${slug}-${String(i).padStart(5, "0")}`);
  const updatedAt = new Date(Date.UTC(2026, 0, 1, 12, 0, 0, 123));
  await db.annotation.createMany({
    data: ids.map((id, i) => ({
      id,
      documentId: document.id,
      versionId: version.id,
      authorId: author.id,
      exact: "before",
      prefix: "p",
      suffix: "s",
      start: i,
      end: i + 6,
      quoteWas: "was",
      updatedAt,
    })),
  });
  return { document, version, ids, updatedAt };
}

describe("rows written in bulk, on the real database", () => {
  it("updates each row by its id to its own values, in several statements, leaving updatedAt and other rows alone", async () => {
    const { document, ids, updatedAt } = await annotatedDocument("bulk-update", 1_234);
    const untouched = ids.slice(1_200);
    const rows = ids.slice(0, 1_200).map((id, i) => ({
      id,
      exact: AWKWARD_TEXTS[i % AWKWARD_TEXTS.length],
      prefix: i % 5 === 0 ? null : `prefix ${i}`,
      start: 100_000 + i * 3,
      end: i % 9 === 0 ? null : 2_000_000_000 - i,
      anchorScore: i % 2 === 0 ? 1 : 0.1 + i / 3,
      anchorStatus: i % 3 === 0 ? "relocated" : "anchored",
    }));
    await db.$transaction((tx) =>
      updateRowsById(tx, "Annotation", ["exact", "prefix", "start", "end", "anchorScore", "anchorStatus"], rows),
    );

    const stored = await db.annotation.findMany({
      where: { documentId: document.id },
      orderBy: { id: "asc" },
      select: {
        id: true,
        exact: true,
        prefix: true,
        suffix: true,
        start: true,
        end: true,
        anchorScore: true,
        anchorStatus: true,
        quoteWas: true,
        updatedAt: true,
      },
    });
    expect(stored).toHaveLength(1_234);
    for (const [i, row] of rows.entries()) {
      expect(stored[i]).toEqual({ ...row, suffix: "s", quoteWas: "was", updatedAt });
    }
    for (const [i, id] of untouched.entries()) {
      expect(stored[1_200 + i]).toMatchObject({ id, exact: "before", prefix: "p", start: 1_200 + i, anchorScore: 1, updatedAt });
    }
  });

  it("matches nothing for ids that are not there, and does nothing for no rows", async () => {
    const { document } = await annotatedDocument("bulk-update-gone", 2);
    await db.$transaction(async (tx) => {
      await updateRowsById(tx, "Annotation", ["exact"], [{ id: "no-such-annotation", exact: "changed" }]);
      await updateRowsById(tx, "Annotation", ["exact"], []);
    });
    const exacts = await db.annotation.findMany({ where: { documentId: document.id }, select: { exact: true } });
    expect(exacts.map((row) => row.exact)).toEqual(["before", "before"]);
  });

  it("inserts every row with its own values and the given createdAt, read back as the client wrote it", async () => {
    const { ids, document } = await annotatedDocument("bulk-insert", 1_100);
    const version = await db.documentVersion.create({
      data: { documentId: document.id, number: 2, text: "new text", textHash: "bulk-insert-2" },
      select: { id: true },
    });
    const now = new Date(Date.UTC(2026, 11, 7, 8, 9, 10, 7));
    const rows = ids.map((annotationId, i) => ({
      annotationId,
      versionId: version.id,
      status: i % 4 === 0 ? "orphaned" : "anchored",
      score: i / 7,
      exact: i % 4 === 0 ? null : AWKWARD_TEXTS[i % AWKWARD_TEXTS.length],
      prefix: null,
      suffix: `after ${i}`,
      start: i % 4 === 0 ? null : i,
      end: i % 4 === 0 ? null : i + 1,
    }));
    await db.$transaction((tx) =>
      insertRows(
        tx,
        "AnnotationAnchor",
        ["annotationId", "versionId", "status", "score", "exact", "prefix", "suffix", "start", "end"],
        rows,
        now,
      ),
    );
    // A row the client writes beside them, a millisecond later, sorts after them.
    await db.annotationAnchor.create({
      data: {
        annotationId: ids[0],
        versionId: (await db.documentVersion.findFirstOrThrow({ where: { documentId: document.id, number: 1 } })).id,
        status: "anchored",
        score: 1,
        createdAt: new Date(now.getTime() + 1),
      },
    });

    const stored = await db.annotationAnchor.findMany({ where: { versionId: version.id }, orderBy: { annotationId: "asc" } });
    expect(stored).toEqual(rows.map((row) => ({ ...row, createdAt: now })));
    const newest = await db.annotationAnchor.findFirstOrThrow({ where: { annotationId: ids[0] }, orderBy: { createdAt: "desc" } });
    expect(newest.versionId).not.toBe(version.id);
    expect(await db.annotationAnchor.count({ where: { annotationId: { in: ids.slice(0, 3) }, createdAt: { gte: now } } })).toBe(4);
  });
});
