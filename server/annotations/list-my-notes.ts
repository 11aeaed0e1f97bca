import "server-only";
import { toVersionStamps, VERSION_STAMPS_SELECT } from "@/server/documents/version-stamps";
import type { DocumentNotes } from "@/lib/exports/document-notes";
import { assertCanAnnotate, loadViewerAccess, ownThreadsWhere, readableAnnotationsWhere, type Viewer } from "@/server/authz/annotations";
import { canReadDocument, DOCUMENT_ACCESS_FIELDS, loadDocumentFor } from "@/server/authz/documents";
import type { ViewerAccess } from "@/server/authz/viewer-access";
import { db } from "@/server/db/client";
import type { Prisma } from "@/server/db/client";
import { assertExportSize } from "@/server/limits/export-size";
import { toAnnotationDto } from "./annotation-dto";
import { loadAnnotationRowsInOrder } from "./load-annotation-rows";

export type ListMyNotesOptions = { documentSlug?: string };

/**
 * The viewer's own notes, to take elsewhere: every thread they started, across all documents (or
 * one), with every reply in it they may read, whoever wrote it. Grouped by document (by title),
 * annotations in reading order, replies oldest first. A thread they deleted is kept while others'
 * replies remain, as it is on the page. Replies they wrote in other people's threads are not
 * theirs to export: those notes belong to the thread's author.
 */
export async function listMyNotes(viewer: Viewer, options: ListMyNotesOptions = {}): Promise<DocumentNotes[]> {
  assertCanAnnotate(viewer);
  return collectNotes(viewer, ownThreadsWhere, options.documentSlug);
}

/**
 * The threads `threadsWhere` lets the viewer see (across documents, or one), with the replies in
 * them the viewer may read, grouped by document. Shared by "my notes" (ownThreadsWhere) and an
 * instructor's group export; authorization stays in the authorization module's filters.
 */
export async function collectNotes(
  viewer: { id: string },
  threadsWhere: (access: ViewerAccess) => Prisma.AnnotationWhereInput,
  documentSlug?: string,
): Promise<DocumentNotes[]> {
  let documentId: string | undefined;
  if (documentSlug !== undefined) {
    // A reading the viewer may not read answers exactly like a missing one.
    documentId = (await loadDocumentFor(viewer, documentSlug, "read")).document.id;
  }

  // Across documents, so no one document scopes hide-until-post (and without one it fails closed):
  // the viewer's own threads are never hidden from them, staff see their groups' threads, and a
  // reply is readable when its thread is.
  const access = (await loadViewerAccess(viewer, { documentId: null }))!;
  const threadWhere: Prisma.AnnotationWhereInput = { AND: [threadsWhere(access), { parentId: null }, documentId ? { documentId } : {}] };
  // Counted before anything is read: the threads and the replies in them. Replies are asked by
  // relation (their thread matches the same filter) rather than by listing the threads' ids: a
  // reader with 10,000 threads would be 10,000 bind parameters.
  const replyWhere: Prisma.AnnotationWhereInput = {
    AND: [readableAnnotationsWhere(access), { parent: threadWhere, deletedAt: null }],
  };
  const [threadCount, replyCount] = await Promise.all([
    db.annotation.count({ where: threadWhere }),
    db.annotation.count({ where: replyWhere }),
  ]);
  assertExportSize(
    threadCount + replyCount,
    documentSlug === undefined ? "Export one document at a time." : "Ask the operator to raise EXPORT_MAX_ANNOTATIONS.",
  );
  // Their ids in order by the authorization module's filter, then their rows by the raw loader:
  // Prisma's nine relations over thousands of rows were most of "My notes"' time.
  const idsOf = async (where: Prisma.AnnotationWhereInput, orderBy: Prisma.AnnotationOrderByWithRelationInput[]) =>
    (await db.annotation.findMany({ where, select: { id: true }, orderBy })).map((row) => row.id);
  const threadRows = await loadAnnotationRowsInOrder(await idsOf(threadWhere, [{ start: "asc" }, { createdAt: "asc" }, { id: "asc" }]));
  const replyRows = await loadAnnotationRowsInOrder(await idsOf(replyWhere, [{ createdAt: "asc" }, { id: "asc" }]));

  // The documents those threads are on, by relation too; one whose only threads are dropped
  // below (deleted without replies) is left out. A note on one no longer open to the viewer shows
  // only the words they chose (toAnnotationDto).
  const documents = await db.document.findMany({
    where: { annotations: { some: threadWhere } },
    select: { ...DOCUMENT_ACCESS_FIELDS, slug: true, title: true, author: true, ...VERSION_STAMPS_SELECT },
    orderBy: [{ title: "asc" }, { slug: "asc" }],
  });
  const openDocumentIds = new Set(documents.filter((document) => canReadDocument(access, document)).map((document) => document.id));

  const replies = replyRows.map((row) => toAnnotationDto(row, access));
  const threadsWithReplies = new Set(replies.map((reply) => reply.parentId));
  const threads = threadRows
    .map((row) => toAnnotationDto(row, access, { isReadingOpen: openDocumentIds.has(row.documentId) }))
    .filter((thread) => !thread.isDeleted || threadsWithReplies.has(thread.id));

  const documentsWithThreads = new Set(threads.map((thread) => thread.documentId));
  return documents
    .filter((document) => documentsWithThreads.has(document.id))
    .map((document) => {
      const annotations = threads.filter((thread) => thread.documentId === document.id);
      const threadIds = new Set(annotations.map((thread) => thread.id));
      return {
        document: {
          slug: document.slug,
          title: document.title,
          author: document.author,
          isOpen: openDocumentIds.has(document.id),
          versions: toVersionStamps(document.versions),
        },
        annotations,
        replies: replies.filter((reply) => threadIds.has(reply.parentId!)),
      };
    });
}
