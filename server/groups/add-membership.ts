import "server-only";
import { ZGroupRole, type AssignableRole, type JoinResult } from "@/lib/groups/schemas";
import { roleAfterInvite } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { Prisma } from "@/server/db/client";
import { forgetLastScope } from "@/server/preferences/reader-preferences";

/**
 * Makes `userId` a member of the group with the granted role, or leaves an existing membership as
 * `roleAfterInvite` says (idempotent: joining twice changes nothing). Callers have already
 * checked that the viewer may join (a live invite, or a join code).
 */
export async function addMembership(userId: string, group: { id: string; name: string }, granted: AssignableRole): Promise<JoinResult> {
  const where = { groupId_userId: { groupId: group.id, userId } };
  const existing = await db.membership.findUnique({ where, select: { role: true } });
  if (!existing) {
    try {
      await db.membership.create({ data: { groupId: group.id, userId, role: granted } });
      await forgetLastScope(userId);
      return { groupId: group.id, name: group.name, role: granted, wasAlreadyMember: false };
    } catch (error) {
      // The same person joining twice at once (a double click): the other request won.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
      return addMembership(userId, group, granted);
    }
  }
  const current = ZGroupRole.parse(existing.role);
  const role = roleAfterInvite(current, granted);
  if (role !== current) await db.membership.update({ where, data: { role } });
  return { groupId: group.id, name: group.name, role, wasAlreadyMember: true };
}
