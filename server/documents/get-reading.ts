import "server-only";
import { isReadingVisibility } from "@/lib/documents/reading-visibility";
import type { ReadingDetails } from "@/lib/documents/schemas";
import { loadDocumentFor, readingPermissions } from "@/server/authz/documents";
import type { Viewer } from "@/server/authz/viewer-access";
import { db } from "@/server/db/client";

const DETAILS_FIELDS = {
  title: true,
  author: true,
  language: true,
  readingMinutes: true,
  sourceUrl: true,
  publishedAt: true,
  group: { select: { id: true, name: true } },
  versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true, text: true } },
} as const;

/** A reading's metadata and current version, for whoever may read it (404 otherwise, like a missing one). */
export async function getReading(viewer: Viewer, slug: string): Promise<ReadingDetails> {
  const { access, document } = await loadDocumentFor(viewer, slug, "read", DETAILS_FIELDS);
  const permissions = readingPermissions(access, document);
  const annotationCount = permissions.delete ? await db.annotation.count({ where: { documentId: document.id } }) : null;
  return {
    id: document.id,
    slug: document.slug,
    title: document.title,
    author: document.author,
    language: document.language,
    readingMinutes: document.readingMinutes,
    visibility: isReadingVisibility(document.visibility) ? document.visibility : "private",
    group: document.group,
    isMine: permissions.update,
    annotationCount,
    permissions,
    version: document.versions[0],
    sourceUrl: document.sourceUrl,
    publishedAt: document.publishedAt?.toISOString() ?? null,
  };
}
