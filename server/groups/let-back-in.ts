import "server-only";
import { loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";

export type RemovedPerson = { userId: string; name: string; removedAt: Date };

/** The people the owner removed, who cannot rejoin until let back in; newest first. */
export async function listRemovedPeople(viewer: Viewer, groupId: string): Promise<RemovedPerson[]> {
  await loadMembershipFor(viewer, groupId, "manage-joining");
  const rows = await db.groupRemoval.findMany({
    where: { groupId },
    orderBy: { removedAt: "desc" },
    select: { userId: true, removedAt: true },
  });
  // GroupRemoval has no relation to User (the person is no longer a member): names in chunks.
  const users = await inChunks(
    rows.map((row) => row.userId),
    (ids) => db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
  );
  const names = new Map(users.map((user) => [user.id, user.name]));
  return rows.map((row) => ({ userId: row.userId, name: names.get(row.userId) ?? "A former member", removedAt: row.removedAt }));
}

/** The owner lets a removed person join again (with the join code or an invitation); they are not added back by this. */
export async function letBackIn(viewer: Viewer, groupId: string, userId: string): Promise<{ groupId: string; userId: string }> {
  await loadMembershipFor(viewer, groupId, "manage-joining");
  await db.groupRemoval.deleteMany({ where: { groupId, userId } });
  return { groupId, userId };
}
