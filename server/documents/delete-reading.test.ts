import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createGroup, createReading, createUsers, type TestUser } from "@/tests/factories";
import { deleteReading } from "./delete-reading";

const HOUR = 3_600_000;
let people: Record<"owner" | "bea" | "cy", TestUser>;
let group: { id: string; name: string };

beforeAll(async () => {
  people = await createUsers(["owner", "bea", "cy"] as const, "delete-reading.example.edu");
  group = await createGroup(people.owner, { name: "Seminar D", members: { member: [people.bea, people.cy] } });
});

/** The group's owner sets an assignment on the reading and overrides a student's grade on it. */
async function assignAndGrade(reading: { id: string }, title: string) {
  const { id } = await db.assignment.create({
    data: { groupId: group.id, documentId: reading.id, title, opensAt: new Date(Date.now() - HOUR), dueAt: new Date(Date.now() + HOUR) },
  });
  await db.gradeOverride.create({ data: { assignmentId: id, userId: people.cy.id, points: 7, reason: "Good", byId: people.owner.id } });
  return id;
}

describe("deleting a reading a group has an assignment on, on the real database", () => {
  it("is refused with 409, naming the assignment and its group, and deletes nothing", async () => {
    const reading = await createReading(people.bea, "delete-reading-assigned", { visibility: "group", groupId: group.id });
    const id = await assignAndGrade(reading, "Week 2");

    const refusal = await deleteReading(people.bea, reading.slug).catch((error: unknown) => error);

    expect(refusal).toMatchObject({ code: "CONFLICT", status: 409 });
    expect((refusal as Error).message).toContain(`"Week 2" in Seminar D`);
    expect((refusal as Error).message).toContain("must delete that assignment first");
    expect(await db.document.count({ where: { id: reading.id } })).toBe(1);
    expect(await db.assignment.count({ where: { id } })).toBe(1);
    expect(await db.gradeOverride.count({ where: { assignmentId: id } })).toBe(1);
  });

  it("goes ahead once the group's owner has deleted the assignment", async () => {
    const reading = await createReading(people.bea, "delete-reading-unassigned", { visibility: "group", groupId: group.id });
    const id = await assignAndGrade(reading, "Week 3");
    await db.assignment.delete({ where: { id } });
    await expect(deleteReading(people.bea, reading.slug)).resolves.toEqual({
      slug: reading.slug,
      deletedAnnotations: 0,
      deletedReplies: 0,
    });
    expect(await db.document.count({ where: { id: reading.id } })).toBe(0);
  });
});
