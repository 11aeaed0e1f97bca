import { z } from "zod";
import { defineContract } from "@/lib/api/contract";
import {
  ZAssignmentDto,
  ZAssignmentList,
  ZDeleteAssignmentResult,
  ZGradeDto,
  ZGradeList,
  ZMyAssignmentList,
  ZProgressList,
  ZReleaseGradesResult,
} from "@/lib/assignments/responses";
import {
  ZCreateAssignmentSchema,
  ZGradeOverrideSchema,
  ZRemoveGradeOverrideQuery,
  ZUpdateAssignmentSchema,
} from "@/lib/assignments/schemas";
import { ZGroupIdParams } from "./params";

const ZAssignmentIdParams = z.object({ id: z.string().meta({ description: "The assignment's id." }) });
const ZGradeParams = ZAssignmentIdParams.extend({ userId: z.string().meta({ description: "The student's user id." }) });
const NO_SUCH = "Not a member of the assignment's group, or a member before it opens (the same answer as one that does not exist).";
const STAFF_ONLY = "A member who is not the group's owner or an instructor.";
const CSV_CONTENT = { "text/csv": null } as const;

export const listGroupAssignmentsContract = defineContract({
  method: "GET",
  path: "/api/groups/{id}/assignments",
  summary: "A group's assignments in order: all for its owner and instructors, the opened ones for members.",
  tag: "Assignments",
  auth: "read",
  params: ZGroupIdParams,
  responses: { 200: { description: "The assignments.", schema: ZAssignmentList } },
  errors: { 404: "A group you do not belong to." },
});

export const createAssignmentContract = defineContract({
  method: "POST",
  path: "/api/groups/{id}/assignments",
  summary: "The owner or an instructor assigns a reading the group's members can read, with expectations and grading.",
  tag: "Assignments",
  auth: "write",
  params: ZGroupIdParams,
  body: ZCreateAssignmentSchema,
  responses: { 201: { description: "The new assignment, last on the list.", schema: ZAssignmentDto } },
  errors: { 403: STAFF_ONLY, 404: "A group you do not belong to, or a reading its members cannot read." },
});

export const getAssignmentContract = defineContract({
  method: "GET",
  path: "/api/assignments/{id}",
  summary: "One assignment.",
  tag: "Assignments",
  auth: "read",
  params: ZAssignmentIdParams,
  responses: { 200: { description: "The assignment.", schema: ZAssignmentDto } },
  errors: { 404: NO_SUCH },
});

export const updateAssignmentContract = defineContract({
  method: "PATCH",
  path: "/api/assignments/{id}",
  summary: "The staff edit, reorder (position), close or reopen (closed) an assignment.",
  tag: "Assignments",
  auth: "write",
  params: ZAssignmentIdParams,
  body: ZUpdateAssignmentSchema,
  responses: { 200: { description: "The assignment as it is now.", schema: ZAssignmentDto } },
  errors: {
    403: STAFF_ONLY,
    404: NO_SUCH,
    409:
      "Nothing was saved, and the message says which: `ifUnmodifiedSince` was given and someone changed the assignment since; " +
      "`grading.points` would be below a grade override (lower the override first); or grades are released and the change " +
      'would give a student a new grade (naming them, "Ana Lima 10 → 20") without `changeReleasedGrades: true`.',
  },
});

export const deleteAssignmentContract = defineContract({
  method: "DELETE",
  path: "/api/assignments/{id}",
  summary: "The staff delete an assignment and its grade overrides; students' annotations and replies stay.",
  tag: "Assignments",
  auth: "write",
  params: ZAssignmentIdParams,
  responses: { 200: { description: "What was deleted.", schema: ZDeleteAssignmentResult } },
  errors: { 403: STAFF_ONLY, 404: NO_SUCH },
});

export const getProgressContract = defineContract({
  method: "GET",
  path: "/api/assignments/{id}/progress",
  summary: "Progress: the staff see every student; a student only themselves.",
  tag: "Assignments",
  auth: "read",
  params: ZAssignmentIdParams,
  responses: { 200: { description: "One row per student in view.", schema: ZProgressList } },
  errors: { 404: NO_SUCH },
});

export const listGradesContract = defineContract({
  method: "GET",
  path: "/api/assignments/{id}/grades",
  summary: "Grades: the staff see every student's computed grade and override; a student their own once released.",
  tag: "Assignments",
  auth: "read",
  params: ZAssignmentIdParams,
  responses: { 200: { description: "The grades in view.", schema: ZGradeList } },
  errors: { 403: "A student, before grades are released.", 404: NO_SUCH },
});

export const setGradeOverrideContract = defineContract({
  method: "PUT",
  path: "/api/assignments/{id}/grades/{userId}",
  summary: "The staff override one student's grade, with a reason.",
  tag: "Assignments",
  auth: "write",
  params: ZGradeParams,
  body: ZGradeOverrideSchema,
  responses: { 200: { description: "The student's grade now.", schema: ZGradeDto } },
  errors: {
    403: STAFF_ONLY,
    404: `${NO_SUCH} Or a user who is not a student in the group.`,
    409: "`ifUnmodifiedSince` was given and the override changed since (set, changed or taken back): nothing was saved.",
  },
});

export const removeGradeOverrideContract = defineContract({
  method: "DELETE",
  path: "/api/assignments/{id}/grades/{userId}",
  summary: "The staff take an override back: the student's grade follows the assignment's rules again.",
  tag: "Assignments",
  auth: "write",
  params: ZGradeParams,
  query: ZRemoveGradeOverrideQuery,
  responses: {
    200: { description: "The student's grade now (without an override; taking back none changes nothing).", schema: ZGradeDto },
  },
  errors: {
    403: STAFF_ONLY,
    404: `${NO_SUCH} Or a user who is not a student in the group.`,
    409: "`ifUnmodifiedSince` was given and someone set or changed the override since: it stays as they left it.",
  },
});

export const releaseGradesContract = defineContract({
  method: "POST",
  path: "/api/assignments/{id}/release",
  summary: "The staff release the assignment's grades: each student sees their own from now on.",
  tag: "Assignments",
  auth: "write",
  params: ZAssignmentIdParams,
  responses: { 200: { description: "When grades were (first) released.", schema: ZReleaseGradesResult } },
  errors: { 403: STAFF_ONLY, 404: NO_SUCH },
});

const exportContract = <const P extends `/api/assignments/{id}/export/${string}.csv`>(path: P, summary: string, description: string) =>
  defineContract({
    method: "GET",
    path,
    summary,
    description,
    tag: "Assignments",
    auth: "read",
    params: ZAssignmentIdParams,
    responses: { 200: { description: "The CSV file.", otherContent: CSV_CONTENT } },
    errors: { 403: STAFF_ONLY, 404: NO_SUCH },
  });

export const exportCanvasContract = exportContract(
  "/api/assignments/{id}/export/canvas.csv",
  "The grades in Canvas's gradebook import format (staff).",
  'Columns `Student, ID, SIS User ID, SIS Login ID, Section, <title>` and a "Points Possible" row; the email is the SIS Login ID.',
);
export const exportMoodleContract = exportContract(
  "/api/assignments/{id}/export/moodle.csv",
  "The grades in Moodle's CSV grade import format (staff).",
  "Columns `email, <title>`: map from email address on import.",
);
export const exportPlainContract = exportContract(
  "/api/assignments/{id}/export/plain.csv",
  "Every student's status, counts, reading progress, rubric mean, computed grade, override and grade (staff).",
  "Columns `name, email, status, annotations, replies, late, read_percent, active_minutes, rubric_mean, computed, override, override_reason, grade, out_of` (reading and rubric cells empty where nothing is recorded or scored); UTF-8 with BOM, formula-safe.",
);

const groupGradebookContract = <const P extends `/api/groups/{id}/gradebook/${string}.csv`>(
  path: P,
  summary: string,
  description: string,
) =>
  defineContract({
    method: "GET",
    path,
    summary,
    description: `${description} One column per assignment that has opened, in the group's order; a repeated title gets " [2]".`,
    tag: "Assignments",
    auth: "read",
    params: ZGroupIdParams,
    responses: { 200: { description: "The CSV file.", otherContent: CSV_CONTENT } },
    errors: { 403: STAFF_ONLY, 404: "Not a member of the group (the same answer as one that does not exist)." },
  });

export const groupGradebookCanvasContract = groupGradebookContract(
  "/api/groups/{id}/gradebook/canvas.csv",
  "The group's gradebook in Canvas's import format (staff).",
  'Columns `Student, ID, SIS User ID, SIS Login ID, Section, <title>...` and a "Points Possible" row; the email is the SIS Login ID.',
);
export const groupGradebookMoodleContract = groupGradebookContract(
  "/api/groups/{id}/gradebook/moodle.csv",
  "The group's gradebook in Moodle's CSV grade import format (staff).",
  "Columns `email, <title>...`: map from email address on import.",
);
export const groupGradebookPlainContract = groupGradebookContract(
  "/api/groups/{id}/gradebook/plain.csv",
  "The group's gradebook as a plain CSV (staff).",
  "Columns `name, email, <title>..., total, out_of`; UTF-8 with BOM, formula-safe.",
);

export const listMyAssignmentsContract = defineContract({
  method: "GET",
  path: "/api/me/assignments",
  summary: "What is due for me: the opened assignments of the groups I am a student in, soonest first, with my progress.",
  tag: "Assignments",
  auth: "read",
  responses: { 200: { description: "My assignments; grade is null until released.", schema: ZMyAssignmentList } },
});
