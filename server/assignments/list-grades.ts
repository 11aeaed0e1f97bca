import "server-only";
import type { GradeDto } from "@/lib/assignments/responses";
import { loadAssignmentFor, studentSeesRubricMean } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { selectAssignment } from "./assignment-dto";
import { gradeStudents, listStudents } from "./grade-students";
import { withReleasedGrades } from "./released-grades";

/**
 * Grades: the staff see every student's computed grade beside its parts, any override and, once
 * released, the grade as it was released; a student sees only their own, once released (403
 * before), without their email echoed back.
 */
export async function listGrades(viewer: Viewer, id: string, now = new Date()): Promise<{ released: boolean; grades: GradeDto[] }> {
  const { assignment, permissions } = await loadAssignmentFor(viewer, id, "view", selectAssignment);
  const released = assignment.gradesReleasedAt !== null;
  if (permissions.manage) {
    const grades = await gradeStudents(assignment, await listStudents(assignment.groupId), now);
    return { released, grades: released ? await withReleasedGrades(id, grades) : grades };
  }
  await loadAssignmentFor(viewer, id, "see-grade", selectAssignment, viewer!.id);
  const grades = await gradeStudents(assignment, await listStudents(assignment.groupId, viewer!.id), now);
  const showsRubric = studentSeesRubricMean(assignment);
  return { released, grades: grades.map((grade) => ({ ...grade, email: null, rubric: showsRubric ? grade.rubric : null })) };
}
