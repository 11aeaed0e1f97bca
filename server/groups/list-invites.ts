import "server-only";
import { ZAssignableRole, type InviteSummary } from "@/lib/groups/schemas";
import { loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";

/** The group's live invitations (not withdrawn, not expired), newest first: for those who may withdraw them. */
export async function listInvites(viewer: Viewer, groupId: string, now = new Date()): Promise<InviteSummary[]> {
  await loadMembershipFor(viewer, groupId, "revoke-invite");
  const rows = await db.invite.findMany({
    where: { groupId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    select: { id: true, role: true, expiresAt: true, createdAt: true, createdBy: { select: { name: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(({ createdBy, role, ...row }) => ({ ...row, role: ZAssignableRole.parse(role), createdByName: createdBy.name }));
}
