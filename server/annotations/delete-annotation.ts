import "server-only";
import { ACCESS_FIELDS, assertCan, loadViewerAccess, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";

export type DeleteResult = { id: string; isKeptForReplies: boolean };

/**
 * Deletes an annotation or a reply. An annotation that others have replied to is emptied rather
 * than removed (body and tags gone, marked deleted, no longer painted), so its thread still reads.
 */
export async function deleteAnnotation(viewer: Viewer, id: string): Promise<DeleteResult> {
  const existing = await db.annotation.findUnique({ where: { id }, select: ACCESS_FIELDS });
  assertCan(await loadViewerAccess(viewer), "delete", existing);
  const replyCount = await db.annotation.count({ where: { parentId: id, deletedAt: null } });
  if (replyCount === 0) {
    await db.annotation.delete({ where: { id } });
    return { id, isKeptForReplies: false };
  }
  await db.$transaction([
    db.annotationTag.deleteMany({ where: { annotationId: id } }),
    db.annotation.update({ where: { id }, data: { deletedAt: new Date(), body: "" } }),
  ]);
  return { id, isKeptForReplies: true };
}
