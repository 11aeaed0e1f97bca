import "server-only";
import { AppError } from "@/lib/errors";
import { roundPoints } from "@/lib/assignments/grading";
import type { AssignmentDto } from "@/lib/assignments/responses";
import type { TUpdateAssignmentSchema } from "@/lib/assignments/schemas";
import { loadAssignmentFor } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { ASSIGNMENT_SELECT, gradingRules, selectAssignment, toAssignmentDto, type AssignmentRow } from "./assignment-dto";
import { gradeStudents, listStudents } from "./grade-students";

/**
 * The staff edit, reorder (`position`), close or reopen an assignment. Grades follow the new rules
 * at once. Lowering the points below a grade override is refused, as overriding above them is
 * (./set-grade-override.ts): students and exports would read a grade above the maximum. Once
 * grades are released, students read theirs as it stands: a change that gives any of them a new
 * grade is refused, naming them, unless the staff confirm it (`changeReleasedGrades`).
 */
export async function updateAssignment(viewer: Viewer, id: string, input: TUpdateAssignmentSchema): Promise<AssignmentDto> {
  const { assignment } = await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  if (input.ifUnmodifiedSince && assignment.updatedAt.getTime() > input.ifUnmodifiedSince.getTime()) {
    // Two staff editing at once: the later form would put back everything the earlier one changed.
    throw new AppError(
      "CONFLICT",
      "Someone changed this assignment since this form was opened: nothing was saved. Reload the page to see it as it is now, then make your change again.",
    );
  }
  const after = changedBy(assignment, input);
  if (after.dueAt <= after.opensAt) throw new AppError("BAD_REQUEST", "The due time must come after the opening time.");
  if (after.points < assignment.points) {
    const above = await db.gradeOverride.count({ where: { assignmentId: id, points: { gt: after.points } } });
    if (above > 0) {
      const overrides = above === 1 ? "1 grade override is" : `${above} grade overrides are`;
      throw new AppError(
        "CONFLICT",
        `${overrides} above ${after.points} points, the new maximum: lower ${above === 1 ? "it" : "them"} to ${after.points} or less first, then lower the assignment's points.`,
      );
    }
  }
  if (assignment.gradesReleasedAt && input.changeReleasedGrades !== true) await assertReleasedGradesKept(assignment, after);
  const row = await db.assignment.update({
    where: { id },
    data: {
      title: input.title,
      instructions: input.instructions,
      position: input.position,
      questionColor: input.questions?.color,
      questionTag: input.questions?.tag,
      opensAt: after.opensAt,
      dueAt: after.dueAt,
      closedAt: after.closedAt,
      expectedAnnotations: after.expectedAnnotations,
      expectedReplies: after.expectedReplies,
      expectedReadPercent: after.expectedReadPercent,
      gradingMode: after.gradingMode,
      points: after.points,
      countMode: after.countMode,
      latePenaltyPercent: after.latePenaltyPercent,
      rubricPercent: after.rubricPercent,
    },
    select: ASSIGNMENT_SELECT,
  });
  return toAssignmentDto(row);
}

/** The assignment as `input` would leave it, for what its grades would be. */
function changedBy(assignment: AssignmentRow, input: TUpdateAssignmentSchema): AssignmentRow {
  const { expectations, grading } = input;
  return {
    ...assignment,
    opensAt: input.opensAt ?? assignment.opensAt,
    dueAt: input.dueAt ?? assignment.dueAt,
    // Closing again keeps the first closing time: work between the two closings never counted.
    closedAt: input.closed === undefined ? assignment.closedAt : input.closed ? (assignment.closedAt ?? new Date()) : null,
    expectedAnnotations: expectations?.annotations ?? assignment.expectedAnnotations,
    expectedReplies: expectations?.replies ?? assignment.expectedReplies,
    expectedReadPercent: expectations?.readPercent ?? assignment.expectedReadPercent,
    gradingMode: grading?.mode ?? assignment.gradingMode,
    points: grading?.points ?? assignment.points,
    countMode: grading?.count ?? assignment.countMode,
    latePenaltyPercent: grading?.latePenaltyPercent ?? assignment.latePenaltyPercent,
    rubricPercent: grading?.rubricPercent ?? assignment.rubricPercent,
  };
}

const points = (value: number) => String(roundPoints(value));

/**
 * Refuses (409) a change of rules that gives a student whose grade is released a new one, naming
 * the first few ("Ana Lima 8 → 6"): grades are computed as they stand, so it would reach every
 * student at once. Rules left as they were cost nothing (a title or instructions edit).
 */
async function assertReleasedGradesKept(assignment: AssignmentRow, after: AssignmentRow): Promise<void> {
  if (JSON.stringify(gradingRules(after)) === JSON.stringify(gradingRules(assignment))) return;
  const students = await listStudents(assignment.groupId);
  const now = new Date();
  const [was, willBe] = await Promise.all([gradeStudents(assignment, students, now), gradeStudents(after, students, now)]);
  const changes = was.flatMap((grade, index) =>
    grade.grade === willBe[index].grade ? [] : [`${grade.student.name} ${points(grade.grade)} → ${points(willBe[index].grade)}`],
  );
  if (changes.length === 0) return;
  const named = changes.slice(0, 3).join(", ") + (changes.length > 3 ? `, and ${changes.length - 3} more` : "");
  throw new AppError(
    "CONFLICT",
    `Grades are released, so this change would give ${changes.length === 1 ? "1 student" : `${changes.length} students`} a new grade at once: ${named}. ` +
      "Nothing was saved. To go ahead, confirm that released grades change (“Change released grades”) and save again.",
  );
}
