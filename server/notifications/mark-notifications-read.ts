import "server-only";
import { AppError } from "@/lib/errors";
import type { TMarkNotificationsReadSchema } from "@/lib/notifications/schemas";
import type { Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { countUnreadNotifications } from "./count-unread-notifications";

/**
 * Marks some or all of my notifications read (all: those created up to `upTo`, when given); others'
 * ids are ignored. Answers the unread count left.
 */
export async function markNotificationsRead(viewer: Viewer, input: TMarkNotificationsReadSchema): Promise<{ unreadCount: number }> {
  if (!viewer) throw new AppError("UNAUTHENTICATED", "Sign in to see your notifications.");
  await db.notification.updateMany({
    where: {
      userId: viewer.id,
      readAt: null,
      ...("ids" in input ? { id: { in: input.ids } } : input.upTo && { createdAt: { lte: new Date(input.upTo) } }),
    },
    data: { readAt: new Date() },
  });
  return { unreadCount: await countUnreadNotifications(viewer) };
}
