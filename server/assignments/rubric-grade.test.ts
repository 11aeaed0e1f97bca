import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createDocument, createGroup, createUsers, insertAnnotation, insertReply, insertScore } from "@/tests/factories";
import { listGrades } from "./list-grades";
import { releaseGrades } from "./release-grades";

const HOUR = 3_600_000;

/** An assignment of 10 points, opened an hour ago and due in an hour. */
async function createOpenAssignment(fields: { groupId: string; documentId: string; expectedAnnotations: number; rubricPercent: number }) {
  const { id } = await db.assignment.create({
    data: { ...fields, title: "Rubric", opensAt: new Date(Date.now() - HOUR), dueAt: new Date(Date.now() + HOUR), points: 10 },
  });
  return id;
}

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
    // Ben's reply (in Ana's thread) is scored but replies are not expected here; it still counts toward the mean.
    await insertAnnotation(people.ben, document, scope);
    await insertScore(await insertReply(people.ben, first), people.teacher, 2);
    assignmentId = await createOpenAssignment({ groupId: group.id, documentId: document.id, expectedAnnotations: 2, rubricPercent: 50 });
  });

  it("blends the mean score of the counted work into the computed grade", async () => {
    const { grades } = await listGrades(people.teacher, assignmentId);
    const byId = new Map(grades.map((grade) => [grade.student.id, grade]));
    // Ana: 2 of 2 annotations (5 points) + mean 1.5 of 3 (2.5 points).
    expect(byId.get(people.ana.id)).toMatchObject({ rubric: 1.5, computed: 7.5 });
    // Ben: 1 of 2 annotations (2.5 points) + mean of his scored reply, 2 of 3 (3.33 points).
    expect(byId.get(people.ben.id)).toMatchObject({ rubric: 2, computed: 5.83 });
  });

  it("releasing the grades releases the scores they are made of, and nothing outside the assignment's work", async () => {
    const assignment = await db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { groupId: true, documentId: true } });
    // A score in another group on the same reading: not this assignment's work.
    const other = await createGroup(people.teacher, { members: { member: [people.ana] } });
    const elsewhere = await insertAnnotation(people.ana, { id: assignment.documentId }, { visibility: { group: other.id } });
    await insertScore(elsewhere, people.teacher, 1);
    const unreleased = () =>
      db.score.count({ where: { releasedAt: null, annotation: { groupId: assignment.groupId, documentId: assignment.documentId } } });
    expect(await unreleased()).toBe(3);

    const { gradesReleasedAt } = await releaseGrades(people.teacher, assignmentId);

    expect(await unreleased()).toBe(0);
    const released = await db.score.findMany({
      where: { annotation: { groupId: assignment.groupId, documentId: assignment.documentId } },
      select: { releasedAt: true },
    });
    expect(released.map((score) => score.releasedAt?.toISOString())).toEqual([gradesReleasedAt, gradesReleasedAt, gradesReleasedAt]);
    expect(await db.score.findUniqueOrThrow({ where: { annotationId: elsewhere.id }, select: { releasedAt: true } })).toEqual({
      releasedAt: null,
    });
    // Ana reads her own grade with its rubric mean, made of scores she may now read.
    const { grades } = await listGrades(people.ana, assignmentId);
    expect(grades).toEqual([expect.objectContaining({ rubric: 1.5, computed: 7.5, email: null })]);
  });
});

describe("an assignment whose grade has no rubric part", () => {
  it("shows the student no rubric mean, and releasing its grades releases no score", async () => {
    const people = await createUsers(["teacher", "cleo"] as const, "rubric-none.example.edu");
    const group = await createGroup(people.teacher, { members: { member: [people.cleo] } });
    const document = await createDocument("rubric-none-article");
    const scored = await insertAnnotation(people.cleo, document, { visibility: { group: group.id } });
    await insertScore(scored, people.teacher, 3);
    const id = await createOpenAssignment({ groupId: group.id, documentId: document.id, expectedAnnotations: 1, rubricPercent: 0 });
    await releaseGrades(people.teacher, id);
    expect(await db.score.findUniqueOrThrow({ where: { annotationId: scored.id }, select: { releasedAt: true } })).toEqual({
      releasedAt: null,
    });
    const { grades } = await listGrades(people.cleo, id);
    expect(grades).toEqual([expect.objectContaining({ rubric: null, grade: 10 })]);
    // The staff still see the mean beside the grade.
    expect((await listGrades(people.teacher, id)).grades).toEqual([expect.objectContaining({ rubric: 3 })]);
  });
});

describe("a rubric score given after the grades are released", () => {
  it("stays out of the grade until the grades are released again, which releases it", async () => {
    const people = await createUsers(["teacher", "dara"] as const, "rubric-late-score.example.edu");
    const group = await createGroup(people.teacher, { members: { member: [people.dara] } });
    const document = await createDocument("rubric-late-score-article");
    const scope = { visibility: { group: group.id } };
    const first = await insertAnnotation(people.dara, document, scope);
    const second = await insertAnnotation(people.dara, document, scope);
    await insertScore(first, people.teacher, 3);
    const id = await createOpenAssignment({ groupId: group.id, documentId: document.id, expectedAnnotations: 2, rubricPercent: 100 });
    const { gradesReleasedAt } = await releaseGrades(people.teacher, id);
    // Dara reads a mean of the one score she can read: 3 of 3.
    const released = expect.objectContaining({ rubric: 3, computed: 10 });
    expect((await listGrades(people.dara, id)).grades).toEqual([released]);

    await insertScore(second, people.teacher, 0);
    // She cannot read the new score yet, so neither she, the staff nor an export sees it in her grade.
    expect(await db.score.findUniqueOrThrow({ where: { annotationId: second.id }, select: { releasedAt: true } })).toEqual({
      releasedAt: null,
    });
    expect((await listGrades(people.dara, id)).grades).toEqual([released]);
    expect((await listGrades(people.teacher, id)).grades).toEqual([released]);

    // Releasing again releases it (keeping the first release time) and the grade counts it.
    expect(await releaseGrades(people.teacher, id)).toEqual({ gradesReleasedAt });
    expect(await db.score.findUniqueOrThrow({ where: { annotationId: second.id }, select: { releasedAt: true } })).toEqual({
      releasedAt: expect.any(Date),
    });
    const both = expect.objectContaining({ rubric: 1.5, computed: 5 });
    expect((await listGrades(people.dara, id)).grades).toEqual([both]);
    expect((await listGrades(people.teacher, id)).grades).toEqual([both]);
  });

  it("counts at once in a group that releases scores at once", async () => {
    const people = await createUsers(["teacher", "eli"] as const, "rubric-immediate.example.edu");
    const group = await createGroup(people.teacher, { members: { member: [people.eli] } });
    await db.group.update({ where: { id: group.id }, data: { scoreRelease: "immediate" } });
    const document = await createDocument("rubric-immediate-article");
    const annotation = await insertAnnotation(people.eli, document, { visibility: { group: group.id } });
    const id = await createOpenAssignment({ groupId: group.id, documentId: document.id, expectedAnnotations: 1, rubricPercent: 100 });
    await releaseGrades(people.teacher, id);
    await insertScore(annotation, people.teacher, 3);
    expect((await listGrades(people.eli, id)).grades).toEqual([expect.objectContaining({ rubric: 3, computed: 10 })]);
  });
});
