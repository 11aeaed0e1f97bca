import "server-only";
import { ACCESS_FIELDS, assertCan, loadViewerAccess, type AnnotationAction, type Viewer, type ViewerAccess } from "@/server/authz/annotations";
import { db } from "@/server/db/client";

const MODERATION_FIELDS = { ...ACCESS_FIELDS, documentId: true } as const;

/**
 * The annotation an action is about, once the authorization module has allowed it: 401 for
 * anonymous viewers, 404 for what the viewer cannot read, 403 for what they may read but not do.
 */
export async function loadAnnotationFor(viewer: Viewer, id: string, action: AnnotationAction) {
  const annotation = await db.annotation.findUnique({ where: { id }, select: MODERATION_FIELDS });
  const access = await loadViewerAccess(viewer, { documentId: annotation?.documentId });
  assertCan(access, action, annotation);
  return { access: access as ViewerAccess, annotation: annotation! };
}
