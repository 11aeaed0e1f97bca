import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { db } from "@/server/db/client";
import { importDocument } from "./import-document";

const seedArticle = parsePlainTextArticle(readFileSync(path.resolve(__dirname, "../../content/taliban-ttp-and-pakistan.txt"), "utf8"));

async function snapshot() {
  return {
    documents: await db.document.findMany({ orderBy: { slug: "asc" } }),
    versions: await db.documentVersion.findMany({ orderBy: [{ documentId: "asc" }, { number: "asc" }] }),
  };
}

afterAll(() => db.$disconnect());

describe("importDocument", () => {
  it("stores the seed article as a document with one version holding the canonical text", async () => {
    const result = await importDocument(db, seedArticle);
    expect(result).toMatchObject({ isNewDocument: true, isNewVersion: true, versionNumber: 1 });

    const stored = await db.document.findUniqueOrThrow({ where: { slug: seedArticle.slug }, include: { versions: true } });
    expect(stored).toMatchObject({ title: seedArticle.title, author: "Arslan Ghazi", readingMinutes: 7 });
    expect(stored.versions).toHaveLength(1);
    expect(stored.versions[0].text).toBe(seedArticle.paragraphs.join("\n\n"));
  });

  it("changes nothing when the same article is imported again", async () => {
    const before = await snapshot();
    const result = await importDocument(db, seedArticle);
    expect(result).toMatchObject({ isNewDocument: false, isNewVersion: false, versionNumber: 1 });
    expect(await snapshot()).toEqual(before);
  });

  it("adds a version when the text changes, keeping the old one for its annotations", async () => {
    const revised = { ...seedArticle, paragraphs: [...seedArticle.paragraphs, "A new closing note."] };
    revised.text = revised.paragraphs.join("\n\n");
    const result = await importDocument(db, revised);
    expect(result).toMatchObject({ isNewDocument: false, isNewVersion: true, versionNumber: 2 });
    const versions = await db.documentVersion.findMany({ where: { documentId: result.documentId }, orderBy: { number: "asc" } });
    expect(versions.map((version) => version.number)).toEqual([1, 2]);
    expect(versions[0].text).toBe(seedArticle.text);
  });
});
