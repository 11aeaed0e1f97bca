import { describe, expect, it } from "vitest";
import { annotate, createDocument as makeDocument, createUsers as makeUsers } from "@/tests/factories";
import { db } from "@/server/db/client";
import { loadViewerAccess, loadViewerAccessByDocument, loadViewerAccesses, type ViewerAccess } from "./viewer-access";

/** An access as plain sorted data, to compare with a hand-written expectation. */
function plain(access: ViewerAccess | null | undefined) {
  if (!access) return access;
  return { memberships: Object.fromEntries([...access.memberships].sort()), hidden: [...access.hiddenGroups.keys()].sort() };
}

// The live stream loads every reader's access in one batch, requests load one; both must give
// exactly the memberships and hidden groups written down here by hand.
describe("loadViewerAccesses", () => {
  it("gives each viewer their memberships and, on the document, the groups hidden until they post", async () => {
    const doc = await makeDocument("batched-access");
    const people = await makeUsers(["owner", "posted", "silent", "teacher", "outsider", "elsewhere"], "batched.test");
    const seminar = await db.group.create({
      data: { name: "Seminar", joinCode: "BATCHED1", createdById: people.owner.id, hideUntilPostCount: 1 },
    });
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

    const expected = {
      owner: { memberships: { [seminar.id]: "owner" }, hidden: [] },
      posted: { memberships: { [seminar.id]: "member" }, hidden: [] },
      // Has not posted in the seminar, which hides until you post; "Other" does not hide.
      silent: {
        memberships: Object.fromEntries(
          [
            [seminar.id, "member"],
            [other.id, "member"],
          ].sort(),
        ),
        hidden: [seminar.id],
      },
      teacher: { memberships: { [seminar.id]: "instructor" }, hidden: [] },
      outsider: { memberships: {}, hidden: [] },
      elsewhere: { memberships: { [other.id]: "owner" }, hidden: [] },
    };
    const ids = Object.values(people).map((person) => person.id);
    const batched = await loadViewerAccesses([...ids, people.posted.id], { documentId: doc.id });
    expect([...batched.keys()].sort()).toEqual([...ids].sort());
    for (const [name, person] of Object.entries(people)) {
      expect(plain(batched.get(person.id))).toEqual(expected[name as keyof typeof expected]);
      expect(plain(await loadViewerAccess(person, { documentId: doc.id }))).toEqual(expected[name as keyof typeof expected]);
    }
    expect(await loadViewerAccess(null, { documentId: doc.id })).toBeNull();
    expect(await loadViewerAccesses([], { documentId: doc.id })).toEqual(new Map());

    // Without a document the decision fails closed: every hiding group is hidden from its plain
    // members, even the one who posted on this document (staff never).
    const nowhere = await loadViewerAccesses(ids, { documentId: null });
    expect([...nowhere.get(people.posted.id)!.hiddenGroups.keys()]).toEqual([seminar.id]);
    expect([...nowhere.get(people.silent.id)!.hiddenGroups.keys()]).toEqual([seminar.id]);
    expect(nowhere.get(people.teacher.id)!.hiddenGroups.size).toBe(0);
    expect(nowhere.get(people.owner.id)!.hiddenGroups.size).toBe(0);
    // What the gate needs besides: whose writing it never hides (the staff), and how far the viewer is.
    expect(batched.get(people.silent.id)!.hiddenGroups.get(seminar.id)).toEqual({
      staffIds: new Set([people.owner.id, people.teacher.id]),
      threshold: 1,
      posted: 0,
    });

    // A library asks for one viewer on many documents at once: each the access a request about that document gets.
    const unread = await makeDocument("batched-access-unread");
    for (const person of Object.values(people)) {
      const byDocument = await loadViewerAccessByDocument(person, [doc.id, unread.id]);
      for (const documentId of [doc.id, unread.id]) {
        expect(byDocument.get(documentId)).toEqual(await loadViewerAccess(person, { documentId }));
      }
    }
    expect([...(await loadViewerAccessByDocument(people.posted, [doc.id, unread.id])).values()].map(plain)).toEqual([
      expected.posted,
      { ...expected.posted, hidden: [seminar.id] },
    ]);
  });
});
