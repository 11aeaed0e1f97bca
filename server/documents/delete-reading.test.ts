import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { listMyNotes } from "@/server/annotations/list-my-notes";
import { createGroup, createReading, createUsers, annotate, reply, type TestUser } from "@/tests/factories";
import { deleteReading } from "./delete-reading";
import { getReading } from "./get-reading";
import { listDocuments } from "./list-documents";

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
      keptAnnotations: 0,
    });
    expect(await db.document.count({ where: { id: reading.id } })).toBe(0);
  });
});

describe("deleting a reading others have written on, on the real database", () => {
  it("deletes its owner's annotations and the replies in them, keeps the others' for their authors, and opens to no one", async () => {
    const reading = await createReading(people.owner, "delete-reading-shared", { visibility: "group", groupId: group.id });
    const own = await annotate(people.owner, reading.slug, { group: group.id }, { body: "the owner's note", at: "Taliban" });
    await reply(people.bea, own.id, "bea answers the owner");
    const beas = await annotate(people.bea, reading.slug, { group: group.id }, { body: "bea's own note", at: "Pakistan" });
    await reply(people.owner, beas.id, "the owner answers bea");
    await reply(people.cy, beas.id, "cy answers bea");
    await annotate(people.cy, reading.slug, "private", { body: "cy's private note", at: "policy" });

    // What the confirmation says, and what the delete then did: the same counts.
    expect(await getReading(people.owner, reading.slug)).toMatchObject({ annotationCount: 1, replyCount: 1, keptAnnotationCount: 2 });
    expect(await deleteReading(people.owner, reading.slug)).toEqual({
      slug: reading.slug,
      deletedAnnotations: 1,
      deletedReplies: 1,
      keptAnnotations: 2,
    });

    // The owner's thread is gone with bea's reply in it; bea's thread keeps its replies, the owner's among them.
    expect(await db.annotation.count({ where: { id: own.id } })).toBe(0);
    expect(await db.annotation.count({ where: { parentId: beas.id } })).toBe(2);
    // No one opens it or finds it in a library any more, its owner included.
    for (const person of [people.owner, people.bea, people.cy, null]) {
      await expect(getReading(person, reading.slug)).rejects.toMatchObject({ status: 404 });
      expect((await listDocuments(person)).map((item) => item.slug)).not.toContain(reading.slug);
    }
    await expect(deleteReading(people.owner, reading.slug)).rejects.toMatchObject({ status: 404 });
    // Each author still has their own words, marked as on a reading that no longer opens.
    const beasNotes = (await listMyNotes(people.bea)).filter((notes) => notes.document.slug === reading.slug);
    expect(beasNotes).toHaveLength(1);
    expect(beasNotes[0].document.isOpen).toBe(false);
    expect(beasNotes[0].annotations.map((note) => note.body)).toEqual(["bea's own note"]);
    const cysNotes = (await listMyNotes(people.cy)).filter((notes) => notes.document.slug === reading.slug);
    expect(cysNotes[0].annotations.map((note) => note.body)).toEqual(["cy's private note"]);
    expect((await listMyNotes(people.owner)).some((notes) => notes.document.slug === reading.slug)).toBe(false);

    // …and deletes them: the reading's last words gone, nothing more to keep (its row stays, closed).
    await deleteAnnotation(people.bea, beas.id);
    expect((await listMyNotes(people.bea)).some((notes) => notes.document.slug === reading.slug)).toBe(false);
  });

  it("goes entirely, with its versions, when only its owner wrote on it", async () => {
    const reading = await createReading(people.owner, "delete-reading-own-only", { visibility: "group", groupId: group.id });
    const own = await annotate(people.owner, reading.slug, { group: group.id }, { body: "mine", at: "Taliban" });
    await reply(people.bea, own.id, "a reply, in the owner's thread");
    expect(await deleteReading(people.owner, reading.slug)).toEqual({
      slug: reading.slug,
      deletedAnnotations: 1,
      deletedReplies: 1,
      keptAnnotations: 0,
    });
    expect(await db.document.count({ where: { id: reading.id } })).toBe(0);
    expect(await db.documentVersion.count({ where: { documentId: reading.id } })).toBe(0);
  });
});
