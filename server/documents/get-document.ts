import "server-only";
import { readTextStructure } from "@/lib/documents/structure";
import type { ReadableDocument } from "@/lib/documents/types";
import { canReadDocument, DOCUMENT_ACCESS_FIELDS, readingPermissions } from "@/server/authz/documents";
import { loadViewerAccess, type Viewer } from "@/server/authz/viewer-access";
import { db } from "@/server/db/client";

/** A document with its current (highest-numbered) version, or null when it is missing or the viewer may not read it. */
export async function getDocumentBySlug(viewer: Viewer, slug: string): Promise<ReadableDocument | null> {
  const document = await db.document.findUnique({
    where: { slug },
    select: {
      ...DOCUMENT_ACCESS_FIELDS,
      slug: true,
      title: true,
      author: true,
      language: true,
      readingMinutes: true,
      versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true, text: true, structure: true } },
    },
  });
  const version = document?.versions[0];
  if (!document || !version) return null;
  const access = await loadViewerAccess(viewer, { documentId: document.id });
  if (!canReadDocument(access, document)) return null;
  return {
    id: document.id,
    slug: document.slug,
    title: document.title,
    author: document.author,
    language: document.language,
    readingMinutes: document.readingMinutes,
    version: { ...version, structure: readTextStructure(version.structure, version.text) },
    permissions: readingPermissions(access, document),
  };
}
