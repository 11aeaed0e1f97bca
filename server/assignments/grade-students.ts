import "server-only";
import { GROUP_VISIBILITIES } from "@/lib/annotations/scopes";
import { describeRemaining, gradeWork, type WorkItem } from "@/lib/assignments/grading";
import type { GradeDto, ProgressDto } from "@/lib/assignments/responses";
import { inClassOrder } from "@/lib/groups/class-order";
import { isGroupRole, isPlainMemberRole } from "@/lib/groups/roles";
import { isScoreReleasedToAuthor } from "@/server/authz/annotations";
import { studentSeesRubricMean } from "@/server/authz/assignments";
import { db } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";
import { readReadingProgress, type ReadingProgress } from "@/server/reading-progress/read-reading-progress";
import { gradingRules, type AssignmentRow } from "./assignment-dto";

type Student = { id: string; name: string; email: string };

/**
 * What counts toward an assignment, per student: their annotations on its reading in the group's
 * scopes (group and instructors-only) and their replies in such threads — not deleted, and never
 * an instructor's feedback. Work from before the assignment opened counts too: the reading was
 * already the group's. Callers have authorized the viewer for these students (server/authz/assignments.ts).
 *
 * Only work that says something counts: an annotation with a comment (a bare highlight, or a
 * comment that renders as nothing, is stored with an empty body and is not a post, as the
 * hide-until-you-post gate holds: `COUNTS_AS_POSTED`), and a reply that answers someone — in
 * another person's thread, or in one's own after someone else wrote there. Three empty highlights
 * and a reply to oneself met "3 annotations and 1 reply" in full.
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
        { parentId: null, body: { not: "" }, ...inGroup },
        { parentId: { not: null }, parent: inGroup },
      ],
    },
    select: {
      authorId: true,
      parentId: true,
      parent: { select: { authorId: true } },
      createdAt: true,
      sharedAt: true,
      score: { select: { points: true, releasedAt: true } },
      group: { select: { scoreRelease: true } },
    },
  });
  const countsHiddenScores = assignment.gradesReleasedAt === null || !studentSeesRubricMean(assignment);
  const isCounted = (row: (typeof rows)[number]) =>
    countsHiddenScores || (row.score !== null && isScoreReleasedToAuthor(row.score, row.group));
  const answersSomeone = await repliesThatAnswerSomeone(rows);
  const work = new Map<string, WorkItem[]>(studentIds.map((id) => [id, []]));
  for (const row of rows) {
    if (row.parentId && !answersSomeone(row)) continue;
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

type ReplyRow = { authorId: string; parentId: string | null; parent: { authorId: string } | null; createdAt: Date };

/**
 * Whether each reply answers someone: it is in another person's thread, or in its writer's own
 * thread after someone else (a classmate, an instructor's feedback) wrote there — deleted since or
 * not: the conversation took place. One query, for the threads where students replied to themselves.
 */
async function repliesThatAnswerSomeone(rows: readonly ReplyRow[]): Promise<(reply: ReplyRow) => boolean> {
  const ownThreadIds = [
    ...new Set(rows.filter((row) => row.parentId && row.parent?.authorId === row.authorId).map((row) => row.parentId!)),
  ];
  const writings = await inChunks(ownThreadIds, (ids) =>
    db.annotation.findMany({
      where: { parentId: { in: ids } },
      select: { parentId: true, authorId: true, createdAt: true, parent: { select: { authorId: true } } },
    }),
  );
  const othersFirstWrote = new Map<string, Date>();
  for (const writing of writings) {
    if (!writing.parentId || writing.authorId === writing.parent?.authorId) continue;
    const first = othersFirstWrote.get(writing.parentId);
    if (!first || writing.createdAt < first) othersFirstWrote.set(writing.parentId, writing.createdAt);
  }
  return (reply) => {
    if (reply.parent?.authorId !== reply.authorId) return true;
    const first = othersFirstWrote.get(reply.parentId!);
    return first !== undefined && first < reply.createdAt;
  };
}

/** The group's students (plain members), in class order (as the review page lists them). */
export async function listStudents(groupId: string, onlyUserId: string | null = null): Promise<Student[]> {
  const memberships = await db.membership.findMany({
    where: { groupId, ...(onlyUserId && { userId: onlyUserId }) },
    select: { role: true, user: { select: { id: true, name: true, email: true } } },
  });
  return memberships
    .filter((membership) => isGroupRole(membership.role) && isPlainMemberRole(membership.role))
    .map((membership) => membership.user)
    .sort(inClassOrder);
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
      // The staff's listGrades adds it (./released-grades.ts); nobody else reads it.
      released: null,
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
