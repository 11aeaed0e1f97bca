import "server-only";
import { GROUP_VISIBILITIES } from "@/lib/annotations/scopes";
import { describeRemaining, gradeWork, type WorkItem } from "@/lib/assignments/grading";
import type { GradeDto, ProgressDto } from "@/lib/assignments/responses";
import { isGroupRole, isPlainMemberRole } from "@/lib/groups/roles";
import { isScoreReleasedToAuthor } from "@/server/authz/annotations";
import { studentSeesRubricMean } from "@/server/authz/assignments";
import { db } from "@/server/db/client";
import { readReadingProgress, type ReadingProgress } from "@/server/reading-progress/read-reading-progress";
import { gradingRules, type AssignmentRow } from "./assignment-dto";

type Student = { id: string; name: string; email: string };

/**
 * What counts toward an assignment, per student: their annotations on its reading in the group's
 * scopes (group and instructors-only) and their replies in such threads — not deleted, and never
 * an instructor's feedback. Work from before the assignment opened counts too: the reading was
 * already the group's. Callers have authorized the viewer for these students (server/authz/assignments.ts).
 *
 * Once grades with a rubric part are released, a score counts only where its student may read it
 * (`isScoreReleasedToAuthor`, the rule `visibleScore` applies): a score given since waits, out of
 * the grade, for the next release (./release-grades.ts), so the grade a student reads is made of
 * scores they can see.
 * Before that, the staff's preview counts every score: releasing will release them all.
 */
export async function countWork(assignment: AssignmentRow, studentIds: readonly string[]): Promise<Map<string, WorkItem[]>> {
  const inGroup = { groupId: assignment.groupId, visibility: { in: [...GROUP_VISIBILITIES] } };
  const rows = await db.annotation.findMany({
    where: {
      documentId: assignment.documentId,
      authorId: { in: [...studentIds] },
      deletedAt: null,
      isFeedback: false,
      OR: [
        { parentId: null, ...inGroup },
        { parentId: { not: null }, parent: inGroup },
      ],
    },
    select: {
      authorId: true,
      parentId: true,
      createdAt: true,
      sharedAt: true,
      score: { select: { points: true, releasedAt: true } },
      group: { select: { scoreRelease: true } },
    },
  });
  const countsHiddenScores = assignment.gradesReleasedAt === null || !studentSeesRubricMean(assignment);
  const isCounted = (row: (typeof rows)[number]) =>
    countsHiddenScores || (row.score !== null && isScoreReleasedToAuthor(row.score, row.group));
  const work = new Map<string, WorkItem[]>(studentIds.map((id) => [id, []]));
  for (const row of rows) {
    work.get(row.authorId)?.push({
      kind: row.parentId ? "reply" : "annotation",
      // Handed in when it reached the group: an import keeps another tool's createdAt, and a private
      // note shared after the due time is late however early it was written.
      handedInAt: row.sharedAt ?? row.createdAt,
      score: isCounted(row) ? (row.score?.points ?? null) : null,
    });
  }
  return work;
}

/** The group's students (plain members), by name. */
export async function listStudents(groupId: string, onlyUserId: string | null = null): Promise<Student[]> {
  const memberships = await db.membership.findMany({
    where: { groupId, ...(onlyUserId && { userId: onlyUserId }) },
    select: { role: true, user: { select: { id: true, name: true, email: true } } },
  });
  return memberships
    .filter((membership) => isGroupRole(membership.role) && isPlainMemberRole(membership.role))
    .map((membership) => membership.user)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Each student's progress and grade (computed, with the override beside it), in one pass. */
export async function gradeStudents(assignment: AssignmentRow, students: readonly Student[], now = new Date()): Promise<GradeDto[]> {
  const ids = students.map((student) => student.id);
  const [work, overrides, reading] = await Promise.all([
    countWork(assignment, ids),
    db.gradeOverride.findMany({
      where: { assignmentId: assignment.id, userId: { in: ids } },
      select: { userId: true, points: true, reason: true, updatedAt: true, by: { select: { name: true } } },
    }),
    readReadingProgress(assignment.documentId, ids),
  ]);
  const overrideOf = new Map(overrides.map((override) => [override.userId, override]));
  // Where reading is not recorded, a reading expectation could never be met: it is not graded.
  const rules = { ...gradingRules(assignment), ...(!reading && { expectedReadPercent: 0 }) };
  return students.map((student) => {
    const override = overrideOf.get(student.id) ?? null;
    const read = reading?.get(student.id) ?? null;
    const overridden = override && { points: override.points, reason: override.reason };
    const grade = gradeWork(rules, work.get(student.id) ?? [], overridden, now, { readFraction: read?.fraction ?? 0 });
    return {
      ...progressOf(student, grade, read),
      email: student.email,
      computed: grade.computed,
      rubric: grade.rubric,
      grade: grade.grade,
      points: assignment.points,
      override: override && {
        points: override.points,
        reason: override.reason,
        by: override.by?.name ?? null,
        at: override.updatedAt.toISOString(),
      },
    };
  });
}

export function progressOf(
  student: { id: string; name: string },
  grade: ReturnType<typeof gradeWork>,
  reading: ReadingProgress | null,
): ProgressDto {
  return {
    student: { id: student.id, name: student.name },
    status: grade.status,
    counts: grade.counts,
    late: grade.late,
    remaining: grade.remaining,
    remainingText: describeRemaining(grade.remaining),
    reading: reading && { furthestPercent: reading.furthestPercent, activeMinutes: reading.activeMinutes },
  };
}

/** A grade as a plain progress row: what a student or a progress view may see. */
export function toProgress(grade: GradeDto): ProgressDto {
  return {
    student: grade.student,
    status: grade.status,
    counts: grade.counts,
    late: grade.late,
    remaining: grade.remaining,
    remainingText: grade.remainingText,
    reading: grade.reading,
  };
}
