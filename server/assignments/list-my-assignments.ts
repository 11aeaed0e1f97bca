import "server-only";
import type { MyAssignmentDto } from "@/lib/assignments/responses";
import { canOnAssignment } from "@/server/authz/assignments";
import { assertSignedIn, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { isGroupRole, isPlainMemberRole } from "@/lib/groups/roles";
import { ASSIGNMENT_SELECT, toAssignmentDto } from "./assignment-dto";
import { gradeStudents, toProgress } from "./grade-students";

/**
 * What is due for me: the opened assignments of every group I am a student in, soonest due first,
 * with my progress, and my grade once released. (Assignments of groups I teach are on their pages.)
 */
export async function listMyAssignments(viewer: Viewer, now = new Date(), only: { documentId?: string } = {}): Promise<MyAssignmentDto[]> {
  assertSignedIn(viewer, "see assignments");
  const me = await db.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { id: true, name: true, email: true } });
  const memberships = await db.membership.findMany({ where: { userId: me.id }, select: { groupId: true, role: true } });
  const studentIn = memberships.filter((membership) => isGroupRole(membership.role) && isPlainMemberRole(membership.role));
  const rows = await db.assignment.findMany({
    where: { groupId: { in: studentIn.map((membership) => membership.groupId) }, ...(only.documentId && { documentId: only.documentId }) },
    select: ASSIGNMENT_SELECT,
    orderBy: [{ dueAt: "asc" }, { position: "asc" }],
  });
  const roleIn = new Map(studentIn.map((membership) => [membership.groupId, { userId: me.id, role: "member" as const }]));
  const visible = rows.filter((row) => canOnAssignment(roleIn.get(row.groupId) ?? null, "view", row, null, now));
  return Promise.all(
    visible.map(async (row) => {
      const [grade] = await gradeStudents(row, [me], now);
      const progress = toProgress(grade);
      const membership = roleIn.get(row.groupId) ?? null;
      return {
        ...toAssignmentDto(row),
        progress,
        grade: canOnAssignment(membership, "see-grade", row, me.id, now) ? grade.grade : null,
      };
    }),
  );
}

const WEEK_MS = 7 * 86_400_000;

/** The library's "Due" list: my assignments not done yet; once past due, for a week (each group page keeps them all). */
export function isDueForMe(assignment: MyAssignmentDto, now = new Date()): boolean {
  return assignment.progress.status !== "done" && new Date(assignment.dueAt).getTime() > now.getTime() - WEEK_MS;
}

/**
 * Whether an assignment's reading is kept on my device without my asking (components/offline):
 * while the assignment is open — not closed by the staff, and not more than a week past due, as
 * the Due list keeps it — whether or not my part is done. Once it is not, the device lets the
 * reading go, unless I kept it myself.
 */
export function keepsReadingOnDevice(assignment: MyAssignmentDto, now = new Date()): boolean {
  return assignment.closedAt === null && new Date(assignment.dueAt).getTime() > now.getTime() - WEEK_MS;
}
