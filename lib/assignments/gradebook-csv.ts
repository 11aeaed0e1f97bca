import { csvField } from "@/lib/exports/csv";
import { roundPoints, STATUS_LABELS } from "./grading";
import type { AssignmentDto, GradeDto } from "./responses";
import type { GradebookFormat } from "./schemas";

/**
 * An assignment's grades as a gradebook import file. Students are matched by email, the one
 * identifier both sides share:
 * - Canvas (Grades → Import): its export's columns `Student, ID, SIS User ID, SIS Login ID, Section`,
 *   then one column named after the assignment; a "Points Possible" row tells Canvas what it is out
 *   of. ID and SIS User ID are Canvas's own numbers, which we do not know: left empty, and the email
 *   goes in SIS Login ID (institutions whose Canvas logins are emails match on it).
 * - Moodle (Grades → Import → CSV file): `email` and one grade column, mapped on import with
 *   "Map from: email address".
 * - Plain: everything the staff see, one row per student: counts, reading progress (furthest
 *   paragraph as a percentage, active minutes), the mean rubric score, computed grade, override.
 * Gradebook files carry no BOM (Canvas and Moodle read UTF-8 as is); the plain one has it, for Excel.
 */
export function gradebookCsv(
  format: GradebookFormat,
  assignment: Pick<AssignmentDto, "title" | "grading">,
  grades: readonly GradeDto[],
): string {
  const points = (value: number) => String(roundPoints(value));
  switch (format) {
    case "canvas":
      return toCsv([
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ...uniqueTitles([assignment.title], format)],
        ["Points Possible", "", "", "", "", points(assignment.grading.points)],
        ...grades.map((grade) => [sortableName(grade.student.name), "", "", grade.email ?? "", "", points(grade.grade)]),
      ]);
    case "moodle":
      return toCsv([["email", assignment.title], ...grades.map((grade) => [grade.email ?? "", points(grade.grade)])]);
    case "plain":
      return `\uFEFF${toCsv([
        [...PLAIN_COLUMNS],
        ...grades.map((grade) => [
          grade.student.name,
          grade.email ?? "",
          STATUS_LABELS[grade.status],
          String(grade.counts.annotations),
          String(grade.counts.replies),
          String(grade.late.annotations + grade.late.replies),
          // Empty where the deployment records no reading progress (READING_PROGRESS=off) or nothing is scored.
          grade.reading ? String(grade.reading.furthestPercent) : "",
          grade.reading ? String(grade.reading.activeMinutes) : "",
          grade.rubric === null ? "" : points(grade.rubric),
          points(grade.computed),
          grade.override ? points(grade.override.points) : "",
          grade.override?.reason ?? "",
          points(grade.grade),
          points(grade.points),
        ]),
      ])}`;
  }
}

export const PLAIN_COLUMNS = [
  "name",
  "email",
  "status",
  "annotations",
  "replies",
  "late",
  "read_percent",
  "active_minutes",
  "rubric_mean",
  "computed",
  "override",
  "override_reason",
  "grade",
  "out_of",
] as const;

export type GradebookColumn = { title: string; points: number; grades: readonly GradeDto[] };

/**
 * A group's gradebook: one row per student, one column per assignment (in the group's order), in
 * the same three formats. A student with no row in a column (cannot happen for a group's own
 * students, who are graded on every assignment) gets an empty cell. Two assignments with the same
 * title get "[2]", "[3]" after it: Canvas reads a trailing "(123)" as its own assignment id, and
 * two equal headers would be one column to both gradebooks.
 */
export function groupGradebookCsv(
  format: GradebookFormat,
  students: ReadonlyArray<{ id: string; name: string; email: string }>,
  columns: readonly GradebookColumn[],
): string {
  const points = (value: number) => String(roundPoints(value));
  const titles = uniqueTitles(
    columns.map((column) => column.title),
    format,
  );
  const gradeOf = columns.map((column) => new Map(column.grades.map((grade) => [grade.student.id, grade.grade])));
  const cells = (studentId: string) =>
    gradeOf.map((grades) => {
      const grade = grades.get(studentId);
      return grade === undefined ? "" : points(grade);
    });
  switch (format) {
    case "canvas":
      return toCsv([
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ...titles],
        ["Points Possible", "", "", "", "", ...columns.map((column) => points(column.points))],
        ...students.map((student) => [sortableName(student.name), "", "", student.email, "", ...cells(student.id)]),
      ]);
    case "moodle":
      return toCsv([["email", ...titles], ...students.map((student) => [student.email, ...cells(student.id)])]);
    case "plain": {
      const outOf = columns.reduce((sum, column) => sum + column.points, 0);
      return `\uFEFF${toCsv([
        ["name", "email", ...titles, "total", "out_of"],
        ...students.map((student) => {
          const total = gradeOf.reduce((sum, grades) => sum + (grades.get(student.id) ?? 0), 0);
          return [student.name, student.email, ...cells(student.id), points(total), points(outOf)];
        }),
      ])}`;
    }
  }
}

/**
 * Column names an importer can tell apart: Canvas and Moodle match a column to an assignment by its
 * name, so a repeated one gets " [2]" (or the next number no column has, compared without case), and
 * for Canvas a title ending in "(12)" ends in "[12]" instead: Canvas reads a trailing "(123)" as
 * the id of one of its own assignments.
 */
function uniqueTitles(titles: readonly string[], format: GradebookFormat): string[] {
  const taken = new Set<string>();
  return titles.map((written) => {
    const title = format === "canvas" ? written.replace(/\((\d+)\)\s*$/, "[$1]") : written;
    let name = title;
    for (let count = 2; taken.has(name.toLowerCase()); count += 1) name = `${title} [${count}]`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Canvas lists students as "Last, First"; a one-word name stays as it is. */
/** Canvas's "Last, First": a name already written with a comma ("Khan, Ayesha") is that order already. */
function sortableName(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts.length < 2 || name.includes(",") ? name : `${parts.at(-1)}, ${parts.slice(0, -1).join(" ")}`;
}

function toCsv(rows: string[][]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}
