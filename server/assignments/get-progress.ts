import "server-only";
import type { ProgressDto } from "@/lib/assignments/responses";
import { loadAssignmentFor } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { selectAssignment } from "./assignment-dto";
import { gradeStudents, listStudents, toProgress } from "./grade-students";

/** Progress on an assignment: the staff see every student; a student only themselves (never a grade here). */
export async function getProgress(viewer: Viewer, id: string, now = new Date()): Promise<ProgressDto[]> {
  const { assignment, permissions } = await loadAssignmentFor(viewer, id, "view", selectAssignment);
  const onlyMe = permissions.manage ? null : viewer!.id;
  if (onlyMe) await loadAssignmentFor(viewer, id, "see-progress", selectAssignment, onlyMe);
  const students = await listStudents(assignment.groupId, onlyMe);
  return (await gradeStudents(assignment, students, now)).map(toProgress);
}
