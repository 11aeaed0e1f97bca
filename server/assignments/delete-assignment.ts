import "server-only";
import { loadAssignmentFor } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { selectAssignment } from "./assignment-dto";

/**
 * The staff delete an assignment, and with it its grade overrides (the computed grades simply stop
 * existing). The students' annotations and replies stay: they belong to the reading, not to the
 * assignment. The page says this before asking.
 */
export async function deleteAssignment(viewer: Viewer, id: string): Promise<{ deleted: string; overridesDeleted: number }> {
  await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  const [{ count }] = await db.$transaction([
    db.gradeOverride.deleteMany({ where: { assignmentId: id } }),
    db.assignment.delete({ where: { id } }),
  ]);
  return { deleted: id, overridesDeleted: count };
}
