import "server-only";
import { createHash } from "node:crypto";
import type { ParsedArticle } from "@/lib/documents/parse-plain-text-article";
import type { Database } from "@/server/db/client";
import { reanchorOntoVersion } from "./reanchor-onto-version";

export type ImportResult = {
  documentId: string;
  versionNumber: number;
  isNewDocument: boolean;
  isNewVersion: boolean;
};

/**
 * Stores a parsed article as a document, idempotently: the same text again changes nothing,
 * changed text becomes a new version (every annotation re-anchored onto it, as for a reading's
 * owner adding one), changed metadata updates the document.
 */
export async function importDocument(db: Database, article: ParsedArticle): Promise<ImportResult> {
  const textHash = createHash("sha256").update(article.text).digest("hex");
  const metadata = {
    title: article.title,
    author: article.author,
    readingMinutes: article.readingMinutes,
  };

  return db.$transaction(async (tx) => {
    const existing = await tx.document.findUnique({
      where: { slug: article.slug },
      include: { versions: { orderBy: { number: "desc" }, take: 1 } },
    });

    if (!existing) {
      const created = await tx.document.create({
        data: {
          slug: article.slug,
          ...metadata,
          // The articles that ship with the app have no owner and are readable by everyone.
          visibility: "public",
          versions: { create: { number: 1, text: article.text, textHash } },
        },
      });
      return { documentId: created.id, versionNumber: 1, isNewDocument: true, isNewVersion: true };
    }

    const isMetadataChanged =
      existing.title !== metadata.title || existing.author !== metadata.author || existing.readingMinutes !== metadata.readingMinutes;
    if (isMetadataChanged) {
      await tx.document.update({ where: { id: existing.id }, data: metadata });
    }

    const latest = existing.versions[0];
    if (latest?.textHash === textHash) {
      return { documentId: existing.id, versionNumber: latest.number, isNewDocument: false, isNewVersion: false };
    }
    const number = (latest?.number ?? 0) + 1;
    const version = await tx.documentVersion.create({
      data: { documentId: existing.id, number, text: article.text, textHash },
      select: { id: true },
    });
    await reanchorOntoVersion(tx, existing.id, { id: version.id, text: article.text });
    return { documentId: existing.id, versionNumber: number, isNewDocument: false, isNewVersion: true };
  });
}
