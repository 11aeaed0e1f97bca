import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { listGrades } from "@/server/assignments/list-grades";
import { createDocument, createGroup, createUser, type TestUser } from "@/tests/factories";
import { getGroupReview } from "./get-group-review";
import { streamReviewCsv } from "./review-csv-file";

// The review page and students.csv list the class as the assignment page does (lib/groups/class-order.ts):
// they took the database's order, which put "Zoë" and "Émile" after "Student 40" on SQLite.
const SLUG = "class-order-article";
const NAMES = ["Student 40", "Zoë Adler", "Émile Roux", "Ana Lima", "student 3"];
const IN_ORDER = ["Ana Lima", "Émile Roux", "student 3", "Student 40", "Zoë Adler"];
let teacher: TestUser;
let group: { id: string };
let assignmentId: string;

beforeAll(async () => {
  const document = await createDocument(SLUG);
  teacher = await createUser({ name: "Teacher", email: "teacher@class-order.example.edu" });
  const students = [];
  for (const [index, name] of NAMES.entries()) students.push(await createUser({ name, email: `s${index}@class-order.example.edu` }));
  group = await createGroup(teacher, { members: { member: students } });
  ({ id: assignmentId } = await db.assignment.create({
    data: { groupId: group.id, documentId: document.id, title: "Week 1", opensAt: new Date(), dueAt: new Date(Date.now() + 86_400_000) },
    select: { id: true },
  }));
});

describe("the order of a class", () => {
  it("is the assignment page's on the review page", async () => {
    const { grades } = await listGrades(teacher, assignmentId);
    expect(grades.map((grade) => grade.student.name)).toEqual(IN_ORDER);
    const review = await getGroupReview(teacher, group.id, SLUG);
    expect(review.students.map((student) => student.name)).toEqual(IN_ORDER);
  });

  it("is the assignment page's in students.csv", async () => {
    const csv = await new Response((await streamReviewCsv(teacher, group.id, SLUG, "students")).body).text();
    const names = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(",")[0]);
    expect(names).toEqual(IN_ORDER);
  });
});
