import { describe, expect, it } from "vitest";
import { gradebookCsv, groupGradebookCsv, PLAIN_COLUMNS } from "./gradebook-csv";
import type { GradeDto } from "./responses";

const base: Omit<GradeDto, "student" | "email" | "reading" | "rubric" | "computed" | "grade" | "override"> = {
  status: "done",
  counts: { annotations: 3, replies: 2 },
  late: { annotations: 1, replies: 0 },
  remaining: { annotations: 0, replies: 0, either: 0, readPercent: 0 },
  remainingText: "",
  points: 10,
  released: null,
};

const grades: GradeDto[] = [
  {
    ...base,
    student: { id: "a", name: "Ayesha Khan" },
    email: "ayesha@example.org",
    reading: { furthestPercent: 87, activeMinutes: 14 },
    rubric: 2.333,
    computed: 8.5,
    grade: 9,
    override: { points: 9, reason: 'Good, "late" reply', by: "Dr Lee", at: "2026-11-30T10:00:00.000Z" },
  },
  {
    ...base,
    student: { id: "b", name: "Bilal" },
    email: "bilal@example.org",
    reading: null,
    rubric: null,
    computed: 4,
    grade: 4,
    override: null,
  },
];

describe("the plain gradebook CSV", () => {
  it("gives every student their counts, reading progress, rubric mean and grades, under named columns", () => {
    const csv = gradebookCsv("plain", { title: "Week 1", grading: { points: 10 } as never }, grades);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const [header, first, second] = csv.slice(1).trimEnd().split(/\r?\n/);
    expect(header).toBe(PLAIN_COLUMNS.join(","));
    const row = (line: string) => Object.fromEntries(PLAIN_COLUMNS.map((column, index) => [column, parseCsvLine(line)[index]]));
    expect(row(first)).toEqual({
      name: "Ayesha Khan",
      email: "ayesha@example.org",
      status: expect.any(String),
      annotations: "3",
      replies: "2",
      late: "1",
      read_percent: "87",
      active_minutes: "14",
      rubric_mean: "2.33",
      computed: "8.5",
      override: "9",
      override_reason: 'Good, "late" reply',
      grade: "9",
      out_of: "10",
    });
    // No reading progress recorded, nothing scored: empty cells, not zeros.
    expect(row(second)).toMatchObject({ read_percent: "", active_minutes: "", rubric_mean: "", override: "", grade: "4" });
  });
});

describe("the Canvas gradebook CSV", () => {
  it("names students last name first, and leaves a name that already has a comma as it is", () => {
    const students = [
      { ...grades[0], student: { id: "a", name: "Ayesha Binte Khan" } },
      { ...grades[1], student: { id: "b", name: "Bilal" } },
      { ...grades[1], student: { id: "c", name: "Lee, Dana" } },
    ];
    const csv = gradebookCsv("canvas", { title: "Week 1", grading: { points: 10 } as never }, students);
    const names = csv
      .trimEnd()
      .split(/\r\n/)
      .slice(2)
      .map((line) => parseCsvLine(line)[0]);
    expect(names).toEqual(["Khan, Ayesha Binte", "Bilal", "Lee, Dana"]);
  });
});

// QA round 6: "Week 1", "Week 1" and "Week 1 [2]" made two columns named "Week 1 [2]", which Canvas
// and Moodle match by name.
describe("the group gradebook's column names", () => {
  const header = (format: "canvas" | "moodle" | "plain", titles: string[]) =>
    parseCsvLine(
      groupGradebookCsv(
        format,
        [{ id: "a", name: "Ana Lima", email: "ana@example.edu" }],
        titles.map((title) => ({ title, points: 10, grades: [] })),
      )
        .replace(/^\uFEFF/, "")
        .split("\r\n")[0],
    );

  it("are all different, compared as the importers compare them, in every format", () => {
    for (const format of ["canvas", "moodle", "plain"] as const) {
      const names = header(format, ["Week 1", "Week 1", "Week 1 [2]", "week 1", "Week 1 [2]"]).filter((name) => /week/i.test(name));
      expect(names, format).toEqual(["Week 1", "Week 1 [2]", "Week 1 [2] [2]", "week 1 [3]", "Week 1 [2] [3]"]);
      expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
    }
  });

  it("never end in a number in parentheses for Canvas, which reads one as its own assignment's id", () => {
    expect(header("canvas", ["Chapter (12)", "Chapter [12]"]).slice(5)).toEqual(["Chapter [12]", "Chapter [12] [2]"]);
    expect(header("moodle", ["Chapter (12)"]).slice(1)).toEqual(["Chapter (12)"]);
    const single = gradebookCsv("canvas", { title: "Essay (3)", grading: { points: 10 } as never }, grades);
    expect(parseCsvLine(single.split("\r\n")[0]).at(-1)).toBe("Essay [3]");
  });
});

/** One CSV line's fields (quoted fields with doubled quotes and commas inside). */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let isQuoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (isQuoted && char === '"' && line[index + 1] === '"') {
      field += '"';
      index += 1;
    } else if (char === '"') {
      isQuoted = !isQuoted;
    } else if (char === "," && !isQuoted) {
      fields.push(field);
      field = "";
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}
