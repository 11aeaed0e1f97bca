import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { addMembers, createDocument, createGroup, createUsers, insertAnnotation, type TestUser } from "@/tests/factories";
import { listGrades } from "./list-grades";
import { releaseGrades } from "./release-grades";
import { gradesMovedSinceRelease } from "./released-grades";
import { removeGradeOverride, setGradeOverride } from "./set-grade-override";

// Grades stay live after a release: work a student posts, edits or deletes since moves the grade
// they see, and the staff were told nothing (an outside probe of a class of 40). The staff now see
// each grade as it was released beside the grade as it stands, and which moved.
const SLUG = "released-grades-article";
const HOUR = 3_600_000;
let people: Record<"Teacher" | "Ana Lima" | "Ben Okafor" | "Cleo Park", TestUser>;
let group: { id: string };
let document: { id: string };

beforeAll(async () => {
  people = await createUsers(["Teacher", "Ana Lima", "Ben Okafor", "Cleo Park"] as const, "released-grades.example.edu");
  group = await createGroup(people.Teacher, { members: { member: [people["Ana Lima"], people["Ben Okafor"]] } });
  document = await createDocument(SLUG);
});

async function assign(title: string) {
  return db.assignment.create({
    data: {
      groupId: group.id,
      documentId: document.id,
      title,
      opensAt: new Date(Date.now() - 2 * HOUR),
      dueAt: new Date(Date.now() + HOUR),
      expectedAnnotations: 2,
      expectedReplies: 0,
      points: 10,
    },
    select: { id: true },
  });
}

const byName = async (id: string) =>
  Object.fromEntries((await listGrades(people.Teacher, id)).grades.map((grade) => [grade.student.name, grade]));

describe("grades as released", () => {
  it("are recorded at each release; the staff see which grades moved since, and a student who joined since", async () => {
    const { id } = await assign("Released, then moved");
    await insertAnnotation(people["Ana Lima"], document, { visibility: { group: group.id }, body: "One" });
    await insertAnnotation(people["Ben Okafor"], document, { visibility: { group: group.id }, body: "Ben's one" });

    // Before a release: nothing released, nothing moved.
    const before = await byName(id);
    expect(before["Ana Lima"].released).toBeNull();
    expect(gradesMovedSinceRelease(Object.values(before))).toEqual([]);

    await releaseGrades(people.Teacher, id);
    const atRelease = await byName(id);
    expect(atRelease["Ana Lima"]).toMatchObject({ grade: 5, released: { points: 5 } });
    expect(atRelease["Ben Okafor"]).toMatchObject({ grade: 5, released: { points: 5 } });
    expect(gradesMovedSinceRelease(Object.values(atRelease))).toEqual([]);

    // Ana posts a second note, Ben's is deleted, and Cleo joins: three grades move, each from what was released.
    await insertAnnotation(people["Ana Lima"], document, { visibility: { group: group.id }, body: "Two" });
    await db.annotation.updateMany({
      where: { authorId: people["Ben Okafor"].id, documentId: document.id },
      data: { deletedAt: new Date() },
    });
    await addMembers(group, { member: [people["Cleo Park"]] });
    const after = await byName(id);
    expect(after["Ana Lima"]).toMatchObject({ grade: 10, released: { points: 5 } });
    expect(after["Ben Okafor"]).toMatchObject({ grade: 0, released: { points: 5 } });
    expect(after["Cleo Park"]).toMatchObject({ grade: 0, released: null });
    expect(gradesMovedSinceRelease(Object.values(after)).map((grade) => grade.student.name)).toEqual([
      "Ana Lima",
      "Ben Okafor",
      "Cleo Park",
    ]);

    // An override moves a grade too; taken back, the grade is where it was released.
    const override = await setGradeOverride(people.Teacher, id, people["Ana Lima"].id, { points: 5, reason: "Second note off topic" });
    expect(gradesMovedSinceRelease(Object.values(await byName(id))).map((grade) => grade.student.name)).toEqual([
      "Ben Okafor",
      "Cleo Park",
    ]);
    await removeGradeOverride(people.Teacher, id, people["Ana Lima"].id, { ifUnmodifiedSince: new Date(override.override!.at) });

    // Released again: the grades as they stand are the released ones, the first release time kept.
    const first = await db.assignment.findUniqueOrThrow({ where: { id }, select: { gradesReleasedAt: true } });
    await releaseGrades(people.Teacher, id);
    const again = await byName(id);
    expect(again["Ana Lima"].released?.points).toBe(10);
    expect(again["Cleo Park"].released?.points).toBe(0);
    expect(gradesMovedSinceRelease(Object.values(again))).toEqual([]);
    expect((await db.assignment.findUniqueOrThrow({ where: { id }, select: { gradesReleasedAt: true } })).gradesReleasedAt).toEqual(
      first.gradesReleasedAt,
    );
  });

  it("are the staff's: a student reading their own grade is not shown what was released", async () => {
    const { id } = await assign("Student's own");
    await releaseGrades(people.Teacher, id);
    const own = await listGrades(people["Ana Lima"], id);
    expect(own.grades).toHaveLength(1);
    expect(own.grades[0].released).toBeNull();
  });

  it("say nothing moved for grades released before releases were recorded", async () => {
    const { id } = await assign("Released long ago");
    await db.assignment.update({ where: { id }, data: { gradesReleasedAt: new Date(Date.now() - HOUR) } });
    const grades = Object.values(await byName(id));
    expect(grades.every((grade) => grade.released === null)).toBe(true);
    expect(gradesMovedSinceRelease(grades)).toEqual([]);
  });
});
