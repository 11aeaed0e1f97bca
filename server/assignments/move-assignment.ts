import "server-only";
import { AppError } from "@/lib/errors";
import { loadAssignmentFor } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { selectAssignment } from "./assignment-dto";

export const MOVE_DIRECTIONS = ["up", "down"] as const;
export type MoveDirection = (typeof MOVE_DIRECTIONS)[number];

/**
 * The staff move an assignment one place up or down the group's list (the group page's buttons).
 * The list is renumbered 0…n-1 in its new order, so positions set through the API (equal ones,
 * gaps) end up tidy; at either end nothing moves. Answers the group's ids in the new order.
 */
export async function moveAssignment(viewer: Viewer, id: string, direction: MoveDirection): Promise<string[]> {
  const { assignment } = await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  return db.$transaction(async (tx) => {
    const rows = await tx.assignment.findMany({
      where: { groupId: assignment.groupId },
      orderBy: [{ position: "asc" }, { dueAt: "asc" }, { id: "asc" }],
      select: { id: true, position: true },
    });
    const from = rows.findIndex((row) => row.id === id);
    if (from < 0) throw new AppError("NOT_FOUND", "No such assignment.");
    const to = direction === "up" ? from - 1 : from + 1;
    const order = rows.map((row) => row.id);
    if (to >= 0 && to < order.length) [order[from], order[to]] = [order[to], order[from]];
    const positionOf = new Map(rows.map((row) => [row.id, row.position]));
    for (const [position, rowId] of order.entries()) {
      if (positionOf.get(rowId) !== position) await tx.assignment.update({ where: { id: rowId }, data: { position } });
    }
    return order;
  });
}
