import "server-only";
import { AppError } from "@/lib/errors";
import { ZGroupRole, type AssignableRole, type JoinResult } from "@/lib/groups/schemas";
import { roleAfterInvite } from "@/server/authz/groups";
import { db, provider, type Database } from "@/server/db/client";
import { Prisma } from "@/server/db/client";
import { groupMaxMembers } from "@/server/limits/limits";
import { forgetLastScope } from "@/server/preferences/reader-preferences";
import { notifyReleasedGradesOnJoin } from "@/server/assignments/assignment-notifications";
import { notifyBestEffort } from "@/server/notifications/notify-best-effort";

type Tx = Parameters<Parameters<Database["$transaction"]>[0]>[0];

/**
 * Makes `userId` a member of the group with the granted role, or leaves an existing membership as
 * `roleAfterInvite` says (idempotent: joining twice changes nothing). A new student is told of the
 * group's grades already released (notifyReleasedGradesOnJoin). Callers have already
 * checked that the viewer may join (a live invite, or a join code). A newcomer to a group that
 * already has GROUP_MAX_MEMBERS people is refused (409) and nothing is written.
 */
export async function addMembership(userId: string, group: { id: string; name: string }, granted: AssignableRole): Promise<JoinResult> {
  const where = { groupId_userId: { groupId: group.id, userId } };
  const existing = await db.membership.findUnique({ where, select: { role: true } });
  if (!existing) {
    try {
      await db.$transaction(async (tx) => {
        await lockGroup(tx, group.id);
        await assertGroupHasRoom(group.id, tx);
        await tx.membership.create({ data: { groupId: group.id, userId, role: granted } });
      });
      await forgetLastScope(userId);
      // Grades released while they were away (a student let back in): told as the others were.
      await notifyBestEffort(() => notifyReleasedGradesOnJoin(group.id, userId));
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

/** 409 when the group has no room for one more person; says so in words a student can act on. */
export async function assertGroupHasRoom(groupId: string, client: Tx | Database = db): Promise<void> {
  const max = groupMaxMembers();
  const members = await client.membership.count({ where: { groupId } });
  if (members < max) return;
  throw new AppError(
    "CONFLICT",
    `This group is full: it has ${members.toLocaleString("en")} members, the most one group can have here. ` +
      "You were not added. Ask its owner to make room, or to start a second group.",
  );
}

/**
 * PostgreSQL: two people taking the last place at once queue on the group's row, so the second
 * counts the first. (SQLite runs one write transaction at a time already.)
 */
async function lockGroup(tx: Tx, groupId: string): Promise<void> {
  if (provider !== "postgresql") return;
  await tx.$queryRaw`SELECT "id" FROM "Group" WHERE "id" = ${groupId} FOR UPDATE`;
}
