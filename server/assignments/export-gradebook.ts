import "server-only";
import { gradebookCsv } from "@/lib/assignments/gradebook-csv";
import type { GradebookFormat } from "@/lib/assignments/schemas";
import { loadAssignmentFor } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { attachmentResponse } from "@/server/http/attachment";
import { selectAssignment, toAssignmentDto } from "./assignment-dto";
import { gradeStudents, listStudents } from "./grade-students";

/** GET /api/assignments/{id}/export/{canvas,moodle,plain}.csv: the grades that stand, for the staff. */
export async function exportGradebook(viewer: Viewer, id: string, format: GradebookFormat): Promise<Response> {
  const { assignment } = await loadAssignmentFor(viewer, id, "manage", selectAssignment);
  const grades = await gradeStudents(assignment, await listStudents(assignment.groupId));
  const csv = gradebookCsv(format, toAssignmentDto(assignment), grades);
  const safeTitle = assignment.title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "assignment";
  return attachmentResponse({
    filename: `${safeTitle}-${format}.csv`,
    contentType: "text/csv; charset=utf-8",
    body: new TextEncoder().encode(csv),
  });
}
