import "server-only";
import { gradeWork } from "@/lib/assignments/grading";
import { isGroupRole } from "@/lib/groups/roles";
import type { AssignmentNotificationKind, NotificationPage } from "@/lib/notifications/schemas";
import { canBeNotifiedAboutAssignment, type AssignmentAccessFields } from "@/server/authz/assignments";
import type { GroupMembership, Viewer } from "@/server/authz/groups";
import { ASSIGNMENT_SELECT, gradingRules } from "@/server/assignments/assignment-dto";
import { countWork } from "@/server/assignments/grade-students";
import { db, Prisma } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";
import { countUnreadNotifications } from "@/server/notifications/count-unread-notifications";
import { listNotifications } from "@/server/notifications/list-notifications";

const DAY = 86_400_000;

/**
 * Notifications about assignments. Two are events an instructor causes and are written then
 * (grades released, feedback on a grade); two are moments in time (an assignment opened, it is due
 * within a day) and are written when the student next loads a page — the header's count asks
 * here first — so no scheduler is needed and nothing is sent to someone who never comes back.
 * Each is at most one row per student, kind and assignment (a unique index), so two page loads at
 * once cannot notify twice; new feedback marks the row there unread again instead.
 */

type Recipient = { userId: string; membership: GroupMembership };

/**
 * Writes `kind` about `assignment` for each recipient the authorization module allows, as of now.
 * `again`: a recipient already notified gets it back as new (feedback changed); otherwise they are skipped.
 */
async function notifyAboutAssignment(
  kind: AssignmentNotificationKind,
  assignment: AssignmentAccessFields & { id: string },
  actorId: string,
  recipients: readonly Recipient[],
  { again = false, now = new Date() } = {},
): Promise<number> {
  const userIds = recipients
    .filter((recipient) => recipient.userId !== actorId && canBeNotifiedAboutAssignment(recipient.membership, kind, assignment, now))
    .map((recipient) => recipient.userId);
  if (userIds.length === 0) return 0;
  const existing = await inChunks(userIds, (ids) =>
    db.notification.findMany({ where: { kind, assignmentId: assignment.id, userId: { in: ids } }, select: { userId: true } }),
  );
  const notified = new Set(existing.map((row) => row.userId));
  let written = 0;
  if (again && notified.size > 0) {
    const renewed = await inChunks([...notified], async (ids) => [
      await db.notification.updateMany({
        where: { kind, assignmentId: assignment.id, userId: { in: ids } },
        data: { readAt: null, createdAt: now, actorId },
      }),
    ]);
    written += renewed.reduce((sum, batch) => sum + batch.count, 0);
  }
  for (const userId of userIds.filter((id) => !notified.has(id))) {
    try {
      await db.notification.create({ data: { userId, kind, assignmentId: assignment.id, actorId, createdAt: now } });
      written += 1;
    } catch (error) {
      // Another request wrote the same notification a moment ago: it stands.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
  }
  return written;
}

async function studentsOf(groupId: string): Promise<Recipient[]> {
  const rows = await db.membership.findMany({ where: { groupId }, select: { userId: true, role: true } });
  return rows.flatMap((row) => (isGroupRole(row.role) ? [{ userId: row.userId, membership: { userId: row.userId, role: row.role } }] : []));
}

/** An instructor released an assignment's grades: each student may now see theirs. */
export async function notifyGradesReleased(assignmentId: string, actorId: string, now = new Date()): Promise<number> {
  const assignment = await db.assignment.findUnique({
    where: { id: assignmentId },
    select: { id: true, groupId: true, opensAt: true, gradesReleasedAt: true },
  });
  if (!assignment) return 0;
  return notifyAboutAssignment("grade_released", assignment, actorId, await studentsOf(assignment.groupId), { now });
}

/**
 * A student joined after grades were released — one let back in and rejoining, above all, who was
 * away when the others were told: told now of each release they missed, as the others were (from
 * whoever released). Once: one told before being removed keeps that notification, read or not.
 */
export async function notifyReleasedGradesOnJoin(groupId: string, userId: string, now = new Date()): Promise<number> {
  const membership = await db.membership.findUnique({ where: { groupId_userId: { groupId, userId } }, select: { role: true } });
  if (!membership || !isGroupRole(membership.role)) return 0;
  const me: Recipient[] = [{ userId, membership: { userId, role: membership.role } }];
  const missed = await db.assignment.findMany({
    where: { groupId, gradesReleasedAt: { not: null }, notifications: { none: { userId, kind: "grade_released" } } },
    select: {
      id: true,
      groupId: true,
      opensAt: true,
      gradesReleasedAt: true,
      createdById: true,
      group: { select: { createdById: true } },
      notifications: { where: { kind: "grade_released" }, orderBy: { createdAt: "asc" }, take: 1, select: { actorId: true } },
    },
  });
  let written = 0;
  for (const assignment of missed) {
    const actorId = assignment.notifications[0]?.actorId ?? assignment.createdById ?? assignment.group.createdById;
    written += await notifyAboutAssignment("grade_released", assignment, actorId, me, { now });
  }
  return written;
}

/**
 * An instructor wrote feedback on a student's grade (an override's reason). The student hears of it
 * only once they may see the grade: before release, the release's notification brings it.
 */
export async function notifyGradeFeedback(assignmentId: string, studentId: string, actorId: string, now = new Date()): Promise<number> {
  const assignment = await db.assignment.findUnique({
    where: { id: assignmentId },
    select: { id: true, groupId: true, opensAt: true, gradesReleasedAt: true },
  });
  if (!assignment) return 0;
  const student = await db.membership.findUnique({
    where: { groupId_userId: { groupId: assignment.groupId, userId: studentId } },
    select: { role: true },
  });
  if (!student || !isGroupRole(student.role)) return 0;
  return notifyAboutAssignment(
    "grade_feedback",
    assignment,
    actorId,
    [{ userId: studentId, membership: { userId: studentId, role: student.role } }],
    {
      again: true,
      now,
    },
  );
}

/**
 * The moments in time, for one student, written now if due: each open assignment of their groups
 * (still before its due time) once, and "due soon" once within a day of the due time while their
 * work is not complete. Cheap when there is nothing to do: one query for memberships, one for the
 * assignments not yet notified about.
 */
export async function syncAssignmentNotifications(viewer: Viewer, now = new Date()): Promise<number> {
  if (!viewer) return 0;
  const memberships = await db.membership.findMany({ where: { userId: viewer.id, role: "member" }, select: { groupId: true, role: true } });
  if (memberships.length === 0) return 0;
  const notYet = (kind: AssignmentNotificationKind) => ({ notifications: { none: { userId: viewer.id, kind } } });
  const rows = await db.assignment.findMany({
    where: {
      groupId: { in: memberships.map((membership) => membership.groupId) },
      opensAt: { lte: now },
      dueAt: { gt: now },
      closedAt: null,
      OR: [notYet("assignment_opened"), { dueAt: { lte: new Date(now.getTime() + DAY) }, ...notYet("assignment_due_soon") }],
    },
    select: {
      ...ASSIGNMENT_SELECT,
      createdById: true,
      group: { select: { ...ASSIGNMENT_SELECT.group.select, createdById: true } },
      notifications: { where: { userId: viewer.id }, select: { kind: true } },
    },
  });
  let written = 0;
  for (const row of rows) {
    const role = memberships.find((membership) => membership.groupId === row.groupId)?.role;
    if (!role || !isGroupRole(role)) continue;
    const me: Recipient[] = [{ userId: viewer.id, membership: { userId: viewer.id, role } }];
    // Whoever set it "says" it; a deleted instructor's assignments speak for the group's owner.
    const actorId = row.createdById ?? row.group.createdById;
    const has = new Set(row.notifications.map((notification) => notification.kind));
    if (!has.has("assignment_opened")) written += await notifyAboutAssignment("assignment_opened", row, actorId, me, { now });
    if (!has.has("assignment_due_soon") && row.dueAt.getTime() - now.getTime() <= DAY) {
      const work = await countWork(row, [viewer.id]);
      const { status } = gradeWork(gradingRules(row), work.get(viewer.id) ?? [], null, now);
      if (status !== "done") written += await notifyAboutAssignment("assignment_due_soon", row, actorId, me, { now });
    }
  }
  return written;
}

/**
 * My notifications as a page shows them: the assignment ones that have come due since my last page
 * are written first (no scheduler: a reminder is written when its reader next looks). Notifications
 * know nothing of assignments; this domain, which owns the reminders, composes the two.
 */
export async function listNotificationsNow(viewer: Viewer, now = new Date()): Promise<NotificationPage> {
  await syncAssignmentNotifications(viewer, now);
  return listNotifications(viewer, now);
}

/** The header's unread count, after the same reminders are written. */
export async function countUnreadNotificationsNow(viewer: Viewer, now = new Date()): Promise<number> {
  await syncAssignmentNotifications(viewer, now);
  return countUnreadNotifications(viewer);
}
