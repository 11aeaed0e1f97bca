import "server-only";
import { AppError } from "@/lib/errors";
import { loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";

/** Withdraws an invitation: its link stops working at once. Withdrawing twice keeps the first time. */
export async function revokeInvite(viewer: Viewer, groupId: string, inviteId: string): Promise<{ id: string; revokedAt: Date }> {
  await loadMembershipFor(viewer, groupId, "revoke-invite");
  const invite = await db.invite.findFirst({ where: { id: inviteId, groupId }, select: { id: true, revokedAt: true } });
  if (!invite) throw new AppError("NOT_FOUND", "No such invitation.");
  if (invite.revokedAt) return { id: invite.id, revokedAt: invite.revokedAt };
  const revoked = await db.invite.update({ where: { id: inviteId }, data: { revokedAt: new Date() }, select: { revokedAt: true } });
  return { id: inviteId, revokedAt: revoked.revokedAt! };
}

/**
 * Withdraws the links someone made in a group, when they stop being its staff (demoted to member,
 * removed, or leaving): a link grants what its maker could grant, and one kept from before let a
 * demoted instructor make themselves, or anyone, staff again. A statement to run in the caller's
 * transaction with the change of role.
 */
export function revokeInvitesMadeBy(groupId: string, userId: string) {
  return db.invite.updateMany({ where: { groupId, createdById: userId, revokedAt: null }, data: { revokedAt: new Date() } });
}
