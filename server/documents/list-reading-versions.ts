import "server-only";
import type { ReadingVersionList } from "@/lib/documents/version-schemas";
import { loadDocumentFor } from "@/server/authz/documents";
import type { Viewer } from "@/server/authz/viewer-access";
import { db } from "@/server/db/client";

/** A reading's versions, newest first, for whoever may read it. */
export async function listReadingVersions(viewer: Viewer, slug: string): Promise<ReadingVersionList> {
  const { document } = await loadDocumentFor(viewer, slug, "read");
  const versions = await db.documentVersion.findMany({
    where: { documentId: document.id },
    orderBy: { number: "desc" },
    select: { id: true, number: true, createdAt: true, text: true },
  });
  return {
    items: versions.map((version, index) => ({
      id: version.id,
      number: version.number,
      createdAt: version.createdAt.toISOString(),
      isLatest: index === 0,
      length: version.text.length,
    })),
  };
}
