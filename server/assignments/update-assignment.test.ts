import { beforeAll, describe, expect, it } from "vitest";
import { ZUpdateAssignmentSchema } from "@/lib/assignments/schemas";
import { db } from "@/server/db/client";
import { annotate, createDocument, createGroup, createUsers, type TestUser } from "@/tests/factories";
import { updateAssignment } from "./update-assignment";

const HOUR = 3_600_000;
let people: Record<"teacher" | "ana" | "ben", TestUser>;
let group: { id: string };
let document: { id: string };

beforeAll(async () => {
  people = await createUsers(["teacher", "ana", "ben"] as const, "update-assignment.example.edu");
  group = await createGroup(people.teacher, { members: { member: [people.ana, people.ben] } });
  document = await createDocument("update-assignment-article");
});

/** An open assignment with no field at its default, so a reset to a default shows. */
async function createAssignment() {
  const { id } = await db.assignment.create({
    data: {
      groupId: group.id,
      documentId: document.id,
      title: "Week 1",
      opensAt: new Date(Date.now() - HOUR),
      dueAt: new Date(Date.now() + HOUR),
      expectedAnnotations: 3,
      expectedReplies: 2,
      expectedReadPercent: 80,
      gradingMode: "scaled",
      points: 50,
      countMode: "cumulative",
      latePenaltyPercent: 20,
      rubricPercent: 30,
    },
  });
  return id;
}

const RULES = {
  expectedAnnotations: true,
  expectedReplies: true,
  expectedReadPercent: true,
  gradingMode: true,
  points: true,
  countMode: true,
  latePenaltyPercent: true,
  rubricPercent: true,
} as const;
const rulesOf = (id: string) => db.assignment.findUniqueOrThrow({ where: { id }, select: RULES });
// As the PATCH route does: the body through the schema, then the server function.
const patch = (id: string, body: unknown) => updateAssignment(people.teacher, id, ZUpdateAssignmentSchema.parse(body));

describe("a partial change to an assignment, on the real database", () => {
  it("changes the grading field it is given and keeps the others", async () => {
    const id = await createAssignment();
    const before = await rulesOf(id);
    const dto = await patch(id, { grading: { mode: "all_or_nothing" } });
    expect(await rulesOf(id)).toEqual({ ...before, gradingMode: "all_or_nothing" });
    expect(dto.grading).toEqual({ mode: "all_or_nothing", points: 50, count: "cumulative", latePenaltyPercent: 20, rubricPercent: 30 });
  });

  it("changes the expectation it is given and keeps the others", async () => {
    const id = await createAssignment();
    const before = await rulesOf(id);
    await patch(id, { expectations: { annotations: 5 } });
    expect(await rulesOf(id)).toEqual({ ...before, expectedAnnotations: 5 });
  });
});

describe("lowering an assignment's points below its grade overrides", () => {
  async function override(assignmentId: string, student: TestUser, points: number) {
    await db.gradeOverride.create({ data: { assignmentId, userId: student.id, points, reason: "Good work", byId: people.teacher.id } });
  }

  it("is refused with 409, saying how many overrides are above the new maximum, and writes nothing", async () => {
    const id = await createAssignment();
    await override(id, people.ana, 45);
    await override(id, people.ben, 30);
    const before = await db.assignment.findUniqueOrThrow({ where: { id } });

    const refusal = await patch(id, { title: "Week 1, shorter", grading: { points: 20 } }).catch((error: unknown) => error);

    expect(refusal).toMatchObject({ code: "CONFLICT", status: 409 });
    expect((refusal as Error).message).toMatch(/^2 grade overrides are above 20 points.*lower them to 20 or less first/);
    expect(await db.assignment.findUniqueOrThrow({ where: { id } })).toEqual(before);
    await expect(patch(id, { grading: { points: 40 } })).rejects.toThrow(/^1 grade override is above 40 points.*lower it/);
  });

  it("is allowed down to the highest override", async () => {
    const id = await createAssignment();
    await override(id, people.ana, 45);
    const dto = await patch(id, { grading: { points: 45 } });
    expect(dto.grading.points).toBe(45);
    expect((await rulesOf(id)).points).toBe(45);
  });
});

describe("changing the rules of an assignment whose grades are released", () => {
  /** Released, one annotation expected for 10 points: Ana has handed hers in (10), Ben nothing (0). */
  async function releasedAssignment() {
    const { id } = await db.assignment.create({
      data: {
        groupId: group.id,
        documentId: document.id,
        title: "Released",
        opensAt: new Date(Date.now() - HOUR),
        dueAt: new Date(Date.now() + HOUR),
        expectedAnnotations: 1,
        expectedReplies: 0,
        points: 10,
        countMode: "separate",
        gradesReleasedAt: new Date(),
      },
    });
    return id;
  }
  const pointsOf = async (id: string) => (await db.assignment.findUniqueOrThrow({ where: { id }, select: { points: true } })).points;

  beforeAll(async () => {
    await annotate(people.ana, "update-assignment-article", { group: group.id }, { body: "Ana's work" });
  });

  it("is refused with 409 when it would give a student a new grade, naming them, and writes nothing", async () => {
    const id = await releasedAssignment();
    const refusal = await patch(id, { title: "Renamed", grading: { points: 20 } }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "CONFLICT", status: 409 });
    expect((refusal as Error).message).toContain(`give 1 student a new grade at once: ${people.ana.name} 10 → 20.`);
    expect((refusal as Error).message).not.toContain(people.ben.name); // 0 stays 0
    expect(await db.assignment.findUniqueOrThrow({ where: { id }, select: { title: true, points: true } })).toEqual({
      title: "Released",
      points: 10,
    });
  });

  it("goes ahead when the staff confirm it, or when no one's grade changes", async () => {
    const id = await releasedAssignment();
    await patch(id, { title: "Renamed only" }); // rules as they were
    await patch(id, { grading: { latePenaltyPercent: 90 } }); // no one handed anything in late
    expect(await pointsOf(id)).toBe(10);
    await patch(id, { grading: { points: 20 }, changeReleasedGrades: true });
    expect(await pointsOf(id)).toBe(20);
  });

  it("asks before reopening counts what was handed in while closed", async () => {
    const id = await releasedAssignment();
    await db.assignment.update({ where: { id }, data: { closedAt: new Date(Date.now() - HOUR / 2) } });
    await annotate(people.ben, "update-assignment-article", { group: group.id }, { body: "Ben, while it was closed" });
    const refusal = await patch(id, { closed: false }).catch((error: unknown) => error);
    expect((refusal as Error).message).toContain(`${people.ben.name} 0 → 10`);
    await patch(id, { closed: false, changeReleasedGrades: true });
    expect((await db.assignment.findUniqueOrThrow({ where: { id } })).closedAt).toBeNull();
  });
});

describe("two staff editing one assignment at once", () => {
  it("refuses the later save made against the earlier state (409), writing nothing; a save against the latest goes through", async () => {
    const id = await createAssignment();
    const opened = (await db.assignment.findUniqueOrThrow({ where: { id } })).updatedAt.toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5)); // two saves in one millisecond would look the same
    const first = await patch(id, { grading: { points: 20 }, closed: true, ifUnmodifiedSince: opened });

    const stale = await patch(id, {
      instructions: "A typo fixed",
      grading: { points: 50 },
      closed: false,
      ifUnmodifiedSince: opened,
    }).catch((error: unknown) => error);
    expect(stale).toMatchObject({ code: "CONFLICT", status: 409 });
    expect((stale as Error).message).toContain("Someone changed this assignment since this form was opened");
    const kept = await db.assignment.findUniqueOrThrow({ where: { id } });
    expect({ points: kept.points, isClosed: kept.closedAt !== null, instructions: kept.instructions }).toEqual({
      points: 20,
      isClosed: true,
      instructions: "",
    });

    await patch(id, { instructions: "A typo fixed", ifUnmodifiedSince: first.updatedAt });
    expect((await db.assignment.findUniqueOrThrow({ where: { id } })).instructions).toBe("A typo fixed");
  });
});
