import "server-only";
import { ZAssignableRole, type JoinResult } from "@/lib/groups/schemas";
import { AppError } from "@/lib/errors";
import { assertInviteUsable, assertNotRemoved, assertSignedIn, findMember, roleAfterInvite, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { addMembership, assertGroupHasRoom } from "./add-membership";
import { hashInviteToken } from "./group-secrets";

/**
 * Joins the invite's group with the invite's role; using it again as a member changes nothing.
 * A limited invite (instructor invites are single-use by default) counts each person it lets in
 * or promotes; once used up it answers 410. Nobody the owner removed gets back in this way.
 */
export async function joinByInvite(viewer: Viewer, token: string, now = new Date()): Promise<JoinResult> {
  assertSignedIn(viewer, "join a group");
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: {
      id: true,
      role: true,
      expiresAt: true,
      revokedAt: true,
      maxUses: true,
      useCount: true,
      group: { select: { id: true, name: true } },
    },
  });
  if (!invite) return assertInviteUsable(invite, now) as never; // 404
  const current = await findMember(invite.group.id, viewer.id);
  // Someone already in the group (who may have used this very link) is told so, used up or not.
  assertInviteUsable(current ? { ...invite, maxUses: null } : invite, now);
  const granted = ZAssignableRole.parse(invite.role);
  if (current !== null && roleAfterInvite(current.role, granted) === current.role) {
    return { groupId: invite.group.id, name: invite.group.name, role: current.role, wasAlreadyMember: true };
  }
  assertInviteUsable(invite, now);
  await assertNotRemoved(invite.group.id, viewer.id);
  // Before the invite's use is counted: a full group leaves the invite as it was.
  if (current === null) await assertGroupHasRoom(invite.group.id);
  if (invite.maxUses !== null) {
    // One statement, so two people racing for the last use cannot both have it.
    const { count } = await db.invite.updateMany({
      where: { id: invite.id, useCount: { lt: invite.maxUses } },
      data: { useCount: { increment: 1 } },
    });
    if (count === 0) throw new AppError("GONE", "This invitation has already been used. Ask for a new one.");
  }
  return addMembership(viewer.id, invite.group, granted);
}
