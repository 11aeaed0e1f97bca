import "server-only";
import { ZAssignableRole, type JoinResult } from "@/lib/groups/schemas";
import { assertInviteUsable, assertSignedIn, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { addMembership } from "./add-membership";
import { hashInviteToken } from "./group-secrets";

/** Joins the invite's group with the invite's role; using it again as a member changes nothing. */
export async function joinByInvite(viewer: Viewer, token: string, now = new Date()): Promise<JoinResult> {
  assertSignedIn(viewer, "join a group");
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: { role: true, expiresAt: true, revokedAt: true, group: { select: { id: true, name: true } } },
  });
  assertInviteUsable(invite, now);
  return addMembership(viewer.id, invite.group, ZAssignableRole.parse(invite.role));
}
