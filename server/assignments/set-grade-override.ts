import "server-only";
import { AppError } from "@/lib/errors";
import { roundPoints } from "@/lib/assignments/grading";
import type { GradeDto } from "@/lib/assignments/responses";
import type { TGradeOverrideSchema, TRemoveGradeOverrideQuery } from "@/lib/assignments/schemas";
import { loadAssignmentFor } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { db, Prisma } from "@/server/db/client";
import { notifyGradeFeedback } from "./assignment-notifications";
import { notifyBestEffort } from "@/server/notifications/notify-best-effort";
import { selectAssignment } from "./assignment-dto";
import { gradeStudents, listStudents } from "./grade-students";

/**
 * The staff override one student's grade, with a reason; the computed grade stays beside it. The
 * reason is feedback the student sees with their grade: once grades are released, it notifies them.
 *
 * `ifUnmodifiedSince` is the override the change was made against (its `at`, or "none" when there
 * was none): two staff grading at once, the later page would silently replace the earlier one's
 * grade, both told "Grade overridden.". The check and the write are one statement (a conditional
 * update, or an insert the key refuses), so a save landing between them cannot slip through.
 */
export async function setGradeOverride(viewer: Viewer, id: string, userId: string, input: TGradeOverrideSchema): Promise<GradeDto> {
  const { assignment } = await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  const [student] = await listStudents(assignment.groupId, userId);
  if (!student) throw new AppError("NOT_FOUND", "That person is not a student in this group.");
  if (input.points > assignment.points) throw new AppError("BAD_REQUEST", `The assignment is out of ${assignment.points} points.`);
  const key = { assignmentId: id, userId };
  const override = { points: input.points, reason: input.reason, byId: viewer!.id };
  const since = input.ifUnmodifiedSince;
  // The same points and reason saved again tell the student nothing new: no notification again.
  const before = await db.gradeOverride.findUnique({ where: { assignmentId_userId: key }, select: { points: true, reason: true } });
  const isNews = !before || before.reason !== input.reason || roundPoints(before.points) !== roundPoints(input.points);
  if (since === undefined) {
    await db.gradeOverride.upsert({ where: { assignmentId_userId: key }, create: { ...key, ...override }, update: override });
  } else if (since === "none") {
    const created = await db.gradeOverride.create({ data: { ...key, ...override } }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
        throw error;
      },
    );
    if (!created) throw await overriddenSince(viewer!.id, id, student);
  } else {
    const { count } = await db.gradeOverride.updateMany({ where: { ...key, updatedAt: { lte: since } }, data: override });
    if (count === 0) throw await overriddenSince(viewer!.id, id, student);
  }
  if (isNews) await notifyBestEffort(() => notifyGradeFeedback(id, userId, viewer!.id));
  const [grade] = await gradeStudents(assignment, [student]);
  return grade;
}

const REASON_SHOWN = 80;

/**
 * The 409 for an override made against one that has changed since: who set the grade to what, so
 * the instructor can tell whether to keep it, and to reload before trying again.
 */
async function overriddenSince(
  viewerId: string,
  id: string,
  student: { id: string; name: string },
  retry = "override it again",
): Promise<AppError> {
  const now = await db.gradeOverride.findUnique({
    where: { assignmentId_userId: { assignmentId: id, userId: student.id } },
    select: { points: true, reason: true, byId: true, by: { select: { name: true } } },
  });
  const reload = `Nothing was saved. Reload the page to see the grade as it is now, then ${retry} if you still mean to.`;
  if (!now) {
    return new AppError(
      "CONFLICT",
      `Someone took back the override of ${student.name}'s grade since this page was opened: it is the computed grade again. ${reload}`,
    );
  }
  const who = now.byId === viewerId ? "You (in another tab or window)" : (now.by?.name ?? "Someone");
  const reason = now.reason.length > REASON_SHOWN ? `${now.reason.slice(0, REASON_SHOWN - 1)}…` : now.reason;
  const points = roundPoints(now.points);
  return new AppError(
    "CONFLICT",
    `${who} overrode ${student.name}'s grade to ${points} (“${reason}”) since this page was opened. ${reload}`,
  );
}

/**
 * The staff take an override back: the student's grade follows the assignment's rules again (and
 * any change of them from now on). Taking back one that is not there changes nothing. Once grades
 * are released the student sees the computed grade at once, as after any change of rules.
 *
 * `ifUnmodifiedSince` is the override the page showed, as for a new override: one set or changed by
 * someone else since is not thrown away unseen (409, saying who set it to what). The check is the
 * delete's own `where`; one already taken back by someone else leaves what was asked for.
 */
export async function removeGradeOverride(
  viewer: Viewer,
  id: string,
  userId: string,
  { ifUnmodifiedSince: since }: TRemoveGradeOverrideQuery = {},
): Promise<GradeDto> {
  const { assignment } = await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  const [student] = await listStudents(assignment.groupId, userId);
  if (!student) throw new AppError("NOT_FOUND", "That person is not a student in this group.");
  const key = { assignmentId: id, userId };
  if (since === undefined) {
    await db.gradeOverride.deleteMany({ where: key });
  } else {
    // "none": the page showed no override, so there is none to take back unless someone set one since.
    const { count } = since === "none" ? { count: 0 } : await db.gradeOverride.deleteMany({ where: { ...key, updatedAt: { lte: since } } });
    if (count === 0 && (await db.gradeOverride.count({ where: key })) > 0)
      throw await overriddenSince(viewer!.id, id, student, "take the override back again");
  }
  const [grade] = await gradeStudents(assignment, [student]);
  return grade;
}
