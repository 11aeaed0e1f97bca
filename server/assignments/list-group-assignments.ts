import "server-only";
import type { AssignmentDto } from "@/lib/assignments/responses";
import { canOnAssignment } from "@/server/authz/assignments";
import { loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { ASSIGNMENT_SELECT, toAssignmentDto } from "./assignment-dto";

/** A group's assignments in the staff's order: all of them for the staff, the opened ones for members. Non-members: 404. */
export async function listGroupAssignments(viewer: Viewer, groupId: string, now = new Date()): Promise<AssignmentDto[]> {
  const membership = await loadMembershipFor(viewer, groupId, "view");
  const rows = await db.assignment.findMany({
    where: { groupId },
    select: ASSIGNMENT_SELECT,
    orderBy: [{ position: "asc" }, { dueAt: "asc" }],
  });
  return rows.filter((row) => canOnAssignment(membership, "view", row, null, now)).map(toAssignmentDto);
}
