import "server-only";
import { db } from "@/server/db/client";

export type DocumentSummary = {
  slug: string;
  title: string;
  author: string | null;
  readingMinutes: number;
};

/** The library: every document, newest first. Reading needs no account. */
export async function listDocuments(): Promise<DocumentSummary[]> {
  return db.document.findMany({
    select: { slug: true, title: true, author: true, readingMinutes: true },
    orderBy: [{ createdAt: "desc" }, { title: "asc" }],
  });
}
