import "server-only";
import { AppError } from "@/lib/errors";
import type { AssignmentDto } from "@/lib/assignments/responses";
import type { TCreateAssignmentSchema } from "@/lib/assignments/schemas";
import { assertCanCreateAssignment, canAssignReading } from "@/server/authz/assignments";
import { findMembership, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { ASSIGNMENT_SELECT, toAssignmentDto } from "./assignment-dto";

/** The group's owner or an instructor sets a reading: last on the group's list. */
export async function createAssignment(viewer: Viewer, groupId: string, input: TCreateAssignmentSchema): Promise<AssignmentDto> {
  const membership = await findMembership(viewer, groupId);
  assertCanCreateAssignment(viewer, membership);
  const document = await db.document.findUnique({
    where: { slug: input.document },
    select: { id: true, visibility: true, groupId: true, _count: { select: { versions: true } } },
  });
  if (!document || !canAssignReading(groupId, document)) {
    throw new AppError("NOT_FOUND", `No reading "${input.document}" that this group's members can read.`);
  }
  const opensAt = input.opensAt ?? new Date();
  if (input.dueAt <= opensAt) throw new AppError("BAD_REQUEST", "The due time must come after the opening time.");
  const last = await db.assignment.findFirst({ where: { groupId }, orderBy: { position: "desc" }, select: { position: true } });
  const row = await db.assignment.create({
    data: {
      groupId,
      documentId: document.id,
      title: input.title,
      instructions: input.instructions,
      opensAt,
      dueAt: input.dueAt,
      position: (last?.position ?? -1) + 1,
      expectedAnnotations: input.expectations.annotations,
      expectedReplies: input.expectations.replies,
      gradingMode: input.grading.mode,
      points: input.grading.points,
      countMode: input.grading.count,
      latePenaltyPercent: input.grading.latePenaltyPercent,
      expectedReadPercent: input.expectations.readPercent,
      questionColor: input.questions.color,
      questionTag: input.questions.tag,
      rubricPercent: input.grading.rubricPercent,
      createdById: viewer!.id,
    },
    select: ASSIGNMENT_SELECT,
  });
  return toAssignmentDto(row);
}
