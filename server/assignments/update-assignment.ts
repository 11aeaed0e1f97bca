import "server-only";
import { AppError } from "@/lib/errors";
import type { AssignmentDto } from "@/lib/assignments/responses";
import type { TUpdateAssignmentSchema } from "@/lib/assignments/schemas";
import { loadAssignmentFor } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { ASSIGNMENT_SELECT, selectAssignment, toAssignmentDto } from "./assignment-dto";

/**
 * The staff edit, reorder (`position`), close or reopen an assignment. Grades follow the new rules
 * at once. Lowering the points below a grade override is refused, as overriding above them is
 * (./set-grade-override.ts): students and exports would read a grade above the maximum.
 */
export async function updateAssignment(viewer: Viewer, id: string, input: TUpdateAssignmentSchema): Promise<AssignmentDto> {
  const { assignment } = await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  const opensAt = input.opensAt ?? assignment.opensAt;
  const dueAt = input.dueAt ?? assignment.dueAt;
  if (dueAt <= opensAt) throw new AppError("BAD_REQUEST", "The due time must come after the opening time.");
  const points = input.grading?.points;
  if (points !== undefined && points < assignment.points) {
    const above = await db.gradeOverride.count({ where: { assignmentId: id, points: { gt: points } } });
    if (above > 0) {
      const overrides = above === 1 ? "1 grade override is" : `${above} grade overrides are`;
      throw new AppError(
        "CONFLICT",
        `${overrides} above ${points} points, the new maximum: lower ${above === 1 ? "it" : "them"} to ${points} or less first, then lower the assignment's points.`,
      );
    }
  }
  const row = await db.assignment.update({
    where: { id },
    data: {
      title: input.title,
      instructions: input.instructions,
      opensAt: input.opensAt,
      dueAt: input.dueAt,
      position: input.position,
      expectedAnnotations: input.expectations?.annotations,
      expectedReplies: input.expectations?.replies,
      gradingMode: input.grading?.mode,
      points: input.grading?.points,
      countMode: input.grading?.count,
      latePenaltyPercent: input.grading?.latePenaltyPercent,
      expectedReadPercent: input.expectations?.readPercent,
      questionColor: input.questions?.color,
      questionTag: input.questions?.tag,
      rubricPercent: input.grading?.rubricPercent,
      // Closing again keeps the first closing time: work between the two closings never counted.
      ...(input.closed !== undefined && { closedAt: input.closed ? (assignment.closedAt ?? new Date()) : null }),
    },
    select: ASSIGNMENT_SELECT,
  });
  return toAssignmentDto(row);
}
