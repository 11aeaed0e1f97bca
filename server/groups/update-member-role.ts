import "server-only";
import { ZUpdateMemberRoleSchema, type AssignableRole, type TUpdateMemberRoleSchema } from "@/lib/groups/schemas";
import { loadMembersFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";

/** The owner makes a member an instructor or an instructor a member. */
export async function updateMemberRole(
  viewer: Viewer,
  groupId: string,
  userId: string,
  input: TUpdateMemberRoleSchema,
): Promise<{ userId: string; role: AssignableRole }> {
  const { role } = ZUpdateMemberRoleSchema.parse(input);
  await loadMembersFor(viewer, groupId, "change-role", userId);
  await db.membership.update({ where: { groupId_userId: { groupId, userId } }, data: { role } });
  return { userId, role };
}
