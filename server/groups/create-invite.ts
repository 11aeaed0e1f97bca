import "server-only";
import { isStaffRole } from "@/lib/groups/roles";
import { ZCreateInviteSchema, type AssignableRole, type TCreateInviteSchema } from "@/lib/groups/schemas";
import { inviteAction, loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { generateInviteToken } from "./group-secrets";

const DAY_MS = 24 * 60 * 60 * 1000;

export type CreatedInvite = { id: string; token: string; role: AssignableRole; code: string | null; expiresAt: Date };

/**
 * An invitation link for one group and one role. The plaintext `token` is returned this once
 * (the caller turns it into `<origin>/invite/<token>`); only its SHA-256 is stored.
 */
export async function createInvite(viewer: Viewer, groupId: string, input: TCreateInviteSchema = {}): Promise<CreatedInvite> {
  const parsed = ZCreateInviteSchema.parse(input);
  const { role, expiresInDays } = parsed;
  // One person per instructor link (the schema refuses asking for more): it hands out the power to grade.
  const maxUses = isStaffRole(role) ? 1 : (parsed.maxUses ?? null);
  const membership = await loadMembershipFor(viewer, groupId, inviteAction(role));
  const { token, tokenHash } = generateInviteToken();
  const invite = await db.invite.create({
    data: { groupId, tokenHash, role, maxUses, createdById: membership.userId, expiresAt: new Date(Date.now() + expiresInDays * DAY_MS) },
    select: { id: true, expiresAt: true, group: { select: { joinCode: true } } },
  });
  return { id: invite.id, token, role, code: invite.group.joinCode, expiresAt: invite.expiresAt! };
}
