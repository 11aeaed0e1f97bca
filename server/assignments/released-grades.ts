import "server-only";
import type { GradeDto } from "@/lib/assignments/responses";
import { db } from "@/server/db/client";

/**
 * What each student's grade was when the staff last released the assignment's grades. Grades stay
 * live after a release: students read theirs as it stands, so work posted, edited or deleted since
 * (or an override) moves it, and a gradebook exported at the release no longer says what they see.
 * The staff are shown which grades moved (app/assignments/[id]/page.tsx) and may release again.
 * Callers have authorized the viewer as the assignment's staff (server/authz/assignments.ts).
 */
export async function withReleasedGrades(assignmentId: string, grades: GradeDto[]): Promise<GradeDto[]> {
  const rows = await db.releasedGrade.findMany({ where: { assignmentId }, select: { userId: true, points: true, releasedAt: true } });
  const byStudent = new Map(rows.map((row) => [row.userId, { points: row.points, at: row.releasedAt.toISOString() }]));
  return grades.map((grade) => ({ ...grade, released: byStudent.get(grade.student.id) ?? null }));
}

/**
 * The writes that record the whole class's grades as released at `at` (the last release's rows
 * replaced): lazy, for releaseGrades to run in the release's own transaction.
 */
export function recordReleasedGrades(assignmentId: string, grades: readonly GradeDto[], at: Date) {
  return [
    db.releasedGrade.deleteMany({ where: { assignmentId } }),
    db.releasedGrade.createMany({
      data: grades.map((grade) => ({ assignmentId, userId: grade.student.id, points: grade.grade, releasedAt: at })),
    }),
  ];
}

/**
 * The grades that moved since the last release, once one was recorded: a grade other than the one
 * released, or a student with none (joined since). Empty when no release was recorded (none yet, or
 * grades released before releases were recorded): nothing to compare with.
 */
export function gradesMovedSinceRelease(grades: readonly GradeDto[]): GradeDto[] {
  if (!grades.some((grade) => grade.released)) return [];
  return grades.filter((grade) => !grade.released || Math.abs(grade.released.points - grade.grade) > 1e-9);
}
