// The factories write rows directly; this reads them back through the app's own queries, so a
// factory that drifts from the schema's meaning (a wrong scope, a flag the app ignores) fails here
// rather than silently weakening the tests built on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAnnotation } from "@/server/annotations/get-annotation";
import { db } from "@/server/db/client";
import { getInvite } from "@/server/groups/get-invite";
import { listMembers } from "@/server/groups/list-members";
import { getGroupReview } from "@/server/review/get-group-review";
import {
  annotate,
  createDocument,
  createGroup,
  createInvite,
  createUser,
  createUsers,
  insertAnnotation,
  insertHelpful,
  insertReply,
  insertScore,
  type TestGroup,
  type TestUser,
} from "./index";

let doc: { id: string; slug: string };
let people: Record<"owner" | "teacher" | "ana" | "ben" | "stranger", TestUser>;
let seminar: TestGroup;

beforeAll(async () => {
  doc = await createDocument("factories");
  people = await createUsers(["owner", "teacher", "ana", "ben", "stranger"], "factories.example");
  seminar = await createGroup(people.owner, {
    name: "Seminar F",
    members: { instructor: [people.teacher], member: [people.ana, people.ben] },
  });
});

afterAll(() => db.$disconnect());

describe("people and groups", () => {
  it("makes the creator the owner and gives everyone else the role asked for", async () => {
    const members = await listMembers(people.owner, seminar.id);
    expect(members.map(({ userId, role }) => ({ userId, role }))).toEqual([
      { userId: people.owner.id, role: "owner" },
      { userId: people.teacher.id, role: "instructor" },
      ...[people.ana, people.ben].sort((a, b) => a.name.localeCompare(b.name)).map((person) => ({ userId: person.id, role: "member" })),
    ]);
    const ownerless = await createGroup(people.owner, { creatorJoins: false, members: { member: [people.ana] } });
    expect(await db.membership.findMany({ where: { groupId: ownerless.id }, select: { userId: true, role: true } })).toEqual([
      { userId: people.ana.id, role: "member" },
    ]);
  });

  it("makes unique people, and invites whose token the app recognises", async () => {
    const [first, second] = [await createUser(), await createUser()];
    expect(first.email).not.toBe(second.email);
    const { token } = await createInvite(seminar, people.owner, { role: "instructor" });
    expect(await getInvite(people.stranger, token)).toMatchObject({ groupId: seminar.id, role: "instructor", myRole: null });
  });
});

describe("annotation rows", () => {
  it("are read by the instructor's review as written: scope, tags, hidden, score, helpful marks, feedback", async () => {
    const open = await insertAnnotation(people.ana, doc, {
      at: "divergent interests",
      visibility: { group: seminar.id },
      body: "open",
      tags: ["claim"],
    });
    const hidden = await insertAnnotation(people.ben, doc, {
      at: "Monitoring Team",
      visibility: { instructors: seminar.id },
      body: "hidden",
      hiddenBy: people.teacher,
    });
    await insertReply(people.teacher, open, { body: "cite it", isFeedback: true });
    await insertScore(open, people.teacher, 2);
    await insertHelpful(open, people.ben);

    const review = await getGroupReview(people.teacher, seminar.id, doc.slug);
    const byId = new Map(review.annotations.map((annotation) => [annotation.id, annotation]));
    expect(byId.get(open.id)).toMatchObject({
      author: { id: people.ana.id },
      quote: "divergent interests",
      body: "open",
      tags: ["claim"],
      visibility: "group",
      isHidden: false,
      score: 2,
      helpfulCount: 1,
      replies: [{ author: { id: people.teacher.id }, body: "cite it", isFeedback: true }],
    });
    expect(byId.get(hidden.id)).toMatchObject({ visibility: "instructors", isHidden: true, score: null, helpfulCount: 0 });
    // A stranger reads neither; the author of the hidden one still reads it, marked hidden.
    await expect(getAnnotation(people.stranger, open.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await getAnnotation(people.ben, hidden.id)).toMatchObject({ isHidden: true, groupId: seminar.id });
  });

  it("`annotate` goes through the app: the annotation is anchored where asked, with the fields given", async () => {
    const made = await annotate(
      people.ana,
      doc.slug,
      { group: seminar.id },
      { at: "Monitoring Team", body: "through the app", tags: ["t"], color: "green" },
    );
    expect(made).toMatchObject({ body: "through the app", tags: ["t"], color: "green", visibility: "group", groupId: seminar.id });
    expect(made.target!.selector[0]).toMatchObject({ exact: "Monitoring Team" });
  });
});
