import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZCreateReplySchema, ZListAnnotationsQuery } from "@/lib/annotations/schemas";
import { AppError } from "@/lib/errors";
import { ZFlagAnnotationSchema } from "@/lib/moderation/schemas";
import type { Viewer } from "@/server/authz/annotations";
import { createReply } from "@/server/annotations/create-reply";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { getThread } from "@/server/annotations/get-annotation";
import { listAnnotations } from "@/server/annotations/list-annotations";
import { db } from "@/server/db/client";
import { getGroupReview } from "@/server/review/get-group-review";
import { annotate, article, createDocument, createGroup, createReading, createUser } from "@/tests/factories";
import { refusal } from "@/tests/refusal";
import { countUnreadNotifications } from "@/server/notifications/count-unread-notifications";
import { flagAnnotation } from "./flag-annotation";
import { hideAnnotation } from "./hide-annotation";
import { listFlags } from "./list-flags";
import { markHelpful } from "./mark-helpful";
import { restoreAnnotation } from "./restore-annotation";
import { unmarkHelpful } from "./unmark-helpful";

const slug = `${article.slug}-moderation`;

type User = { id: string };
let author: User, member: User, teacher: User, owner: User, outsider: User;
let seminar: { id: string };

beforeAll(async () => {
  await createDocument(slug);
  [author, member, teacher, owner, outsider] = await Promise.all(
    ["author", "member", "teacher", "owner", "outsider"].map((name) => createUser({ name, email: `${name}@moderation.example` })),
  );
  seminar = await createGroup(owner, { name: "Seminar M", members: { instructor: [teacher], member: [author, member] } });
});

afterAll(() => db.$disconnect());

async function listed(viewer: Viewer) {
  return (await listAnnotations(viewer, slug, ZListAnnotationsQuery.parse({ limit: 500 }))).items;
}

async function errorCode(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

const reason = (text: string) => ZFlagAnnotationSchema.parse({ reason: text });

describe("flags", () => {
  it("notifies the group's instructors and owner, not its members; re-flagging updates the reason", async () => {
    const note = await annotate(author, slug, { group: seminar.id }, "something rude");
    const before = await Promise.all([teacher, owner, author].map((user) => countUnreadNotifications(user)));

    const flag = await flagAnnotation(member, note.id, reason("  Off topic and rude  "));
    expect(flag.reason).toBe("Off topic and rude");
    expect(await countUnreadNotifications(teacher)).toBe(before[0] + 1);
    expect(await countUnreadNotifications(owner)).toBe(before[1] + 1);
    expect(await countUnreadNotifications(author)).toBe(before[2]);
    expect(await countUnreadNotifications(member)).toBe(0);

    await flagAnnotation(member, note.id, reason("Rude"));
    const flags = (await listFlags(teacher, seminar.id)).filter((item) => item.annotation.id === note.id);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      reason: "Rude",
      flaggedBy: { id: member.id, name: "member" },
      annotation: { body: "something rude", author: { id: author.id }, isHidden: false, href: `/read/${slug}?annotation=${note.id}` },
    });
    expect(flags[0].annotation.quote).toBe(note.target!.selector[0].exact);
    expect(await countUnreadNotifications(teacher)).toBe(before[0] + 1); // still one unread about it
  });

  it("shows the staff no flag, nor notifies them, on a reading only another group may open", async () => {
    // The author and the member are also in another class, which alone shares the reading; the
    // seminar's owner and teacher are not in it.
    const otherClass = await createGroup(author, { name: "Other class M", members: { member: [member] } });
    const reading = await createReading(author, `${slug}-other-class`, { visibility: "group", groupId: otherClass.id });
    const note = await annotate(author, reading.slug, { group: seminar.id }, "the exam key");
    const before = await countUnreadNotifications(teacher);
    await flagAnnotation(member, note.id, reason("leaks the exam key"));
    expect((await listFlags(teacher, seminar.id)).map((flag) => flag.annotation.id)).not.toContain(note.id);
    expect((await listFlags(owner, seminar.id)).map((flag) => flag.annotation.id)).not.toContain(note.id);
    expect(await countUnreadNotifications(teacher)).toBe(before);
    // Shared with the seminar, it is theirs to moderate.
    await db.document.update({ where: { id: reading.id }, data: { groupId: seminar.id } });
    expect((await listFlags(teacher, seminar.id)).map((flag) => flag.annotation.id)).toContain(note.id);
  });

  it("refuses the author (403), outsiders (404), anonymous readers (401), annotations outside a group, and members listing flags", async () => {
    const note = await annotate(author, slug, { group: seminar.id });
    expect(await errorCode(flagAnnotation(author, note.id, reason("mine")))).toBe("FORBIDDEN");
    expect(await errorCode(flagAnnotation(outsider, note.id, reason("who?")))).toBe("NOT_FOUND");
    expect(await errorCode(flagAnnotation(null, note.id, reason("anon")))).toBe("UNAUTHENTICATED");
    const everyone = await annotate(author, slug, "everyone");
    expect(await errorCode(flagAnnotation(member, everyone.id, reason("not a group")))).toBe("FORBIDDEN");
    expect(await errorCode(listFlags(member, seminar.id))).toBe("FORBIDDEN");
    expect(await errorCode(listFlags(outsider, seminar.id))).toBe("NOT_FOUND");
    expect(await errorCode(listFlags(null, seminar.id))).toBe("UNAUTHENTICATED");
    expect(() => ZFlagAnnotationSchema.parse({ reason: "   " })).toThrow();
    expect(() => ZFlagAnnotationSchema.parse({ reason: "x".repeat(501) })).toThrow();
  });
});

describe("hide and restore", () => {
  it("hides a thread from members, keeps it for its author (isHidden) and the staff, resolves flags; restore brings it back", async () => {
    const note = await annotate(author, slug, { group: seminar.id }, "hide me");
    await createReply(member, note.id, ZCreateReplySchema.parse({ body: "a reply" }));
    await flagAnnotation(member, note.id, reason("spam"));
    expect((await listFlags(teacher, seminar.id)).map((flag) => flag.annotation.id)).toContain(note.id);

    const hidden = await hideAnnotation(teacher, note.id);
    expect(hidden).toMatchObject({ id: note.id, isHidden: true });
    const row = await db.annotation.findUniqueOrThrow({ where: { id: note.id } });
    expect(row.hiddenById).toBe(teacher.id);
    expect(row.hiddenAt).not.toBeNull();

    expect((await listed(member)).map((item) => item.id)).not.toContain(note.id);
    expect(await errorCode(getThread(member, note.id))).toBe("NOT_FOUND");
    expect((await listed(author)).find((item) => item.id === note.id)).toMatchObject({ isHidden: true });
    expect((await getThread(author, note.id)).annotation.isHidden).toBe(true);
    expect((await listed(teacher)).map((item) => item.id)).toContain(note.id);
    expect((await listed(owner)).map((item) => item.id)).toContain(note.id);
    expect((await listFlags(teacher, seminar.id)).map((flag) => flag.annotation.id)).not.toContain(note.id);
    expect(await db.flag.count({ where: { annotationId: note.id, resolvedAt: null } })).toBe(0);

    expect(await errorCode(flagAnnotation(member, note.id, reason("again")))).toBe("NOT_FOUND"); // gone for members

    const restored = await restoreAnnotation(owner, note.id);
    expect(restored.isHidden).toBe(false);
    expect((await listed(member)).find((item) => item.id === note.id)).toMatchObject({ isHidden: false });
    expect((await getThread(member, note.id)).replies).toHaveLength(1);
  });

  it("restoring resolves the flags filed since", async () => {
    const note = await annotate(author, slug, { group: seminar.id });
    await flagAnnotation(member, note.id, reason("hmm"));
    await restoreAnnotation(teacher, note.id);
    expect(await db.flag.count({ where: { annotationId: note.id, resolvedAt: null } })).toBe(0);
  });

  it("refuses members (403), outsiders (404) and anonymous readers (401)", async () => {
    const note = await annotate(author, slug, { group: seminar.id });
    expect(await errorCode(hideAnnotation(member, note.id))).toBe("FORBIDDEN");
    expect(await errorCode(hideAnnotation(author, note.id))).toBe("FORBIDDEN");
    expect(await errorCode(restoreAnnotation(member, note.id))).toBe("FORBIDDEN");
    expect(await errorCode(hideAnnotation(outsider, note.id))).toBe("NOT_FOUND");
    expect(await errorCode(hideAnnotation(null, note.id))).toBe("UNAUTHENTICATED");
    expect(await db.annotation.count({ where: { id: note.id, hiddenAt: { not: null } } })).toBe(0);
  });

  it("hides one reply in a group's thread, not the thread: the staff do, the thread's author and the reply's writer do not", async () => {
    const note = await annotate(author, slug, { group: seminar.id });
    const rude = await createReply(member, note.id, ZCreateReplySchema.parse({ body: "a rude reply" }));
    expect(await errorCode(hideAnnotation(author, rude.id))).toBe("FORBIDDEN");
    expect(await errorCode(hideAnnotation(member, rude.id))).toBe("FORBIDDEN");
    expect((await hideAnnotation(teacher, rude.id)).isHidden).toBe(true);
    expect((await getThread(author, note.id)).replies).toEqual([]);
    expect((await getThread(author, note.id)).annotation.replyCount).toBe(0);
    expect((await getThread(member, note.id)).replies.map((item) => [item.id, item.isHidden])).toEqual([[rude.id, true]]);
    expect((await getThread(teacher, note.id)).replies.map((item) => item.id)).toEqual([rude.id]);
    expect((await listed(author)).find((item) => item.id === note.id)?.isHidden).toBe(false);
    // The staff's review still holds it (it is the member's work), marked hidden.
    const review = await getGroupReview(teacher, seminar.id, slug);
    expect(review.annotations.find((item) => item.id === note.id)?.replies.map((item) => [item.id, item.isHidden])).toEqual([
      [rude.id, true],
    ]);
    expect((await restoreAnnotation(teacher, rude.id)).isHidden).toBe(false);
    expect((await getThread(author, note.id)).replies.map((item) => item.id)).toEqual([rude.id]);
  });
});

// QA round 4, #12: under a note shared with everyone signed in there are no group staff, so a
// stranger's abusive reply could be neither flagged nor hidden, and it stayed when the note went.
describe("replies under a note shared with everyone signed in", () => {
  it("are the note's author's to hide and restore, for every reader but the reply's writer", async () => {
    const note = await annotate(author, slug, "everyone", "an open question");
    const abuse = await createReply(outsider, note.id, ZCreateReplySchema.parse({ body: "abuse" }));
    const kind = await createReply(member, note.id, ZCreateReplySchema.parse({ body: "a kind answer" }));
    for (const stranger of [member, teacher]) {
      expect(await refusal(hideAnnotation(stranger, abuse.id))).toBe(
        "403 Only the author of the note can hide or restore the replies under it.",
      );
    }
    expect(await refusal(hideAnnotation(outsider, abuse.id))).toBe("403 This is your own reply: delete it rather than hide it.");
    expect(await errorCode(hideAnnotation(null, abuse.id))).toBe("UNAUTHENTICATED");

    // A reader reports it to the note's author (there are no staff to report it to); the author hides it.
    const unreadBefore = await countUnreadNotifications(author);
    await flagAnnotation(member, abuse.id, reason("abusive"));
    expect(await countUnreadNotifications(author)).toBe(unreadBefore + 1);
    expect(await refusal(flagAnnotation(author, abuse.id, reason("mine to hide")))).toBe(
      "403 This reply is under your own note: hide it rather than report it.",
    );
    expect((await hideAnnotation(author, abuse.id)).isHidden).toBe(true);
    expect(await db.flag.count({ where: { annotationId: abuse.id, resolvedAt: null } })).toBe(0);
    for (const reader of [member, teacher]) {
      const thread = await getThread(reader, note.id);
      expect(thread.replies.map((item) => item.id)).toEqual([kind.id]);
      expect(thread.annotation.replyCount).toBe(1);
    }
    // Its writer still has it (marked hidden); the note's author sees it, to restore it.
    expect((await getThread(outsider, note.id)).replies.map((item) => [item.id, item.isHidden])).toEqual([
      [abuse.id, true],
      [kind.id, false],
    ]);
    expect((await getThread(author, note.id)).replies.map((item) => item.id)).toEqual([abuse.id, kind.id]);
    // The note's author cannot hide the note itself (it is theirs to delete) and cannot hide away their own words.
    expect(await errorCode(hideAnnotation(author, note.id))).toBe("FORBIDDEN");

    // Deleting the note keeps the replies (as always): the hidden one stays hidden.
    await deleteAnnotation(author, note.id);
    expect((await getThread(member, note.id)).replies.map((item) => item.id)).toEqual([kind.id]);
    expect((await restoreAnnotation(author, abuse.id)).isHidden).toBe(false);
    expect((await getThread(member, note.id)).replies.map((item) => item.id)).toEqual([abuse.id, kind.id]);
  });
});

describe("helpful", () => {
  it("counts marks, is idempotent, shows isHelpfulToMe in the list, and refuses the author and outsiders", async () => {
    const note = await annotate(author, slug, { group: seminar.id });
    expect(await markHelpful(member, note.id)).toEqual({ annotationId: note.id, helpfulCount: 1, isHelpfulToMe: true });
    expect((await markHelpful(member, note.id)).helpfulCount).toBe(1);
    expect((await markHelpful(teacher, note.id)).helpfulCount).toBe(2);
    expect((await listed(member)).find((item) => item.id === note.id)).toMatchObject({ helpfulCount: 2, isHelpfulToMe: true });
    expect((await listed(author)).find((item) => item.id === note.id)).toMatchObject({ helpfulCount: 2, isHelpfulToMe: false });

    expect(await unmarkHelpful(member, note.id)).toEqual({ annotationId: note.id, helpfulCount: 1, isHelpfulToMe: false });
    expect((await unmarkHelpful(member, note.id)).helpfulCount).toBe(1);

    expect(await errorCode(markHelpful(author, note.id))).toBe("FORBIDDEN");
    expect(await errorCode(markHelpful(outsider, note.id))).toBe("NOT_FOUND");
    expect(await errorCode(markHelpful(null, note.id))).toBe("UNAUTHENTICATED");
  });
});
