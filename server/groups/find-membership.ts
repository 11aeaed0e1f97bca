import "server-only";
import { ZGroupRole } from "@/lib/groups/schemas";
import type { GroupMembership, Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";

/**
 * The viewer's membership in a group, read from the database on every call (never cached), so
 * a removed member loses access on their very next request. Null for anonymous viewers,
 * non-members and groups that do not exist alike.
 */
export async function findMembership(viewer: Viewer, groupId: string): Promise<GroupMembership> {
  if (!viewer) return null;
  return findMember(groupId, viewer.id);
}

/** Any user's membership in a group (the target of a role change or removal), or null. */
export async function findMember(groupId: string, userId: string): Promise<GroupMembership> {
  const row = await db.membership.findUnique({ where: { groupId_userId: { groupId, userId } }, select: { userId: true, role: true } });
  return row ? { userId: row.userId, role: ZGroupRole.parse(row.role) } : null;
}
