import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { DueList } from "@/components/assignments/due-list";
import { db } from "@/server/db/client";
import { createDocument, createGroup, createUsers, insertAnnotation, type TestUser } from "@/tests/factories";
import { exportGradebook } from "./export-gradebook";
import { listGrades } from "./list-grades";
import { listMyAssignments } from "./list-my-assignments";

const HOUR = 3_600_000;
const dueAt = new Date(Date.now() - 24 * HOUR);
let people: Record<"Teacher" | "Ana Lima" | "Ben Okafor" | "Cleo Park", TestUser>;
let assignmentId: string;

beforeAll(async () => {
  people = await createUsers(["Teacher", "Ana Lima", "Ben Okafor", "Cleo Park"] as const, "missing-status.example.edu");
  const group = await createGroup(people.Teacher, { members: { member: [people["Ana Lima"], people["Ben Okafor"]] } });
  const document = await createDocument("missing-status-article");
  ({ id: assignmentId } = await db.assignment.create({
    data: {
      groupId: group.id,
      documentId: document.id,
      title: "Week 1",
      opensAt: new Date(Date.now() - 72 * HOUR),
      dueAt,
      expectedAnnotations: 2,
      expectedReplies: 0,
    },
    select: { id: true },
  }));
  // Ana: one annotation, handed in after the due time. Ben: nothing. Cleo joined after the due time, with nothing.
  await insertAnnotation(people["Ana Lima"], document, { visibility: { group: group.id }, body: "A late thought" });
  await db.membership.create({ data: { groupId: group.id, userId: people["Cleo Park"].id, role: "member" } });
});

describe("a student who handed in nothing by the due time", () => {
  it("is Missing on the staff's list, not Late: Late is for work handed in late", async () => {
    const { grades } = await listGrades(people.Teacher, assignmentId);
    expect(grades.map((grade) => [grade.student.name, grade.status, grade.late.annotations])).toEqual([
      ["Ana Lima", "late", 1],
      ["Ben Okafor", "missing", 0],
      ["Cleo Park", "missing", 0],
    ]);
  });

  it("is Missing in the plain CSV", async () => {
    const csv = await (await exportGradebook(people.Teacher, assignmentId, "plain")).text();
    const statusOf = (name: string) =>
      csv
        .split("\r\n")
        .find((line) => line.startsWith(name))
        ?.split(",")[2];
    expect([statusOf("Ana Lima"), statusOf("Ben Okafor"), statusOf("Cleo Park")]).toEqual(["Late", "Missing", "Missing"]);
  });

  it("is Missing in the student's own Due list", async () => {
    const mine = await listMyAssignments(people["Ben Okafor"]);
    expect(mine.map((assignment) => assignment.progress.status)).toEqual(["missing"]);
    const html = renderToStaticMarkup(<DueList assignments={mine} showGroup={false} />);
    expect(html).toContain('class="tag due-list__status due-list__status--missing">Missing</span>');
    expect(html).not.toContain(">Late<");
  });
});
