import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZMoveAnnotationsSchema } from "@/lib/annotations/schemas";
import { isAudienceWithin, type Scope, type ScopeInput } from "@/lib/annotations/scopes";
import { ZFlagAnnotationSchema } from "@/lib/moderation/schemas";
import { moveAnnotations } from "@/server/annotations/move-annotations";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { updateAnnotation } from "@/server/annotations/update-annotation";
import { loadViewerAccess, readableAnnotationsWhere } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { flagAnnotation } from "@/server/moderation/flag-annotation";
import { hideAnnotation } from "@/server/moderation/hide-annotation";
import { restoreAnnotation } from "@/server/moderation/restore-annotation";
import { stopListening } from "@/server/outbox/bus";
import { setScore } from "@/server/review/set-score";
import { annotate, createDocument, createGroup, createUsers, reply } from "@/tests/factories";
import { refusal } from "@/tests/refusal";

// Issue #11, items 4 and 5: a move may neither hand others' replies to new readers nor carry a
// thread out of the group whose staff reviewed it (where its author could undo the review).

let people: Record<"author" | "peer" | "teacher", { id: string }>;
let seminar: { id: string };
let ownGroup: { id: string };
let slug: string;

beforeAll(async () => {
  slug = (await createDocument("scope-moves")).slug;
  people = await createUsers(["author", "peer", "teacher"], "moves.example");
  seminar = await createGroup(people.teacher, { name: "Seminar", members: { member: [people.author, people.peer] } });
  ownGroup = await createGroup(people.author, { name: "Mine alone" });
});

afterAll(async () => {
  await stopListening();
  await db.$disconnect();
});

const move = (id: string, visibility: ScopeInput) =>
  moveAnnotations(people.author, ZMoveAnnotationsSchema.parse({ ids: [id], visibility }));
const patch = (id: string, visibility: Scope) => updateAnnotation(people.author, id, { visibility });

describe("isAudienceWithin", () => {
  const G = (visibility: "group" | "instructors", groupId = "g"): Scope => ({ visibility, groupId });
  const P: Scope = { visibility: "private", groupId: null };
  const E: Scope = { visibility: "everyone", groupId: null };
  it.each([
    [P, G("group"), true],
    [G("instructors"), G("group"), true],
    [G("group"), G("group"), true],
    [G("group"), G("instructors"), false],
    [G("group"), E, true],
    [E, G("group"), false],
    [G("group", "h"), G("group"), false],
    [G("instructors"), P, false],
    [E, E, true],
  ])("%j within %j: %s", (target, current, expected) => {
    expect(isAudienceWithin(target, current)).toBe(expected);
  });
});

describe("others' replies stay with the readers they wrote for", () => {
  it("a thread a peer replied to moves only to narrower scopes", async () => {
    const note = await annotate(people.author, slug, { group: seminar.id }, "a question for the group");
    await reply(people.peer, note.id, "my answer, for the group");
    for (const wider of ["everyone", { group: ownGroup.id }] as const) {
      expect(await refusal(move(note.id, wider))).toMatch(/^409 Others have replied/);
    }
    expect(await refusal(patch(note.id, { visibility: "everyone", groupId: null }))).toMatch(/^409 Others have replied/);
    // Nothing moved, the reply included.
    const rows = await db.annotation.findMany({ where: { OR: [{ id: note.id }, { parentId: note.id }] }, select: { visibility: true } });
    expect(rows.map((row) => row.visibility)).toEqual(["group", "group"]);
  });

  it("names the group a thread cannot move to, when it is not the thread's own", async () => {
    const note = await annotate(people.author, slug, "everyone", "a note for everyone");
    await reply(people.peer, note.id, "a stranger's answer");
    expect(await refusal(move(note.id, { group: ownGroup.id }))).toMatch(
      /^409 Others have replied in this thread, so it cannot move to “Mine alone”: 1 person who replied could no longer read their own words/,
    );
  });

  // QA round 4, #1: narrowing a thread a classmate answered took the classmate's reply from them,
  // from the staff and from their grade (10 → 0), and the refusal to widen again made it permanent.
  it("a thread a classmate answered cannot narrow past that classmate", async () => {
    const note = await annotate(people.author, slug, { group: seminar.id }, "a question for the group");
    await reply(people.peer, note.id, "my answer, graded as my work");
    expect(await refusal(move(note.id, { instructors: seminar.id }))).toMatch(
      /^409 Others have replied in this thread, so it cannot move to the instructors of “Seminar” only: 1 person who replied could no longer read their own words/,
    );
    expect(await refusal(patch(note.id, { visibility: "private", groupId: null }))).toMatch(
      /^409 .*cannot move to “Only me”: 1 person who replied/,
    );
    const rows = await db.annotation.findMany({ where: { OR: [{ id: note.id }, { parentId: note.id }] }, select: { visibility: true } });
    expect(rows.map((row) => row.visibility)).toEqual(["group", "group"]);
    // The classmate still reads their reply in its thread.
    const peerReads = await db.annotation.count({
      where: { AND: [{ parentId: note.id }, readableAnnotationsWhere(await loadViewerAccess(people.peer, { documentId: null }))] },
    });
    expect(peerReads).toBe(1);
  });

  it("a thread only the staff answered may go to the instructors, not to only me", async () => {
    const note = await annotate(people.author, slug, { group: seminar.id }, "a question for my teacher");
    await reply(people.teacher, note.id, "an answer from the teacher");
    expect(await refusal(move(note.id, "private"))).toMatch(/^409 .*cannot move to “Only me”: 1 person who replied/);
    expect(await refusal(move(note.id, { instructors: seminar.id }))).toBe("ok");
    const teacherReads = await db.annotation.count({
      where: {
        AND: [
          { OR: [{ id: note.id }, { parentId: note.id }] },
          readableAnnotationsWhere(await loadViewerAccess(people.teacher, { documentId: null })),
        ],
      },
    });
    expect(teacherReads).toBe(2);
  });

  // QA round 5: a replier who had left the group (and so no longer read the thread) held the move back.
  it("a replier who left the group holds nothing back: the move takes nothing from them", async () => {
    const leaver = (await createUsers(["leaver"], "moves-left.example")).leaver;
    await db.membership.create({ data: { groupId: seminar.id, userId: leaver.id, role: "member" } });
    const note = await annotate(people.author, slug, { group: seminar.id }, "answered by someone who left");
    await reply(leaver, note.id, "my answer, before I left");
    await db.membership.delete({ where: { groupId_userId: { groupId: seminar.id, userId: leaver.id } } });
    expect(await refusal(move(note.id, { instructors: seminar.id }))).toBe("ok");
  });

  it("a reply its writer deleted holds nothing back", async () => {
    const note = await annotate(people.author, slug, { group: seminar.id }, "answered, then not");
    const answer = await reply(people.peer, note.id, "on second thought");
    await deleteAnnotation(people.peer, answer.id);
    expect(await refusal(move(note.id, "private"))).toBe("ok");
  });

  it("a thread with only its author's own replies moves anywhere its author may post", async () => {
    const note = await annotate(people.author, slug, { group: seminar.id }, "thinking aloud");
    await reply(people.author, note.id, "and more of my own");
    expect(await refusal(move(note.id, "everyone"))).toBe("ok");
  });
});

// QA round 5, F1/F2: a hidden reply went with its thread to where its hider could no longer see or restore it.
describe("a hidden reply keeps its thread where it was hidden", () => {
  it("a group thread holding a reply its staff hid stays in the group", async () => {
    const note = await annotate(people.author, slug, { group: seminar.id }, "with a reply the teacher hid");
    const own = await reply(people.author, note.id, "my own reply, hidden by the teacher");
    await hideAnnotation(people.teacher, own.id);
    expect(await refusal(move(note.id, "everyone"))).toMatch(/^409 This thread was reviewed in Seminar \(it, or a reply in it, was hidden/);
    expect(await refusal(move(note.id, { instructors: seminar.id }))).toBe("ok");
  });

  it("a note shared with everyone whose author hid a reply stays shared with everyone", async () => {
    const note = await annotate(people.author, slug, "everyone", "open to all");
    const rude = await reply(people.peer, note.id, "rude");
    await hideAnnotation(people.author, rude.id);
    expect(await refusal(move(note.id, { group: seminar.id }))).toMatch(
      /^409 You hid a reply in this thread, so it stays shared with everyone/,
    );
    await restoreAnnotation(people.author, rude.id);
    expect(await refusal(move(note.id, { group: seminar.id }))).toBe("ok");
  });
});

describe("moderation stays in the group that gave it", () => {
  it.each([
    ["hidden", (id: string) => hideAnnotation(people.teacher, id)],
    ["scored", (id: string) => setScore(people.teacher, id, 1)],
    ["flagged", (id: string) => flagAnnotation(people.peer, id, ZFlagAnnotationSchema.parse({ reason: "off topic" }))],
  ])("a %s thread cannot leave its group, not even for a while", async (_kind, review) => {
    const note = await annotate(people.author, slug, { group: seminar.id }, "to be reviewed");
    await review(note.id);
    for (const elsewhere of [{ group: ownGroup.id }, "private", "everyone"] as const) {
      expect(await refusal(move(note.id, elsewhere))).toMatch(/^409 This thread was reviewed in Seminar/);
    }
    // Within its own group it still moves.
    expect(await refusal(move(note.id, { instructors: seminar.id }))).toBe("ok");
    const row = await db.annotation.findUniqueOrThrow({ where: { id: note.id }, select: { groupId: true } });
    expect(row.groupId).toBe(seminar.id);
  });
});
