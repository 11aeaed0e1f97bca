import { describe, expect, it } from "vitest";
import { annotate, createDocument as makeDocument, createUsers as makeUsers } from "@/tests/factories";
import { db } from "@/server/db/client";
import { loadViewerAccess, loadViewerAccesses } from "./annotations";

// The live stream loads every reader's access in one batch; it must decide exactly as the
// one-viewer form that every request uses.
describe("loadViewerAccesses", () => {
  it("gives each viewer the same access as loading them one by one, hide-until-post included", async () => {
    const doc = await makeDocument("batched-access");
    const people = await makeUsers(["owner", "posted", "silent", "teacher", "outsider", "elsewhere"], "batched.test");
    const seminar = await db.group.create({ data: { name: "Seminar", joinCode: "BATCHED1", createdById: people.owner.id, hideUntilPostCount: 1 } });
    const other = await db.group.create({ data: { name: "Other", joinCode: "BATCHED2", createdById: people.elsewhere.id } });
    await db.membership.createMany({
      data: [
        { groupId: seminar.id, userId: people.owner.id, role: "owner" },
        { groupId: seminar.id, userId: people.posted.id, role: "member" },
        { groupId: seminar.id, userId: people.silent.id, role: "member" },
        { groupId: seminar.id, userId: people.teacher.id, role: "instructor" },
        { groupId: other.id, userId: people.elsewhere.id, role: "owner" },
        { groupId: other.id, userId: people.silent.id, role: "member" },
      ],
    });
    await annotate(people.posted, doc.slug, { group: seminar.id });

    const ids = Object.values(people).map((person) => person.id);
    const batched = await loadViewerAccesses([...ids, people.posted.id], { documentId: doc.id });
    expect([...batched.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(batched.get(id)).toEqual(await loadViewerAccess({ id }, { documentId: doc.id }));

    // What the comparison is about: the member who has not posted has the seminar hidden there.
    expect([...batched.get(people.silent.id)!.hiddenGroupIds]).toEqual([seminar.id]);
    expect(batched.get(people.posted.id)!.hiddenGroupIds.size).toBe(0);
    expect(batched.get(people.teacher.id)!.hiddenGroupIds.size).toBe(0);
    expect([...batched.get(people.silent.id)!.memberships.keys()].sort()).toEqual([seminar.id, other.id].sort());
    expect(batched.get(people.outsider.id)!.memberships.size).toBe(0);
    expect(await loadViewerAccesses([])).toEqual(new Map());
  });
});
