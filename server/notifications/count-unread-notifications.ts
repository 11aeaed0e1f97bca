import "server-only";
import type { Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";

/** How many of my notifications I have not read yet (0 when signed out), for the header. */
export async function countUnreadNotifications(viewer: Viewer): Promise<number> {
  if (!viewer) return 0;
  return db.notification.count({ where: { userId: viewer.id, readAt: null } });
}
