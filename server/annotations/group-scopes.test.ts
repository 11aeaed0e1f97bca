import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZCreateReplySchema, ZListAnnotationsQuery, ZMoveAnnotationsSchema, ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import { AppError } from "@/lib/errors";
import { listMyGroupMemberships, NOT_YOUR_GROUP, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { annotate, article, createDocument, createGroup, createUser } from "@/tests/factories";
import { getReaderPreferences } from "@/server/preferences/reader-preferences";
import { createReply } from "./create-reply";
import { exportAnnotations } from "./export-annotations";
import { getAnnotation, getThread } from "./get-annotation";
import { listAnnotations } from "./list-annotations";
import { moveAnnotations } from "./move-annotations";
import { updateAnnotation } from "./update-annotation";

const SLUGS = {
  hide: `${article.slug}-hide`,
  other: `${article.slug}-hide-other`,
  removed: `${article.slug}-removed`,
  move: `${article.slug}-move`,
};

type User = { id: string };
let student: User, peer: User, teacher: User, owner: User, outsider: User;
let seminar: { id: string }, quiet: { id: string }, elsewhere: { id: string };

beforeAll(async () => {
  for (const slug of Object.values(SLUGS)) await createDocument(slug);
  [student, peer, teacher, owner, outsider] = await Promise.all(
    ["student", "peer", "teacher", "owner", "outsider"].map((name) => createUser({ name, email: `${name}@example.edu` })),
  );
  const members = { instructor: [teacher], member: [student, peer] };
  seminar = await createGroup(owner, { name: "Seminar B", members });
  quiet = await createGroup(owner, { name: "Quiet reading", hideUntilPostCount: 2, members });
  elsewhere = await createGroup(outsider, { name: "Elsewhere" });
});

afterAll(() => db.$disconnect());

async function listedIds(viewer: Viewer, slug: string) {
  return (await listAnnotations(viewer, slug, ZListAnnotationsQuery.parse({ limit: 500 }))).items.map((item) => item.id);
}

async function appError(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("hide until you post", () => {
  it("hides peers' group annotations from a member until they post N in the group on that document, then reveals them", async () => {
    const peersNote = await annotate(peer, SLUGS.hide, { group: quiet.id }, "peer's answer");
    const peersReply = await createReply(peer, peersNote.id, ZCreateReplySchema.parse({ body: "and more" }));
    const peersPublic = await annotate(peer, SLUGS.hide, "everyone", "for everyone");
    const peersOtherGroup = await annotate(peer, SLUGS.hide, { group: seminar.id }, "in the other group");

    // Instructors and the owner always see everything.
    for (const staff of [teacher, owner])
      expect(await listedIds(staff, SLUGS.hide)).toEqual(expect.arrayContaining([peersNote.id, peersPublic.id]));

    // The student has not posted: the peer's group note is hidden everywhere it could show.
    expect(await listedIds(student, SLUGS.hide)).toEqual(expect.arrayContaining([peersPublic.id, peersOtherGroup.id]));
    expect(await listedIds(student, SLUGS.hide)).not.toContain(peersNote.id);
    expect((await appError(getAnnotation(student, peersNote.id))).code).toBe("NOT_FOUND");
    expect((await appError(getThread(student, peersReply.id))).code).toBe("NOT_FOUND");
    expect((await appError(createReply(student, peersNote.id, ZCreateReplySchema.parse({ body: "peek" })))).code).toBe("NOT_FOUND");
    const exported = await exportAnnotations(student, SLUGS.hide, { onlyMine: false });
    expect(exported.annotations.map((item) => item.id)).not.toContain(peersNote.id);
    expect(exported.replies.map((item) => item.id)).not.toContain(peersReply.id);

    // One post is not enough; their own is visible to them at once. A reply does not count.
    const first = await annotate(student, SLUGS.hide, { group: quiet.id }, "my first");
    await createReply(student, first.id, ZCreateReplySchema.parse({ body: "a reply of mine" }));
    expect(await listedIds(student, SLUGS.hide)).toContain(first.id);
    expect(await listedIds(student, SLUGS.hide)).not.toContain(peersNote.id);
    // The peer, too, has posted only once: the student's note is hidden from them.
    expect(await listedIds(peer, SLUGS.hide)).not.toContain(first.id);

    // Posting on another document does not count here.
    await annotate(student, SLUGS.other, { group: quiet.id });
    await annotate(student, SLUGS.other, { group: quiet.id });
    expect(await listedIds(student, SLUGS.hide)).not.toContain(peersNote.id);

    // Empty highlights are not posts, whichever of the group's scopes they go to, nor is a comment of only spaces.
    await annotate(student, SLUGS.hide, { instructors: quiet.id }, "");
    await annotate(student, SLUGS.hide, { group: quiet.id }, "");
    await annotate(student, SLUGS.hide, { group: quiet.id }, "   \n ");
    expect(await listedIds(student, SLUGS.hide)).not.toContain(peersNote.id);
    // Nor is one that shows nothing once rendered (an independent check opened the gate with each of these).
    for (const invisible of ["\u200b", "\u3164", "\u2800", "&nbsp;", "&#8203;", "**\u200b**", "[](https://example.org)", "---"]) {
      const blank = await annotate(student, SLUGS.hide, { group: quiet.id }, invisible);
      expect(blank.body).toBe("");
    }
    expect(await listedIds(student, SLUGS.hide)).not.toContain(peersNote.id);
    // Nor rewriting one into nothing; and a reply of nothing visible is refused, in either way it can be made.
    const rewritten = await annotate(student, SLUGS.hide, { group: quiet.id }, "for now");
    expect((await updateAnnotation(student, rewritten.id, ZUpdateAnnotationSchema.parse({ body: "\u200b\u200b" }))).body).toBe("");
    expect(await listedIds(student, SLUGS.hide)).not.toContain(peersNote.id);
    const invisibleReply = await appError(createReply(student, first.id, ZCreateReplySchema.parse({ body: "\u200b" })));
    expect([invisibleReply.code, invisibleReply.message]).toEqual(["BAD_REQUEST", expect.stringMatching(/cannot be empty/)]);
    const ownReply = await createReply(student, first.id, ZCreateReplySchema.parse({ body: "mine" }));
    expect((await appError(updateAnnotation(student, ownReply.id, ZUpdateAnnotationSchema.parse({ body: "&nbsp;" })))).code).toBe(
      "BAD_REQUEST",
    );
    // What renders as something is a comment, however short.
    expect((await annotate(student, SLUGS.other, { group: quiet.id }, ".")).body).toBe(".");

    // The second post in the group on this document reveals the peers' notes and their replies.
    await annotate(student, SLUGS.hide, { instructors: quiet.id }, "my second, to the teacher");
    expect(await listedIds(student, SLUGS.hide)).toContain(peersNote.id);
    expect((await getThread(student, peersNote.id)).replies.map((item) => item.id)).toEqual([peersReply.id]);
    expect((await exportAnnotations(student, SLUGS.hide, { onlyMine: false })).replies.map((item) => item.id)).toContain(peersReply.id);
  });
});

describe("hide until you post: reply counts", () => {
  it("counts only the replies the viewer reads: a gated member's count leaves out peers' replies to the instructor's prompt", async () => {
    const slug = `${article.slug}-hide-counts`;
    await createDocument(slug);
    const prompt = await annotate(teacher, slug, { group: quiet.id }, "What does the author mean by capacity?");
    await createReply(peer, prompt.id, ZCreateReplySchema.parse({ body: "peer's answer, hidden from the student" }));
    await createReply(teacher, prompt.id, ZCreateReplySchema.parse({ body: "the teacher adds a hint" }));
    const countFor = async (viewer: Viewer) =>
      (await listAnnotations(viewer, slug, ZListAnnotationsQuery.parse({ limit: 500 }))).items.find((item) => item.id === prompt.id)!
        .replyCount;

    // The student reads the prompt and the teacher's reply, not the peer's: the count says so, in
    // the list and the thread alike; the teacher reads all of them.
    expect(await countFor(student)).toBe(1);
    expect((await getAnnotation(student, prompt.id)).replyCount).toBe(1);
    expect((await getThread(student, prompt.id)).replies).toHaveLength(1);
    expect(await countFor(teacher)).toBe(2);

    // The student's own reply counts for them at once.
    await createReply(student, prompt.id, ZCreateReplySchema.parse({ body: "my own reply" }));
    expect(await countFor(student)).toBe(2);

    // Past the gate (two posts in the group here), every reply counts.
    await annotate(student, slug, { group: quiet.id }, "first post");
    await annotate(student, slug, { group: quiet.id }, "second post");
    expect(await countFor(student)).toBe(3);
    expect((await getThread(student, prompt.id)).replies).toHaveLength(3);
  });
});

describe("membership is read on every request", () => {
  it("a removed member loses access to the group's annotations on the very next call, and cannot post there", async () => {
    const peersNote = await annotate(peer, SLUGS.removed, { group: seminar.id }, "for the seminar");
    const studentsNote = await annotate(student, SLUGS.removed, { group: seminar.id }, "mine, in the seminar");
    expect(await getAnnotation(student, peersNote.id)).toMatchObject({ id: peersNote.id, groupId: seminar.id, groupName: "Seminar B" });

    await db.membership.delete({ where: { groupId_userId: { groupId: seminar.id, userId: student.id } } });
    try {
      expect((await appError(getAnnotation(student, peersNote.id))).message).toBe("No such annotation.");
      expect(await listedIds(student, SLUGS.removed)).toEqual([studentsNote.id]); // their own stays theirs
      const refused = await appError(annotate(student, SLUGS.removed, { group: seminar.id }));
      expect({ code: refused.code, message: refused.message }).toEqual({ code: "NOT_FOUND", message: NOT_YOUR_GROUP });
      // Editing their own note there is refused saying why, not "only its author can change it".
      const edit = await appError(updateAnnotation(student, studentsNote.id, ZUpdateAnnotationSchema.parse({ body: "still mine?" })));
      expect(edit.status).toBe(403);
      expect(edit.message).toMatch(/^You are no longer in this note's group/);
      // Not with an edit beside it; alone, what that message offers, through PATCH as through POST /api/annotations/move.
      const both = ZUpdateAnnotationSchema.parse({ visibility: "private", body: "changed too" });
      expect((await appError(updateAnnotation(student, studentsNote.id, both))).status).toBe(403);
      const kept = await updateAnnotation(student, studentsNote.id, ZUpdateAnnotationSchema.parse({ visibility: "private" }));
      expect(kept).toMatchObject({ visibility: "private", groupId: null, body: "mine, in the seminar" });
    } finally {
      await db.membership.create({ data: { groupId: seminar.id, userId: student.id, role: "member" } });
    }
  });

  it("refuses a group one is not in, as if it did not exist, for create and PATCH", async () => {
    const refused = await appError(annotate(student, SLUGS.removed, { group: elsewhere.id }));
    expect({ code: refused.code, message: refused.message }).toEqual({ code: "NOT_FOUND", message: NOT_YOUR_GROUP });
    expect((await appError(annotate(student, SLUGS.removed, { instructors: "no-such-group" }))).code).toBe("NOT_FOUND");

    const note = await annotate(student, SLUGS.removed, "private");
    const patch = ZUpdateAnnotationSchema.parse({ visibility: { group: elsewhere.id } });
    expect((await appError(updateAnnotation(student, note.id, patch))).message).toBe(NOT_YOUR_GROUP);
    expect(await db.annotation.findUniqueOrThrow({ where: { id: note.id } })).toMatchObject({ visibility: "private", groupId: null });

    const moved = await updateAnnotation(student, note.id, ZUpdateAnnotationSchema.parse({ visibility: { instructors: seminar.id } }));
    expect(moved).toMatchObject({ visibility: "instructors", groupId: seminar.id, groupName: "Seminar B" });
    expect(await getAnnotation(teacher, note.id)).toMatchObject({ id: note.id });
    expect((await appError(getAnnotation(peer, note.id))).code).toBe("NOT_FOUND");
  });

  it("lists the viewer's groups with their role, and remembers the last scope used as a key", async () => {
    expect(await listMyGroupMemberships(teacher.id)).toEqual([
      { id: quiet.id, name: "Quiet reading", role: "instructor" },
      { id: seminar.id, name: "Seminar B", role: "instructor" },
    ]);
    await annotate(teacher, SLUGS.removed, { instructors: seminar.id });
    expect((await getReaderPreferences(teacher.id)).lastVisibility).toBe(`instructors:${seminar.id}`);
  });
});

describe("moveAnnotations", () => {
  function move(viewer: Viewer, ids: string[], visibility: unknown) {
    return moveAnnotations(viewer, ZMoveAnnotationsSchema.parse({ ids, visibility }));
  }

  async function scopes(ids: string[]) {
    const rows = await db.annotation.findMany({ where: { id: { in: ids } }, select: { id: true, visibility: true, groupId: true } });
    return Object.fromEntries(rows.map((row) => [row.id, [row.visibility, row.groupId]]));
  }

  it("moves several of my threads and their replies at once", async () => {
    const one = await annotate(student, SLUGS.move, "private");
    const two = await annotate(student, SLUGS.move, "everyone");
    const othersReply = await createReply(peer, two.id, ZCreateReplySchema.parse({ body: "seen" }));
    const moved = await move(student, [two.id, one.id], { group: seminar.id });
    expect(moved.map((item) => [item.id, item.visibility, item.groupName])).toEqual([
      [two.id, "group", "Seminar B"],
      [one.id, "group", "Seminar B"],
    ]);
    expect(await scopes([one.id, two.id, othersReply.id])).toEqual({
      [one.id]: ["group", seminar.id],
      [two.id]: ["group", seminar.id],
      [othersReply.id]: ["group", seminar.id],
    });
    expect(await listedIds(outsider, SLUGS.move)).not.toContain(two.id);
  });

  it("is all or nothing: one id I cannot move refuses the whole request, naming it", async () => {
    const mine = await annotate(student, SLUGS.move, "private");
    const peersShared = await annotate(peer, SLUGS.move, "everyone");
    const peersPrivate = await annotate(peer, SLUGS.move, "private");
    const myReply = await createReply(student, peersShared.id, ZCreateReplySchema.parse({ body: "mine, in their thread" }));
    const before = await scopes([mine.id, peersShared.id, peersPrivate.id, myReply.id]);

    for (const [ids, message] of [
      [[mine.id, peersShared.id], `No such annotation: ${peersShared.id}.`],
      [[mine.id, peersPrivate.id], `No such annotation: ${peersPrivate.id}.`],
      [[mine.id, "no-such-id"], "No such annotation: no-such-id."],
    ] as const) {
      const error = await appError(move(student, [...ids], "everyone"));
      expect({ code: error.code, message: error.message }).toEqual({ code: "NOT_FOUND", message });
    }
    expect((await appError(move(student, [mine.id, myReply.id], "everyone"))).code).toBe("BAD_REQUEST");
    expect((await appError(move(student, [mine.id], { group: elsewhere.id }))).message).toBe(NOT_YOUR_GROUP);
    expect((await appError(move(null, [mine.id], "everyone"))).code).toBe("UNAUTHENTICATED");
    expect(await scopes([mine.id, peersShared.id, peersPrivate.id, myReply.id])).toEqual(before);
  });

  it("takes at most 200 ids", () => {
    const ids = Array.from({ length: 201 }, (_, index) => `id-${index}`);
    expect(ZMoveAnnotationsSchema.safeParse({ ids, visibility: "private" }).success).toBe(false);
    expect(ZMoveAnnotationsSchema.safeParse({ ids: ids.slice(0, 200), visibility: "private" }).success).toBe(true);
    expect(ZMoveAnnotationsSchema.safeParse({ ids: [], visibility: "private" }).success).toBe(false);
  });
});
