// Seeds the content that ships with Marginalia: every plain-text article under content/.
// Idempotent: running it again changes nothing (see importDocument).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { db } from "@/server/db/client";
import { importDocument } from "@/server/documents/import-document";

export const CONTENT_DIR = path.join(process.cwd(), "content");

async function main() {
  const files = (await readdir(CONTENT_DIR)).filter((file) => file.endsWith(".txt")).sort();
  for (const file of files) {
    const article = parsePlainTextArticle(await readFile(path.join(CONTENT_DIR, file), "utf8"));
    const result = await importDocument(db, article);
    const change = result.isNewDocument ? "added" : result.isNewVersion ? `version ${result.versionNumber}` : "unchanged";
    console.log(`seed: ${article.slug} (${change})`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
