import "server-only";
import type { TDeleteAnnotationQuery } from "@/lib/annotations/schemas";
import { AppError } from "@/lib/errors";
import { loadAnnotationFor, type Viewer } from "@/server/authz/annotations";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import { BEFORE_FIELDS } from "@/server/outbox/record-annotation-event";
import { saveForUndo } from "./undo-delete";

export type DeleteResult = { id: string; isKeptForReplies: boolean };

/**
 * Deletes an annotation or a reply. An annotation that others have replied to is emptied rather
 * than removed (body and tags gone, marked deleted, no longer painted), so its thread still reads.
 * Either way the live event, with who could read it before, commits with the change, and what
 * "Undo" needs to put it all back is saved for a short while (./undo-delete.ts). A delete queued
 * offline (`ifUnmodifiedSince`) of one changed since on another device deletes nothing (409): the
 * newer words are not thrown away unseen.
 */
export async function deleteAnnotation(
  viewer: Viewer,
  id: string,
  { ifUnmodifiedSince }: TDeleteAnnotationQuery = {},
): Promise<DeleteResult> {
  const { access, annotation } = await loadAnnotationFor(viewer, id, "delete");
  const isKeptForReplies = await mutateAnnotations({ actorId: access.id }, async (tx, record) => {
    if (ifUnmodifiedSince) {
      const { updatedAt } = await tx.annotation.findUniqueOrThrow({ where: { id }, select: { updatedAt: true } });
      if (updatedAt.getTime() > Date.parse(ifUnmodifiedSince))
        throw new AppError("CONFLICT", "This annotation was changed elsewhere since this delete was made.");
    }
    await saveForUndo(tx, id);
    const replyCount = await tx.annotation.count({ where: { parentId: id, deletedAt: null } });
    if (replyCount === 0) {
      await tx.annotation.delete({ where: { id } });
    } else {
      await tx.annotationTag.deleteMany({ where: { annotationId: id } });
      await tx.annotation.update({ where: { id }, data: { deletedAt: new Date(), body: "" } });
    }
    record({ documentId: annotation.documentId, annotationId: id, change: "deleted", before: annotation });
    // The last reply under a note deleted for its replies: the note was kept only for them, and goes
    // with it (a placeholder for nothing was listed, counted and served on).
    if (annotation.parentId !== null) {
      const threadId = annotation.parentId;
      const thread = await tx.annotation.findUnique({ where: { id: threadId }, select: BEFORE_FIELDS });
      if (thread?.deletedAt && (await tx.annotation.count({ where: { parentId: threadId } })) === 0) {
        await tx.annotation.delete({ where: { id: threadId } });
        record({ documentId: annotation.documentId, annotationId: threadId, change: "deleted", before: thread });
      }
    }
    return replyCount > 0;
  });
  return { id, isKeptForReplies };
}
