import "server-only";
import { AppError } from "@/lib/errors";
import { canAssignReading } from "@/server/authz/assignments";
import type { Database } from "@/server/db/client";

type Tx = Parameters<Parameters<Database["$transaction"]>[0]>[0];
type Sharing = { visibility: string; groupId: string | null };

/**
 * An assignment is set on a reading its group's members can read (`canAssignReading`). Deleting the
 * reading (`next` null) would take the assignments on it and their grades with it; sharing it so
 * that a group no longer can read it would leave that group's students an assignment they cannot
 * open. Both are refused (409) while such an assignment exists: the reading's owner is seldom the
 * one who set it, so its group's staff decide. Assignments whose group had already lost the reading
 * do not block a new sharing (it takes nothing more from them). Run inside the change's transaction.
 *
 * The message names assignments in the viewer's own groups; others are counted, not named.
 */
export async function assertReadingKeepsAssignments(
  tx: Tx,
  viewerId: string,
  reading: Sharing & { id: string },
  next: Sharing | null,
): Promise<void> {
  const assignments = await tx.assignment.findMany({
    where: { documentId: reading.id },
    select: { title: true, group: { select: { id: true, name: true } } },
    orderBy: [{ group: { name: "asc" } }, { title: "asc" }],
  });
  const lost = assignments.filter(({ group }) =>
    next === null ? true : canAssignReading(group.id, reading) && !canAssignReading(group.id, next),
  );
  if (lost.length === 0) return;
  const mine = new Set(
    (
      await tx.membership.findMany({
        where: { userId: viewerId, groupId: { in: lost.map(({ group }) => group.id) } },
        select: { groupId: true },
      })
    ).map((membership) => membership.groupId),
  );
  const named = lost.filter(({ group }) => mine.has(group.id)).map(({ title, group }) => `"${title}" in ${group.name}`);
  const others = lost.length - named.length;
  const list = [...named, ...(others > 0 ? [`${others} in ${others === 1 ? "a group" : "groups"} you are not in`] : [])].join("; ");
  const change = next === null ? "Deleting this reading" : "This sharing";
  throw new AppError(
    "CONFLICT",
    `${change} would take it away from ${lost.length === 1 ? "an assignment" : `${lost.length} assignments`} set on it: ${list}. ` +
      "The group's owner or an instructor must delete that assignment first; until then the reading stays shared with the group.",
  );
}
