import "server-only";
import { AppError } from "@/lib/errors";
import type { GradeDto } from "@/lib/assignments/responses";
import type { TGradeOverrideSchema } from "@/lib/assignments/schemas";
import { loadAssignmentFor } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { notifyGradeFeedback } from "./assignment-notifications";
import { notifyBestEffort } from "@/server/notifications/notify-best-effort";
import { selectAssignment } from "./assignment-dto";
import { gradeStudents, listStudents } from "./grade-students";

/**
 * The staff override one student's grade, with a reason; the computed grade stays beside it. The
 * reason is feedback the student sees with their grade: once grades are released, it notifies them.
 */
export async function setGradeOverride(viewer: Viewer, id: string, userId: string, input: TGradeOverrideSchema): Promise<GradeDto> {
  const { assignment } = await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  const [student] = await listStudents(assignment.groupId, userId);
  if (!student) throw new AppError("NOT_FOUND", "That person is not a student in this group.");
  if (input.points > assignment.points) throw new AppError("BAD_REQUEST", `The assignment is out of ${assignment.points} points.`);
  await db.gradeOverride.upsert({
    where: { assignmentId_userId: { assignmentId: id, userId } },
    create: { assignmentId: id, userId, points: input.points, reason: input.reason, byId: viewer!.id },
    update: { points: input.points, reason: input.reason, byId: viewer!.id },
  });
  await notifyBestEffort(() => notifyGradeFeedback(id, userId, viewer!.id));
  const [grade] = await gradeStudents(assignment, [student]);
  return grade;
}

/**
 * The staff take an override back: the student's grade follows the assignment's rules again (and
 * any change of them from now on). Taking back one that is not there changes nothing. Once grades
 * are released the student sees the computed grade at once, as after any change of rules.
 */
export async function removeGradeOverride(viewer: Viewer, id: string, userId: string): Promise<GradeDto> {
  const { assignment } = await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  const [student] = await listStudents(assignment.groupId, userId);
  if (!student) throw new AppError("NOT_FOUND", "That person is not a student in this group.");
  await db.gradeOverride.deleteMany({ where: { assignmentId: id, userId } });
  const [grade] = await gradeStudents(assignment, [student]);
  return grade;
}
