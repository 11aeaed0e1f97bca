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
