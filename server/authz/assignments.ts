import "server-only";
import { AppError } from "@/lib/errors";
import { isPlainMemberRole, isStaffRole } from "@/lib/groups/roles";
import type { AssignmentNotificationKind } from "@/lib/notifications/schemas";
import { assertSignedIn, findMembership, type GroupMembership, type Viewer } from "./groups";

/**
 * Who may see or change an assignment, a student's progress on it and their grade: the one place
 * that decides, in the shape of ./groups.ts (`canOnAssignment` decides, `assertCanOnAssignment`
 * refuses, `loadAssignmentFor` loads then authorizes). Every server/assignments/ function asks here.
 *
 * Rules:
 * - An assignment belongs to a group: for anyone outside it, it does not exist (404).
 * - The group's owner and instructors create, edit, reorder, close and delete assignments, see
 *   every student's progress and computed grade, override grades, release them and export them.
 * - Members see the group's assignments once they open (before that they do not exist for them: 404).
 * - A student sees only their own progress; their own grade only once grades are released;
 *   nobody but the staff ever sees another student's progress or grade (403).
 */

/** The fields every decision reads: required, so a row selected without them does not compile. */
export type AssignmentAccessFields = { groupId: string; opensAt: Date; gradesReleasedAt: Date | null };

export type AssignmentAction =
  /** See the assignment: title, instructions, reading, expectations, due time. */
  | "view"
  /** Edit, reorder, close, delete; every student's progress and grade; overrides, release, exports. */
  | "manage"
  /** One student's progress (needs the student). */
  | "see-progress"
  /** One student's grade (needs the student). */
  | "see-grade";

// ---------------------------------------------------------------- decisions (pure)

/** Creating an assignment in a group: its owner and instructors. */
export function canCreateAssignment(membership: GroupMembership): boolean {
  return !!membership && isStaffRole(membership.role);
}

export function canOnAssignment(
  membership: GroupMembership,
  action: AssignmentAction,
  assignment: AssignmentAccessFields,
  studentId: string | null = null,
  now = new Date(),
): boolean {
  if (!membership) return false;
  if (isStaffRole(membership.role)) return true;
  if (assignment.opensAt > now) return false;
  switch (action) {
    case "view":
      return true;
    case "manage":
      return false;
    case "see-progress":
      return studentId === membership.userId;
    case "see-grade":
      return studentId === membership.userId && assignment.gradesReleasedAt !== null && assignment.gradesReleasedAt <= now;
  }
}

/**
 * Whether a student reading their own grade is shown its rubric mean: only where rubric scores are
 * part of the grade, whose release releases them (server/assignments/release-grades.ts). Elsewhere
 * the mean could be read from scores the review page has not released; the staff always see it.
 */
export function studentSeesRubricMean(assignment: { rubricPercent: number }): boolean {
  return assignment.rubricPercent > 0;
}

/**
 * Who an assignment notification may reach (and, when listed later, still show to): students only —
 * the staff set the assignment and grade it. "Opened" and "due soon" need the assignment visible to
 * them; "grade released" and "feedback" need their own grade visible. (Whether a student is done,
 * for "due soon", is a fact about their work, decided by the caller.)
 */
export function canBeNotifiedAboutAssignment(
  membership: GroupMembership,
  kind: AssignmentNotificationKind,
  assignment: AssignmentAccessFields,
  now = new Date(),
): boolean {
  if (!membership || !isPlainMemberRole(membership.role)) return false;
  switch (kind) {
    case "assignment_opened":
    case "assignment_due_soon":
      return canOnAssignment(membership, "view", assignment, null, now);
    case "grade_released":
    case "grade_feedback":
      return canOnAssignment(membership, "see-grade", assignment, membership.userId, now);
  }
}

// ---------------------------------------------------------------- refusals

/** 401 for anonymous viewers, 404 for non-members and for members before the assignment opens, 403 otherwise. */
export function assertCanOnAssignment(
  viewer: Viewer,
  membership: GroupMembership,
  action: AssignmentAction,
  assignment: AssignmentAccessFields | null,
  studentId: string | null = null,
  now = new Date(),
): asserts membership is NonNullable<GroupMembership> {
  assertSignedIn(viewer, "see assignments");
  if (!assignment || !membership || !canOnAssignment(membership, "view", assignment, null, now)) {
    throw new AppError("NOT_FOUND", "No such assignment.");
  }
  if (canOnAssignment(membership, action, assignment, studentId, now)) return;
  if (action === "see-grade" && studentId === membership.userId) {
    throw new AppError("FORBIDDEN", "Your grade for this assignment is not released yet.");
  }
  if (action === "manage") throw new AppError("FORBIDDEN", "Only the group's owner and instructors can manage its assignments.");
  throw new AppError("FORBIDDEN", "Only the group's owner and instructors can see another student's work.");
}

/** The group's whole gradebook and its order of assignments: the staff's, like creating one (404 outside, 403 for members). */
export function assertCanManageGroupAssignments(
  viewer: Viewer,
  membership: GroupMembership,
  doing: string,
): asserts membership is NonNullable<GroupMembership> {
  assertSignedIn(viewer, "see assignments");
  if (!membership) throw new AppError("NOT_FOUND", "No such group.");
  if (!canCreateAssignment(membership)) throw new AppError("FORBIDDEN", `Only the group's owner and instructors can ${doing}.`);
}

export function assertCanCreateAssignment(viewer: Viewer, membership: GroupMembership): asserts membership is NonNullable<GroupMembership> {
  assertSignedIn(viewer, "see assignments");
  if (!membership) throw new AppError("NOT_FOUND", "No such group.");
  if (!canCreateAssignment(membership)) throw new AppError("FORBIDDEN", "Only the group's owner and instructors can set assignments.");
}

// ---------------------------------------------------------------- load then authorize

/** What the viewer may do on an assignment, for its page: the same decisions the operations enforce. */
export type AssignmentPermissions = { manage: boolean; isStudent: boolean };

/**
 * Load then authorize: the assignment and the viewer's membership in its group, read now, allowed
 * `action` on `studentId` (401/404/403 otherwise).
 */
export async function loadAssignmentFor<A extends AssignmentAccessFields & { id: string }>(
  viewer: Viewer,
  assignmentId: string,
  action: AssignmentAction,
  select: (id: string) => Promise<A | null>,
  studentId: string | null = null,
): Promise<{ assignment: A; membership: NonNullable<GroupMembership>; permissions: AssignmentPermissions }> {
  assertSignedIn(viewer, "see assignments");
  const assignment = await select(assignmentId);
  const membership = assignment ? await findMembership(viewer, assignment.groupId) : null;
  assertCanOnAssignment(viewer, membership, action, assignment, studentId);
  return {
    assignment: assignment!,
    membership,
    permissions: { manage: canOnAssignment(membership, "manage", assignment!), isStudent: !isStaffRole(membership.role) },
  };
}

/**
 * A reading can be assigned to a group only when every member of the group may read it: public
 * readings and those shared with this group. (A staff member's private reading would be a due
 * date on something students cannot open.)
 */
export function canAssignReading(groupId: string, document: { visibility: string; groupId: string | null }): boolean {
  return document.visibility === "public" || (document.visibility === "group" && document.groupId === groupId);
}
