import "server-only";
import { ZAssignableRole, ZGroupRole, type AssignableRole, type GroupRole } from "@/lib/groups/schemas";
import { assertInviteUsable, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { hashInviteToken } from "./group-secrets";

export type InvitePreview = { groupId: string; groupName: string; role: AssignableRole; expiresAt: Date | null; myRole: GroupRole | null };

/**
 * What an invitation link leads to, for the page that offers to join: the group's name and the
 * role it grants (whoever holds the link may know that much). 404 unknown, 410 withdrawn or expired.
 */
export async function getInvite(viewer: Viewer, token: string, now = new Date()): Promise<InvitePreview> {
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: { role: true, expiresAt: true, revokedAt: true, maxUses: true, useCount: true, group: { select: { id: true, name: true } } },
  });
  if (!invite) return assertInviteUsable(invite, now) as never; // 404
  const membership = viewer
    ? await db.membership.findUnique({ where: { groupId_userId: { groupId: invite.group.id, userId: viewer.id } }, select: { role: true } })
    : null;
  // A used-up invitation still shows its group to someone already in it (who may have used it).
  assertInviteUsable(membership ? { ...invite, maxUses: null } : invite, now);
  return {
    groupId: invite.group.id,
    groupName: invite.group.name,
    role: ZAssignableRole.parse(invite.role),
    expiresAt: invite.expiresAt,
    myRole: membership ? ZGroupRole.parse(membership.role) : null,
  };
}
