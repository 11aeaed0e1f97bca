import "server-only";
import type { GroupDetails } from "@/lib/groups/schemas";
import { canInGroup, groupPermissions, loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { isScoreRelease } from "@/lib/review/score-release";

/** A group I am a member of, with my role. Anyone else: 404. */
export async function getGroup(viewer: Viewer, groupId: string): Promise<GroupDetails> {
  const membership = await loadMembershipFor(viewer, groupId, "view");
  const group = await db.group.findUniqueOrThrow({
    where: { id: groupId },
    select: {
      id: true,
      name: true,
      description: true,
      joinCode: true,
      hideUntilPostCount: true,
      scoreRelease: true,
      timeZone: true,
      createdAt: true,
      _count: { select: { memberships: true } },
    },
  });
  const { joinCode, _count, scoreRelease, ...rest } = group;
  return {
    ...rest,
    scoreRelease: isScoreRelease(scoreRelease) ? scoreRelease : "manual",
    role: membership.role,
    memberCount: _count.memberships,
    ...(canInGroup(membership, "see-join-code") && { joinCode }),
    permissions: groupPermissions(membership),
  };
}
