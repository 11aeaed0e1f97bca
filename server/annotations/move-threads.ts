import "server-only";
import type { Tx } from "@/server/outbox/record-annotation-event";

/** Where threads go: a visibility, and the group it names (null for "private" and "everyone"). */
export type ThreadScope = { visibility: string; groupId: string | null };

/**
 * Moves threads to another scope, their replies with them (a reply is readable exactly when its
 * thread is). What enters a group's scope from outside it (a private note shared, an import, a
 * thread of another group) is handed in now: `sharedAt`, which an assignment counts work by. A
 * move between the group's own two scopes ("group", "instructors") keeps the time it was handed
 * in; leaving every group clears it.
 */
export async function moveThreads(tx: Tx, threadIds: readonly string[], scope: ThreadScope, now = new Date()): Promise<void> {
  const rows = { OR: [{ id: { in: [...threadIds] } }, { parentId: { in: [...threadIds] } }] };
  if (scope.groupId === null) {
    await tx.annotation.updateMany({ where: rows, data: { ...scope, sharedAt: null } });
    return;
  }
  // `groupId: { not: … }` leaves out rows without a group (SQL's NULL), hence both.
  const enteringGroup = { OR: [{ groupId: null }, { groupId: { not: scope.groupId } }] };
  await tx.annotation.updateMany({ where: { AND: [rows, enteringGroup] }, data: { ...scope, sharedAt: now } });
  await tx.annotation.updateMany({ where: rows, data: scope });
}

/** `sharedAt` for a row made in `scope`: handed in as it is made when that scope is a group's. */
export const sharedAtOnCreate = (scope: { groupId: string | null }, now = new Date()): Date | null => (scope.groupId ? now : null);

/**
 * A new text for work in a group's scope is handed in as it is saved: an assignment counts the
 * text it grades, so a placeholder posted before the due time and written after it is late, and
 * after the assignment closed it no longer counts. Tags, colour, a new span or a resolution leave
 * the time as it was. Rows outside every group have no hand-in time to move.
 */
export async function handInAgain(tx: Tx, id: string, now = new Date()): Promise<void> {
  await tx.annotation.updateMany({ where: { id, groupId: { not: null } }, data: { sharedAt: now } });
}
