import "server-only";
import { STAFF_ROLES } from "@/lib/groups/roles";
import { db } from "@/server/db/client";
import { createNotifications } from "./create-notifications";

/** A flag on an annotation: tells its group's instructors and owner. */
export async function notifyFlag(annotationId: string, flaggerId: string): Promise<void> {
  const annotation = await db.annotation.findUnique({ where: { id: annotationId }, select: { groupId: true } });
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
