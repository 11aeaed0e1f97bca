import "server-only";
import type { Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { syncAssignmentNotifications } from "./assignment-notifications";

/**
 * How many of my notifications I have not read yet (0 when signed out), for the header. Assignment
 * reminders that have come due since my last page are written first, so the count includes them.
 */
export async function countUnreadNotifications(viewer: Viewer, now = new Date()): Promise<number> {
  if (!viewer) return 0;
  await syncAssignmentNotifications(viewer, now);
  return db.notification.count({ where: { userId: viewer.id, readAt: null } });
}
