import "server-only";
import { ZUpdateMemberRoleSchema, type AssignableRole, type TUpdateMemberRoleSchema } from "@/lib/groups/schemas";
import { loadMembersFor, type Viewer } from "@/server/authz/groups";
import { isStaffRole } from "@/lib/groups/roles";
import { db } from "@/server/db/client";
import { revokeInvitesMadeBy } from "./revoke-invite";

/**
 * The owner makes a member an instructor or an instructor a member. A demoted instructor's
 * invitation links are revoked with it (revokeInvitesMadeBy): a link carries the right to invite
 * of whoever made it, and an instructor link kept from before let its maker come back as staff.
 */
export async function updateMemberRole(
  viewer: Viewer,
  groupId: string,
  userId: string,
  input: TUpdateMemberRoleSchema,
): Promise<{ userId: string; role: AssignableRole }> {
  const { role } = ZUpdateMemberRoleSchema.parse(input);
  await loadMembersFor(viewer, groupId, "change-role", userId);
  await db.$transaction([
    db.membership.update({ where: { groupId_userId: { groupId, userId } }, data: { role } }),
    ...(isStaffRole(role) ? [] : [revokeInvitesMadeBy(groupId, userId)]),
  ]);
  return { userId, role };
}
