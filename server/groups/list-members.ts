import "server-only";
import { ZGroupRole, type GroupMember, type GroupRole } from "@/lib/groups/schemas";
import { canInGroup, loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";

const ROLE_ORDER: Record<GroupRole, number> = { owner: 0, instructor: 1, member: 2 };

/** The group's members: owner, instructors, then members, by name. Emails only for the owner and instructors. */
export async function listMembers(viewer: Viewer, groupId: string): Promise<GroupMember[]> {
  const membership = await loadMembershipFor(viewer, groupId, "list-members");
  const showEmails = canInGroup(membership, "see-member-emails");
  const rows = await db.membership.findMany({
    where: { groupId },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
  });
  return rows
    .map(({ role, createdAt, user }) => ({
      userId: user.id,
      name: user.name,
      ...(showEmails && { email: user.email }),
      role: ZGroupRole.parse(role),
      joinedAt: createdAt,
    }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
}
