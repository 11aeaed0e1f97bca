import "server-only";
import type { Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";

/**
 * How many of my notifications I have not read yet (0 when signed out). Pages count with
 * countUnreadNotificationsNow (server/assignments/assignment-notifications.ts), which first writes
 * the assignment reminders that have come due.
 */
export async function countUnreadNotifications(viewer: Viewer): Promise<number> {
  if (!viewer) return 0;
  return db.notification.count({ where: { userId: viewer.id, readAt: null } });
}
