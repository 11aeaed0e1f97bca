import "server-only";
import { isReadingVisibility } from "@/lib/documents/reading-visibility";
import type { ReadingDetails } from "@/lib/documents/schemas";
import { loadDocumentFor, readingPermissions } from "@/server/authz/documents";
import type { Viewer } from "@/server/authz/viewer-access";
import { db } from "@/server/db/client";
import { countNotesOnDelete } from "./count-notes-on-delete";
import { AppError } from "@/lib/errors";
import { readTextStructure } from "@/lib/documents/structure";

const VERSION_FIELDS = { id: true, number: true, text: true, structure: true } as const;
type StoredVersion = { id: string; number: number; text: string; structure: string | null };

const DETAILS_FIELDS = {
  title: true,
  author: true,
  language: true,
  readingMinutes: true,
  sourceUrl: true,
  publishedAt: true,
  updatedAt: true,
  group: { select: { id: true, name: true } },
  versions: { orderBy: { number: "desc" }, take: 1, select: VERSION_FIELDS },
} as const;

/** The version asked for (404 when there is no such number), or the latest, with its structure read back. */
export async function readingVersion(documentId: string, latest: StoredVersion, number?: number) {
  const version =
    number === undefined || number === latest.number
      ? latest
      : await db.documentVersion.findUnique({ where: { documentId_number: { documentId, number } }, select: VERSION_FIELDS });
  if (!version) throw new AppError("NOT_FOUND", `This reading has no version ${number}: it has ${latest.number}.`);
  return { ...version, structure: readTextStructure(version.structure, version.text) };
}

/** A reading's metadata and its current version or `versionNumber`, for whoever may read it (404 otherwise, like a missing one). */
export async function getReading(viewer: Viewer, slug: string, versionNumber?: number): Promise<ReadingDetails> {
  const { access, document } = await loadDocumentFor(viewer, slug, "read", DETAILS_FIELDS);
  const permissions = readingPermissions(access, document);
  const { annotationCount, replyCount, keptAnnotationCount } =
    permissions.delete && access
      ? await countNotesOnDelete(document.id, access.id)
      : { annotationCount: null, replyCount: null, keptAnnotationCount: null };
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
    replyCount,
    keptAnnotationCount,
    permissions,
    version: await readingVersion(document.id, document.versions[0], versionNumber),
    latestVersionNumber: document.versions[0].number,
    sourceUrl: document.sourceUrl,
    publishedAt: document.publishedAt?.toISOString() ?? null,
    updatedAt: document.updatedAt.toISOString(),
  };
}
