import "server-only";
import { ZGroupRole, type MyGroupSummary } from "@/lib/groups/schemas";
import { assertSignedIn, canInGroup, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";

/** The groups I belong to, with my role, by name. */
export async function listMyGroups(viewer: Viewer): Promise<MyGroupSummary[]> {
  assertSignedIn(viewer);
  const memberships = await db.membership.findMany({
    where: { userId: viewer.id },
    select: {
      userId: true,
      role: true,
      group: { select: { id: true, name: true, description: true, joinCode: true, _count: { select: { memberships: true } } } },
    },
    orderBy: [{ group: { name: "asc" } }, { groupId: "asc" }],
  });
  return memberships.map(({ userId, role: storedRole, group }) => {
    const role = ZGroupRole.parse(storedRole);
    return {
      id: group.id,
      name: group.name,
      description: group.description,
      role,
      memberCount: group._count.memberships,
      ...(canInGroup({ userId, role }, "see-join-code") && { joinCode: group.joinCode }),
    };
  });
}
