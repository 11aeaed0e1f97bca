import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createDocument, createGroup, createUsers, insertAnnotation, insertReply, insertScore } from "@/tests/factories";
import { listGrades } from "./list-grades";

const HOUR = 3_600_000;

describe("rubric scores in an assignment's grade, on the real database", () => {
  let people: Record<"teacher" | "ana" | "ben", { id: string }>;
  let assignmentId: string;

  beforeAll(async () => {
    people = await createUsers(["teacher", "ana", "ben"] as const, "rubric-grade.example.edu");
    const group = await createGroup(people.teacher, { members: { member: [people.ana, people.ben] } });
    const document = await createDocument("rubric-grade-article");
    const scope = { visibility: { group: group.id } };
    const first = await insertAnnotation(people.ana, document, scope);
    const second = await insertAnnotation(people.ana, document, scope);
    await insertScore(first, people.teacher, 3);
    await insertScore(second, people.teacher, 0);
    // Ben's reply is scored but replies are not expected here; it still counts toward the mean.
    const own = await insertAnnotation(people.ben, document, scope);
    await insertScore(await insertReply(people.ben, own), people.teacher, 2);
    const row = await db.assignment.create({
      data: {
        groupId: group.id,
        documentId: document.id,
        title: "Scored",
        opensAt: new Date(Date.now() - HOUR),
        dueAt: new Date(Date.now() + HOUR),
        expectedAnnotations: 2,
        points: 10,
        rubricPercent: 50,
      },
    });
    assignmentId = row.id;
  });

  it("blends the mean score of the counted work into the computed grade", async () => {
    const { grades } = await listGrades(people.teacher, assignmentId);
    const byId = new Map(grades.map((grade) => [grade.student.id, grade]));
    // Ana: 2 of 2 annotations (5 points) + mean 1.5 of 3 (2.5 points).
    expect(byId.get(people.ana.id)).toMatchObject({ rubric: 1.5, computed: 7.5 });
    // Ben: 1 of 2 annotations (2.5 points) + mean of his scored reply, 2 of 3 (3.33 points).
    expect(byId.get(people.ben.id)).toMatchObject({ rubric: 2, computed: 5.83 });
  });
});
