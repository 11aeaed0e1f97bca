import "server-only";
import type { TFlagAnnotationSchema } from "@/lib/moderation/schemas";
import { loadAnnotationFor, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { assertWriteAllowed } from "@/server/limits/write-rate";
import { notifyFlag } from "@/server/notifications/notify-flag";

/**
 * A member reports an annotation of their group to its instructors. One flag per person and
 * annotation: flagging again replaces the reason and reopens a flag an instructor had dealt with.
 */
export async function flagAnnotation(viewer: Viewer, id: string, input: TFlagAnnotationSchema) {
  const { access, annotation } = await loadAnnotationFor(viewer, id, "flag");
  // A flag notifies every instructor of the group: counted like any other write.
  await assertWriteAllowed(access.id);
  const flag = await db.flag.upsert({
    where: { annotationId_userId: { annotationId: annotation.id, userId: access.id } },
    create: { annotationId: annotation.id, userId: access.id, reason: input.reason },
    update: { reason: input.reason, resolvedAt: null },
    select: { id: true, reason: true, createdAt: true },
  });
  await notifyFlag(annotation.id, access.id);
  return { id: flag.id, annotationId: annotation.id, reason: flag.reason, createdAt: flag.createdAt.toISOString() };
}
