import { ZUpdateReadingSchema } from "@/lib/documents/schemas";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createGroup, createReading, createUsers, type TestUser } from "@/tests/factories";
import { updateReading } from "./update-reading";

const HOUR = 3_600_000;
let people: Record<"owner" | "bea" | "cy" | "dee", TestUser>;
let group: { id: string; name: string };
let otherGroup: { id: string; name: string };

beforeAll(async () => {
  people = await createUsers(["owner", "bea", "cy", "dee"] as const, "update-reading.example.edu");
  group = await createGroup(people.owner, { name: "Seminar U", members: { member: [people.bea, people.cy] } });
  otherGroup = await createGroup(people.dee, { name: "Seminar V", members: { member: [people.bea] } });
});

async function assign(groupId: string, reading: { id: string }, title: string) {
  const { id } = await db.assignment.create({
    data: { groupId, documentId: reading.id, title, opensAt: new Date(Date.now() - HOUR), dueAt: new Date(Date.now() + HOUR) },
  });
  return id;
}

const sharingOf = (reading: { id: string }) =>
  db.document.findUniqueOrThrow({ where: { id: reading.id }, select: { visibility: true, groupId: true, title: true } });

describe("changing who can read a reading a group has an assignment on, on the real database", () => {
  it("is refused with 409 when the group would lose it (made private or shared with another group), and changes nothing", async () => {
    const reading = await createReading(people.bea, "update-reading-assigned", { visibility: "group", groupId: group.id });
    await assign(group.id, reading, "Week 4");
    const before = await sharingOf(reading);

    for (const change of [
      { visibility: "private" as const, title: "Renamed" },
      { visibility: "group" as const, groupId: otherGroup.id },
    ]) {
      const refusal = await updateReading(people.bea, reading.slug, change).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ code: "CONFLICT", status: 409 });
      expect((refusal as Error).message).toContain(`"Week 4" in Seminar U`);
      expect((refusal as Error).message).toContain("must delete that assignment first");
      expect(await sharingOf(reading)).toEqual(before);
    }
  });

  it("still changes its details, and sharing it the same way", async () => {
    const reading = await createReading(people.bea, "update-reading-details", { visibility: "group", groupId: group.id });
    await assign(group.id, reading, "Week 5");
    await updateReading(people.bea, reading.slug, { title: "A better title", visibility: "group", groupId: group.id });
    expect(await sharingOf(reading)).toEqual({ visibility: "group", groupId: group.id, title: "A better title" });
    // The route's contract refuses a change of nothing, as on every PATCH route.
    expect(ZUpdateReadingSchema.safeParse({}).error?.issues[0].message).toBe("Nothing to change: send at least one field.");
  });

  it("does not let an assignment whose group had already lost the reading block a new sharing", async () => {
    const reading = await createReading(people.bea, "update-reading-orphan", { visibility: "private" });
    await assign(group.id, reading, "Week 6");
    await updateReading(people.bea, reading.slug, { visibility: "group", groupId: otherGroup.id });
    expect(await sharingOf(reading)).toMatchObject({ visibility: "group", groupId: otherGroup.id });
  });

  it("counts, without naming, assignments in groups the reading's owner is not in", async () => {
    const reading = await createReading(people.cy, "update-reading-elsewhere", { visibility: "group", groupId: group.id });
    await assign(group.id, reading, "Week 7");
    // Cy has since left the group; its assignment still needs the reading.
    await db.membership.delete({ where: { groupId_userId: { groupId: group.id, userId: people.cy.id } } });
    const refusal = await updateReading(people.cy, reading.slug, { visibility: "private" }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "CONFLICT" });
    expect((refusal as Error).message).toContain("1 in a group you are not in");
    expect((refusal as Error).message).not.toContain("Week 7");
    await db.membership.create({ data: { groupId: group.id, userId: people.cy.id, role: "member" } });
  });
});

describe("two tabs on a reading's settings, on the real database", () => {
  it("refuses (409) a change made against settings changed since, and changes nothing; the fresh one goes through", async () => {
    const reading = await createReading(people.owner, "update-reading-two-tabs");
    const stored = await db.document.findUniqueOrThrow({ where: { id: reading.id }, select: { updatedAt: true, author: true } });
    const opened = stored.updatedAt.toISOString();
    // Tab A saves a new title; tab B, opened before, saves an author: it would have put the old title back.
    const afterA = await updateReading(people.owner, reading.slug, { title: "Title from tab A", ifUnmodifiedSince: opened });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const refusal = await updateReading(people.owner, reading.slug, {
      title: "The old title",
      author: "Author from tab B",
      ifUnmodifiedSince: opened,
    }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "CONFLICT", status: 409 });
    expect((refusal as Error).message).toContain("nothing was saved");
    expect(await db.document.findUniqueOrThrow({ where: { id: reading.id }, select: { title: true, author: true } })).toEqual({
      title: "Title from tab A",
      author: stored.author,
    });
    // Against what tab A's save made them, the same change goes through.
    const afterB = await updateReading(people.owner, reading.slug, { author: "Author from tab B", ifUnmodifiedSince: afterA.updatedAt });
    expect(afterB).toMatchObject({ title: "Title from tab A", author: "Author from tab B" });
    // The precondition alone is nothing to change.
    expect(ZUpdateReadingSchema.safeParse({ ifUnmodifiedSince: opened }).success).toBe(false);
  });
});
