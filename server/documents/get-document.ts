import "server-only";
import type { ReadableDocument } from "@/lib/documents/types";
import { db } from "@/server/db/client";

/** A document with its current (highest-numbered) version, or null. */
export async function getDocumentBySlug(slug: string): Promise<ReadableDocument | null> {
  const document = await db.document.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      author: true,
      readingMinutes: true,
      versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true, text: true } },
    },
  });
  const version = document?.versions[0];
  if (!document || !version) return null;
  const { versions: _versions, ...metadata } = document;
  return { ...metadata, version };
}
