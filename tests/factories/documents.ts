// Documents for server-side tests: the seed article, imported under a slug of the test's own.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parsePlainTextArticle, type ParsedArticle } from "@/lib/documents/parse-plain-text-article";
import { db } from "@/server/db/client";
import { importDocument } from "@/server/documents/import-document";

export const article = parsePlainTextArticle(readFileSync(path.resolve(__dirname, "../../content/taliban-ttp-and-pakistan.txt"), "utf8"));

/** Imports `source` (the seed article by default) as `slug` and returns the document's id and slug. */
export async function createDocument(
  slug: string,
  source: ParsedArticle = article,
  fields: { title?: string } = {},
): Promise<{ id: string; slug: string }> {
  await importDocument(db, { ...source, ...fields, slug });
  return db.document.findUniqueOrThrow({ where: { slug }, select: { id: true, slug: true } });
}

/**
 * A reading someone added: the seed article's text under `slug`, owned by `owner` and shared as
 * given (private unless said otherwise), written straight to the database.
 */
export async function createReading(
  owner: { id: string },
  slug: string,
  sharing: { visibility?: "private" | "group" | "public"; groupId?: string | null } = {},
): Promise<{ id: string; slug: string }> {
  const document = await createDocument(slug);
  await db.document.update({
    where: { id: document.id },
    data: { ownerId: owner.id, visibility: sharing.visibility ?? "private", groupId: sharing.groupId ?? null },
  });
  return document;
}
