import "server-only";
import { loadAssignmentFor, studentSeesRubricMean } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { notifyGradesReleased } from "./assignment-notifications";
import { notifyBestEffort } from "@/server/notifications/notify-best-effort";
import { countUnreleasedScores, releaseScoresOfGroupWork } from "@/server/review/release-scores";
import { selectAssignment } from "./assignment-dto";
import { gradeStudents, listStudents } from "./grade-students";
import { recordReleasedGrades } from "./released-grades";

/**
 * The staff release an assignment's grades: from now on each student sees their own. Grades stay
 * live after release (an override or late work changes what the student sees); releasing again
 * keeps the first release time. A release tells each student not told yet, and records the class's
 * grades as released, so the staff see which have moved since (./released-grades.ts).
 *
 * Where rubric scores are part of the grade (`rubricPercent`), every release releases the scores
 * given so far on the group's work on the reading, as the review page's "Release scores" does, in
 * the same transaction: a student who reads their grade and its rubric mean may read the scores it
 * is made of. A score given after a release counts in the grade from the next one (./grade-students.ts).
 */
export async function releaseGrades(viewer: Viewer, id: string): Promise<{ gradesReleasedAt: string }> {
  const { assignment } = await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  const now = new Date();
  const gradesReleasedAt = assignment.gradesReleasedAt ?? now;
  // The grades as this release makes them, recorded in its own transaction (a release cut short
  // leaves no record of grades it did not release): graded as before any release, when every score
  // on the group's work counts, as it does once this release has released them all.
  const asReleased = await gradeStudents({ ...assignment, gradesReleasedAt: null }, await listStudents(assignment.groupId), now);
  await db.$transaction([
    ...(assignment.gradesReleasedAt ? [] : [db.assignment.update({ where: { id }, data: { gradesReleasedAt } })]),
    ...(studentSeesRubricMean(assignment) ? [releaseScoresOfGroupWork(assignment.groupId, assignment.documentId, now)] : []),
    ...recordReleasedGrades(id, asReleased, now),
  ]);
  // Every release, not only the first: notifying is after the commit, and a release whose telling
  // was cut short (the server killed after 7 of 41) left the rest untold for good, the instructor's
  // retry answering 200. Those told already are not told twice (their notification stands, read or not).
  await notifyBestEffort(() => notifyGradesReleased(id, viewer!.id, gradesReleasedAt));
  return { gradesReleasedAt: gradesReleasedAt.toISOString() };
}

/**
 * For the staff's assignment page: the scores on the group's work on the reading that wait for a
 * release. After the first release of grades the page has no "Release grades" button, and scores
 * given since waited unseen (out of the grade, where the rubric is part of it) with only the review
 * page saying so.
 */
export async function countScoresWaitingForRelease(viewer: Viewer, id: string): Promise<number> {
  const { assignment } = await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  return countUnreleasedScores(assignment.groupId, assignment.documentId);
}
