import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createDocument, createGroup, createUsers, insertAnnotation } from "@/tests/factories";
import { listReadingAssignments } from "./list-reading-assignments";

const HOUR = 3_600_000;
let people: Record<"student" | "teacher" | "outsider", { id: string }>;
let group: { id: string };
let reading: { id: string };
let otherReading: { id: string };

beforeAll(async () => {
  people = await createUsers(["student", "teacher", "outsider"] as const, "reading-assign.example.edu");
  group = await createGroup(people.teacher, { name: "Sidebar seminar", members: { member: [people.student] } });
  reading = await createDocument("reading-assignments-article");
  otherReading = await createDocument("reading-assignments-other");
});

async function assign(
  documentId: string,
  title: string,
  fields: { opensAt?: Date; dueAt?: Date; closedAt?: Date; instructions?: string } = {},
) {
  return db.assignment.create({
    data: {
      groupId: group.id,
      documentId,
      title,
      instructions: fields.instructions ?? "",
      opensAt: fields.opensAt ?? new Date(Date.now() - HOUR),
      dueAt: fields.dueAt ?? new Date(Date.now() + 48 * HOUR),
      closedAt: fields.closedAt ?? null,
      expectedAnnotations: 2,
      expectedReplies: 1,
    },
  });
}

describe("the reading page's assignments", () => {
  it("lists, for a student, the open assignments on this reading with rendered instructions and what is still expected", async () => {
    await assign(reading.id, "Open one", { instructions: "Read **closely**. <script>alert(1)</script>" });
    await assign(reading.id, "Not yet open", { opensAt: new Date(Date.now() + HOUR) });
    await assign(reading.id, "Closed", { closedAt: new Date() });
    await assign(otherReading.id, "Elsewhere");
    await insertAnnotation(people.student, reading, { visibility: { group: group.id } });

    const { items: listed } = await listReadingAssignments(people.student, reading.id);
    expect(listed.map((assignment) => assignment.title)).toEqual(["Open one"]);
    expect(listed[0].progress.remainingText).toBe("1 more annotation and 1 more reply");
    expect(listed[0].instructionsHtml).toContain("<strong>closely</strong>");
    expect(listed[0].instructionsHtml).not.toContain("<script>");
  });

  it("keeps a past-due assignment only while the student's part is missing", async () => {
    const late = await assign(reading.id, "Past due", {
      opensAt: new Date(Date.now() - 72 * HOUR),
      dueAt: new Date(Date.now() - 24 * HOUR),
    });
    expect((await listReadingAssignments(people.student, reading.id)).items.map((assignment) => assignment.title)).toContain("Past due");
    await db.assignment.update({ where: { id: late.id }, data: { expectedAnnotations: 0, expectedReplies: 0 } });
    expect((await listReadingAssignments(people.student, reading.id)).items.map((assignment) => assignment.title)).not.toContain(
      "Past due",
    );
    // Done and past due, it leaves the panel but not the editor's due times: rewriting its work now hands it in late.
    const { dueTimes } = await listReadingAssignments(people.student, reading.id);
    expect(dueTimes).toContainEqual({ groupId: group.id, title: "Past due", dueAt: late.dueAt.toISOString() });
    expect(dueTimes.map((due) => due.title)).not.toContain("Closed");
  });

  it("shows nothing to the staff, to outsiders or to anonymous readers", async () => {
    expect(await listReadingAssignments(people.teacher, reading.id)).toEqual({ items: [], dueTimes: [] });
    expect(await listReadingAssignments(people.outsider, reading.id)).toEqual({ items: [], dueTimes: [] });
    expect(await listReadingAssignments(null, reading.id)).toEqual({ items: [], dueTimes: [] });
  });
});
