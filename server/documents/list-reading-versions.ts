import "server-only";
import type { ReadingVersionList } from "@/lib/documents/version-schemas";
import { loadDocumentFor } from "@/server/authz/documents";
import type { Viewer } from "@/server/authz/viewer-access";
import { db } from "@/server/db/client";

/** A reading's version as the version picker lists it. */
export type VersionEntry = { id: string; number: number; createdAt: string; isLatest: boolean };

/**
 * A reading's versions, newest first, for whoever may read it: what the reading page's picker
 * needs, without their texts. Every page load asks it; it used to read every version's whole text
 * for a length the page never shows (a book of 3 MB with 20 versions: 60 MB read at each load).
 */
export async function listReadingVersionEntries(viewer: Viewer, slug: string): Promise<VersionEntry[]> {
  const { document } = await loadDocumentFor(viewer, slug, "read");
  const versions = await db.documentVersion.findMany({
    where: { documentId: document.id },
    orderBy: { number: "desc" },
    select: { id: true, number: true, createdAt: true },
  });
  return versions.map((version, index) => ({
    id: version.id,
    number: version.number,
    createdAt: version.createdAt.toISOString(),
    isLatest: index === 0,
  }));
}

/** Versions whose texts are read at once to measure them: a few books' worth at most. */
const TEXTS_AT_ONCE = 8;

/**
 * GET /api/documents/{slug}/versions: the same, each with its `length` (characters of canonical
 * text, as JavaScript counts them, which no SQL function of both databases does), the texts read a
 * few at a time so a reading with many long versions is never held whole in memory.
 */
export async function listReadingVersions(viewer: Viewer, slug: string): Promise<ReadingVersionList> {
  const entries = await listReadingVersionEntries(viewer, slug);
  const lengths = new Map<string, number>();
  for (let from = 0; from < entries.length; from += TEXTS_AT_ONCE) {
    const ids = entries.slice(from, from + TEXTS_AT_ONCE).map((entry) => entry.id);
    for (const version of await db.documentVersion.findMany({ where: { id: { in: ids } }, select: { id: true, text: true } })) {
      lengths.set(version.id, version.text.length);
    }
  }
  return { items: entries.map((entry) => ({ ...entry, length: lengths.get(entry.id)! })) };
}
