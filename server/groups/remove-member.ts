import "server-only";
import { loadMembersFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { revokeInvitesMadeBy } from "./revoke-invite";

/**
 * The owner removes a member, or a member removes themselves (leaves). Access ends on the
 * removed person's next request: every group function reads membership afresh. A removal by the
 * owner holds: the person cannot rejoin until the owner lets them back in (let-back-in.ts). The
 * invitation links they made as staff are revoked with it (revokeInvitesMadeBy).
 */
export async function removeMember(
  viewer: Viewer,
  groupId: string,
  userId: string,
): Promise<{ groupId: string; userId: string; hasLeft: boolean }> {
  await loadMembersFor(viewer, groupId, "remove-member", userId);
  const hasLeft = userId === viewer?.id;
  await db.$transaction([
    db.membership.delete({ where: { groupId_userId: { groupId, userId } } }),
    revokeInvitesMadeBy(groupId, userId),
    ...(hasLeft
      ? []
      : [
          db.groupRemoval.upsert({
            where: { groupId_userId: { groupId, userId } },
            create: { groupId, userId, removedById: viewer!.id },
            update: { removedById: viewer!.id, removedAt: new Date() },
          }),
        ]),
  ]);
  return { groupId, userId, hasLeft };
}
