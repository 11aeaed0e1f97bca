import "server-only";
import type { AnnotationNotificationKind } from "@/lib/notifications/schemas";
import { ACCESS_FIELDS_WITH_READING, canOnReading, loadViewerAccess } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";

/**
 * Notifies each recipient about an annotation, except the actor themselves and anyone who cannot
 * read the annotation (asked of the authorization module, on that document, as of now: the
 * reading included, so a mention in a group that not all can read it from tells only those who can). One unread
 * notification per recipient, annotation and actor: a reply that also @mentions the thread's author
 * notifies them once.
 */
export async function createNotifications(
  kind: AnnotationNotificationKind,
  annotationId: string,
  actorId: string,
  recipientIds: readonly string[],
): Promise<number> {
  const candidates = [...new Set(recipientIds)].filter((id) => id !== actorId);
  if (candidates.length === 0) return 0;
  const annotation = await db.annotation.findUnique({
    where: { id: annotationId },
    select: { ...ACCESS_FIELDS_WITH_READING, documentId: true },
  });
  if (!annotation) return 0;

  const readers: string[] = [];
  for (const userId of candidates) {
    const access = await loadViewerAccess({ id: userId }, { documentId: annotation.documentId });
    if (canOnReading(access, "read", annotation)) readers.push(userId);
  }
  // Readers are a group's members at most (mentions, staff), but a group has no size limit.
  const alreadyNotified = await inChunks(readers, (userIds) =>
    db.notification.findMany({ where: { annotationId, actorId, readAt: null, userId: { in: userIds } }, select: { userId: true } }),
  );
  const skip = new Set(alreadyNotified.map((row) => row.userId));
  const data = readers.filter((userId) => !skip.has(userId)).map((userId) => ({ userId, kind, annotationId, actorId }));
  if (data.length === 0) return 0;
  return (await db.notification.createMany({ data })).count;
}
