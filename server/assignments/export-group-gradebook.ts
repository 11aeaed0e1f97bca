import "server-only";
import { groupGradebookCsv } from "@/lib/assignments/gradebook-csv";
import type { GradebookFormat } from "@/lib/assignments/schemas";
import { assertCanManageGroupAssignments } from "@/server/authz/assignments";
import { findMembership, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { attachmentResponse } from "@/server/http/attachment";
import { ASSIGNMENT_SELECT } from "./assignment-dto";
import { gradeStudents, listStudents } from "./grade-students";

/**
 * GET /api/groups/{id}/gradebook/{canvas,moodle,plain}.csv: every student's standing grade on each
 * of the group's assignments that has opened, one column each in the group's order, for the staff.
 * (Assignments not open yet are left out: importing a column of zeros would overwrite a gradebook.)
 */
export async function exportGroupGradebook(viewer: Viewer, groupId: string, format: GradebookFormat, now = new Date()): Promise<Response> {
  const membership = await findMembership(viewer, groupId);
  assertCanManageGroupAssignments(viewer, membership, "export the gradebook");
  const [group, assignments, students] = await Promise.all([
    db.group.findUniqueOrThrow({ where: { id: groupId }, select: { name: true } }),
    db.assignment.findMany({
      where: { groupId, opensAt: { lte: now } },
      select: ASSIGNMENT_SELECT,
      orderBy: [{ position: "asc" }, { dueAt: "asc" }],
    }),
    listStudents(groupId),
  ]);
  const columns = [];
  for (const assignment of assignments) {
    columns.push({ title: assignment.title, points: assignment.points, grades: await gradeStudents(assignment, students, now) });
  }
  const csv = groupGradebookCsv(format, students, columns);
  const safeName = group.name.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "group";
  return attachmentResponse({
    filename: `${safeName}-gradebook-${format}.csv`,
    contentType: "text/csv; charset=utf-8",
    body: new TextEncoder().encode(csv),
  });
}
