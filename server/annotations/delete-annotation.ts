import "server-only";
import { ACCESS_FIELDS, assertCan, loadViewerAccess, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { announce } from "@/server/live/bus";
import { recordAnnotationEvent } from "@/server/live/record-annotation-event";

export type DeleteResult = { id: string; isKeptForReplies: boolean };

/**
 * Deletes an annotation or a reply. An annotation that others have replied to is emptied rather
 * than removed (body and tags gone, marked deleted, no longer painted), so its thread still reads.
 * Either way the live event, with who could read it before, commits with the change.
 */
export async function deleteAnnotation(viewer: Viewer, id: string): Promise<DeleteResult> {
  const existing = await db.annotation.findUnique({ where: { id }, select: { ...ACCESS_FIELDS, documentId: true } });
  const access = await loadViewerAccess(viewer);
  assertCan(access, "delete", existing);
  const event = { documentId: existing!.documentId, annotationId: id, kind: "deleted" as const, actorId: access!.id, before: existing };
  const isKeptForReplies = await db.$transaction(async (tx) => {
    const replyCount = await tx.annotation.count({ where: { parentId: id, deletedAt: null } });
    if (replyCount === 0) {
      await tx.annotation.delete({ where: { id } });
    } else {
      await tx.annotationTag.deleteMany({ where: { annotationId: id } });
      await tx.annotation.update({ where: { id }, data: { deletedAt: new Date(), body: "" } });
    }
    await recordAnnotationEvent(tx, event);
    return replyCount > 0;
  });
  await announce({ documentId: event.documentId });
  return { id, isKeptForReplies };
}
