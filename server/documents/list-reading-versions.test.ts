import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createReading, createUser, type TestUser } from "@/tests/factories";
import { listReadingVersionEntries, listReadingVersions } from "./list-reading-versions";

let owner: TestUser;
let slug: string;
// Versions 2…11 after the seed text of version 1: one with astral characters (two UTF-16 units each).
const TEXTS = Array.from({ length: 10 }, (_, index) =>
  index === 4 ? "😀 𝒜 both astral" : `Version ${index + 2}: ${"words ".repeat(index * 100)}`,
);

beforeAll(async () => {
  owner = await createUser({ name: "Versions lister" });
  const reading = await createReading(owner, "list-reading-versions");
  slug = reading.slug;
  for (const [index, text] of TEXTS.entries()) {
    await db.documentVersion.create({ data: { documentId: reading.id, number: index + 2, text, textHash: `hash-${index}` } });
  }
});
afterAll(() => db.$disconnect());

describe("a reading's versions", () => {
  it("for the page: newest first, the latest marked, without their texts", async () => {
    const entries = await listReadingVersionEntries(owner, slug);
    expect(entries.map((entry) => entry.number)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(entries.map((entry) => entry.isLatest)).toEqual([true, ...Array(10).fill(false)]);
    expect(Object.keys(entries[0]).sort()).toEqual(["createdAt", "id", "isLatest", "number"]);
  });

  it("for the API: the same, each with its text's length as JavaScript counts it, read a few texts at a time", async () => {
    const { items } = await listReadingVersions(owner, slug);
    const stored = await db.documentVersion.findMany({ where: { document: { slug } }, select: { id: true, text: true } });
    const lengthOf = new Map(stored.map((version) => [version.id, version.text.length]));
    expect(items).toHaveLength(11);
    for (const item of items) expect(item.length).toBe(lengthOf.get(item.id));
    expect(items.find((item) => item.number === 6)!.length).toBe("😀 𝒜 both astral".length); // 16: astral characters count two
    expect(items.map(({ id, number, createdAt, isLatest }) => ({ id, number, createdAt, isLatest }))).toEqual(
      await listReadingVersionEntries(owner, slug),
    );
  });

  it("answers a reader who may not read it as for a missing reading", async () => {
    const stranger = await createUser({ name: "Not a reader" });
    await expect(listReadingVersionEntries(stranger, slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listReadingVersions(stranger, slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
