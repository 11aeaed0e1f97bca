import "server-only";
import { loadMembersFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";

/**
 * The owner removes a member, or a member removes themselves (leaves). Access ends on the
 * removed person's next request: every group function reads membership afresh.
 */
export async function removeMember(
  viewer: Viewer,
  groupId: string,
  userId: string,
): Promise<{ groupId: string; userId: string; hasLeft: boolean }> {
  await loadMembersFor(viewer, groupId, "remove-member", userId);
  await db.membership.delete({ where: { groupId_userId: { groupId, userId } } });
  return { groupId, userId, hasLeft: userId === viewer?.id };
}
