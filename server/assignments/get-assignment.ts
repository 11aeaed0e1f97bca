import "server-only";
import type { AssignmentDto } from "@/lib/assignments/responses";
import { loadAssignmentFor, type AssignmentPermissions } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { selectAssignment, toAssignmentDto } from "./assignment-dto";

/** One assignment, for members of its group once it opens and for its staff always; anyone else: 404. */
export async function getAssignment(viewer: Viewer, id: string): Promise<AssignmentDto & { permissions: AssignmentPermissions }> {
  const { assignment, permissions } = await loadAssignmentFor(viewer, id, "view", selectAssignment);
  return { ...toAssignmentDto(assignment), permissions };
}
