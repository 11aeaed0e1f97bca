import "server-only";
import { STAFF_ROLES } from "@/lib/groups/roles";
import { db } from "@/server/db/client";
import { ownModeratorOfReplies } from "@/server/authz/annotations";
import { createNotifications } from "./create-notifications";

/**
 * A flag on an annotation: tells its group's instructors and owner; on a reply under a note shared
 * with everyone signed in (no group, so no staff), that note's author, who may hide it.
 */
export async function notifyFlag(annotationId: string, flaggerId: string): Promise<void> {
  const annotation = await db.annotation.findUnique({
    where: { id: annotationId },
    select: { groupId: true, parent: { select: { visibility: true, authorId: true } } },
  });
  const moderator = annotation?.parent ? ownModeratorOfReplies(annotation.parent) : null;
  if (moderator) {
    await createNotifications("flag", annotationId, flaggerId, [moderator]);
    return;
  }
  if (!annotation?.groupId) return;
  const staff = await db.membership.findMany({
    where: { groupId: annotation.groupId, role: { in: [...STAFF_ROLES] } },
    select: { userId: true },
  });
  await createNotifications(
    "flag",
    annotationId,
    flaggerId,
    staff.map((member) => member.userId),
  );
}
