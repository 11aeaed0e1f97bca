import "server-only";
import { loadAssignmentFor } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { notifyGradesReleased } from "./assignment-notifications";
import { notifyBestEffort } from "@/server/notifications/notify-best-effort";
import { selectAssignment } from "./assignment-dto";

/**
 * The staff release an assignment's grades: from now on each student sees their own. Grades stay
 * live after release (an override or late work changes what the student sees); releasing again
 * keeps the first release time. The first release tells each student.
 */
export async function releaseGrades(viewer: Viewer, id: string): Promise<{ gradesReleasedAt: string }> {
  const { assignment } = await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  const gradesReleasedAt = assignment.gradesReleasedAt ?? new Date();
  if (!assignment.gradesReleasedAt) {
    await db.assignment.update({ where: { id }, data: { gradesReleasedAt } });
    await notifyBestEffort(() => notifyGradesReleased(id, viewer!.id, gradesReleasedAt));
  }
  return { gradesReleasedAt: gradesReleasedAt.toISOString() };
}
