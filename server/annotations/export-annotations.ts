import "server-only";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { DocumentNotes } from "@/lib/exports/document-notes";
import { toVersionStamps, VERSION_STAMPS_SELECT } from "@/server/documents/version-stamps";
import { assertCanAnnotate, readableAnnotationsWhere, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { assertExportSize } from "@/server/limits/export-size";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";
import { loadDocumentFor } from "@/server/authz/documents";

export type AnnotationExport = {
  document: DocumentNotes["document"];
  /** Top-level annotations in document order, each followed by nothing: replies are in `replies`. */
  annotations: AnnotationDto[];
  replies: AnnotationDto[];
};

/**
 * Everything on a document the viewer may read — or only their own with `onlyMine` — for taking
 * notes elsewhere. The same readability filter as the sidebar and the API.
 */
export async function exportAnnotations(viewer: Viewer, slug: string, options: { onlyMine: boolean }): Promise<AnnotationExport> {
  assertCanAnnotate(viewer);
  const { access, document } = await loadDocumentFor(viewer, slug, "annotate", { title: true, author: true, ...VERSION_STAMPS_SELECT });
  const where = { AND: [readableAnnotationsWhere(access), { documentId: document.id }, options.onlyMine ? { authorId: viewer.id } : {}] };
  const narrower = options.onlyMine ? "Ask the operator to raise EXPORT_MAX_ANNOTATIONS." : "Export only your own annotations (mine=1).";
  assertExportSize(await db.annotation.count({ where }), narrower);
  const rows = await db.annotation.findMany({
    where,
    select: ANNOTATION_SELECT,
    orderBy: [{ start: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const all = rows.map((row) => toAnnotationDto(row, access));
  return {
    document: { slug: document.slug, title: document.title, author: document.author, versions: toVersionStamps(document.versions) },
    annotations: all.filter((annotation) => annotation.parentId === null),
    replies: all.filter((annotation) => annotation.parentId !== null && !annotation.isDeleted),
  };
}
