import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DELETED_READING_VISIBILITY } from "@/lib/documents/reading-visibility";
import { ZCreateReplySchema } from "@/lib/annotations/schemas";
import { ZCreateAssignmentSchema } from "@/lib/assignments/schemas";
import { getThread } from "@/server/annotations/get-annotation";
import { createAssignment } from "@/server/assignments/create-assignment";
import { releaseGrades } from "@/server/assignments/release-grades";
import { createFeedbackReply } from "@/server/review/create-feedback-reply";
import { db } from "@/server/db/client";
import { stopListening } from "@/server/outbox/bus";
import { WriteRateLimiter } from "@/server/limits/write-rate";
import { createApiToken } from "@/server/tokens/create-api-token";
import { annotate, createDocument, createGroup, createReading, createUser, insertHelpful, reply } from "@/tests/factories";
import { refusal } from "@/tests/refusal";
import { CLOSED_ACCOUNT_NAME, closeAccount } from "./close-account";
import { createUserWithPassword } from "./users";

// QA round 4, #8: there was no way to leave. Closing takes what is only yours and leaves what others wrote.

const PASSWORD = "a passphrase of mine";
const source = { ip: "203.0.113.40", knownDevice: null };
let slug: string;

beforeAll(async () => {
  slug = (await createDocument("close-account")).slug;
});
afterAll(async () => {
  await stopListening();
  await db.$disconnect();
});

const exists = async (id: string) => (await db.annotation.count({ where: { id } })) === 1;

describe("closing an account", () => {
  it("deletes what is only theirs, keeps what others wrote, and leaves no way to sign in", async () => {
    const [closer, friend, teacher] = await Promise.all([
      createUser({ email: "leaving@uni.edu", password: PASSWORD }),
      createUser({ email: "friend@uni.edu", password: PASSWORD }),
      createUser({ email: "teacher@uni.edu", password: PASSWORD }),
    ]);
    const group = await createGroup(teacher, { name: "Seminar C", members: { member: [closer, friend] } });
    const answered = await annotate(closer, slug, { group: group.id }, "a question the group answered");
    const friendsAnswer = await reply(friend, answered.id, "the friend's answer");
    const unanswered = await annotate(closer, slug, { group: group.id }, "no one answered");
    const privateNote = await annotate(closer, slug, "private", "mine alone");
    const friendsThread = await annotate(friend, slug, { group: group.id }, "the friend's own note");
    const closersReply = await reply(closer, friendsThread.id, "the closer's reply");
    await insertHelpful(friendsThread, closer);
    const shared = await createReading(closer, "closer-shared", { visibility: "public" });
    const friendsNoteThere = await annotate(friend, shared.slug, "private", "the friend's note on the closer's reading");
    const alone = await createReading(closer, "closer-alone");
    await annotate(closer, alone.slug, "private", "on my own reading");
    await createApiToken({ userId: closer.id, name: "script", scope: "read", expiresInDays: null });

    expect(await refusal(closeAccount(closer.id, { email: "someone@else.edu", password: PASSWORD }, source))).toBe(
      "422 Type your account's address, leaving@uni.edu, to confirm.",
    );
    expect(await refusal(closeAccount(closer.id, { email: "leaving@uni.edu", password: "wrong" }, source))).toBe(
      "422 That is not your password.",
    );
    expect(await exists(unanswered.id)).toBe(true);

    expect(await closeAccount(closer.id, { email: " Leaving@Uni.edu ", password: PASSWORD }, source)).toEqual({
      deletedAnnotations: 3,
      deletedReplies: 1,
      keptThreads: 1,
      deletedReadings: 2,
    });
    // Only theirs: gone.
    for (const id of [unanswered.id, privateNote.id, closersReply.id]) expect(await exists(id)).toBe(false);
    expect(await db.document.count({ where: { id: alone.id } })).toBe(0);
    expect(await db.helpful.count({ where: { userId: closer.id } })).toBe(0);
    expect(await db.membership.count({ where: { userId: closer.id } })).toBe(0);
    expect(await db.apiToken.count({ where: { userId: closer.id } })).toBe(0);
    // Others' words: still theirs, still readable.
    const thread = await getThread(friend, answered.id);
    expect(thread.annotation).toMatchObject({ isDeleted: true, body: "", author: { name: CLOSED_ACCOUNT_NAME } });
    expect(thread.replies.map((item) => item.id)).toEqual([friendsAnswer.id]);
    expect(await exists(friendsThread.id)).toBe(true);
    expect(await db.document.findUniqueOrThrow({ where: { id: shared.id }, select: { visibility: true } })).toEqual({
      visibility: DELETED_READING_VISIBILITY,
    });
    expect(await exists(friendsNoteThere.id)).toBe(true);
    // No name, no address, no password: the address is free for a new account.
    expect(await db.user.findUniqueOrThrow({ where: { id: closer.id }, select: { name: true, email: true, passwordHash: true } })).toEqual({
      name: CLOSED_ACCOUNT_NAME,
      email: `closed-${closer.id}@closed.invalid`,
      passwordHash: null,
    });
    const again = await createUserWithPassword({ name: "Back again", email: "leaving@uni.edu", password: PASSWORD });
    expect(again.id).not.toBe(closer.id);
  });

  it("is refused, with nothing deleted, while they own a group: its members' work is not theirs", async () => {
    const [owner, member] = await Promise.all([createUser({ password: PASSWORD }), createUser({ password: PASSWORD })]);
    const group = await createGroup(owner, { name: "Owned Seminar", members: { member: [member] } });
    const note = await annotate(owner, slug, { group: group.id }, "the owner's prompt");
    const account = await db.user.findUniqueOrThrow({ where: { id: owner.id }, select: { email: true } });
    expect(await refusal(closeAccount(owner.id, { email: account.email, password: PASSWORD }, source))).toMatch(
      /^409 You own a group: “Owned Seminar”\. .* delete it first, on its page\. Nothing was deleted\.$/,
    );
    expect(await exists(note.id)).toBe(true);
    expect(await db.membership.count({ where: { userId: owner.id } })).toBe(1);
  });

  // QA round 5: an instructor's closed account took their feedback with it; a student's reading set as an assignment refused closing.
  it("keeps the feedback an instructor gave and a reading a group set as an assignment", async () => {
    const [owner, coach, student] = await Promise.all([
      createUser({ password: PASSWORD }),
      createUser({ email: "coach@uni.edu", password: PASSWORD }),
      createUser({ email: "assigned@uni.edu", password: PASSWORD }),
    ]);
    const group = await createGroup(owner, { name: "Seminar K", members: { instructor: [coach], member: [student] } });
    const work = await annotate(student, slug, { group: group.id }, "the student's work");
    const feedback = await createFeedbackReply(coach, work.id, ZCreateReplySchema.parse({ body: "well argued" }));
    const mention = await reply(coach, work.id, "a plain reply that goes");
    expect(await closeAccount(coach.id, { email: "coach@uni.edu", password: PASSWORD }, source)).toMatchObject({ deletedReplies: 1 });
    expect(await exists(feedback.id)).toBe(true);
    expect(await exists(mention.id)).toBe(false);
    expect((await getThread(student, work.id)).replies.map((item) => [item.body, item.author.name])).toEqual([
      ["well argued", CLOSED_ACCOUNT_NAME],
    ]);

    const reading = await createReading(student, "assigned-reading", { visibility: "group", groupId: group.id });
    const assignment = await createAssignment(
      owner,
      group.id,
      ZCreateAssignmentSchema.parse({ document: reading.slug, title: "Week 2", dueAt: "2030-12-01T17:00:00.000Z" }),
    );
    // Their grade as released goes with them, as an override does.
    await releaseGrades(owner, assignment.id);
    expect(await db.releasedGrade.count({ where: { userId: student.id } })).toBe(1);
    await closeAccount(student.id, { email: "assigned@uni.edu", password: PASSWORD }, source);
    expect(await db.releasedGrade.count({ where: { userId: student.id } })).toBe(0);
    expect(await db.document.findUniqueOrThrow({ where: { id: reading.id }, select: { visibility: true, groupId: true } })).toEqual({
      visibility: "group",
      groupId: group.id,
    });
  });

  // QA round 5: a script writing as the person as fast as it may kept them from closing the account (429).
  it("is not held back by the person's own write rate", async () => {
    const busy = await createUser({ email: "busy@uni.edu", password: PASSWORD });
    const limiter = new WriteRateLimiter();
    const rule = { burst: 1, perMinute: 1 };
    expect((await limiter.take(busy.id, rule)).isAllowed).toBe(true);
    expect((await limiter.take(busy.id, rule)).isAllowed).toBe(false);
    vi.stubEnv("WRITE_RATE_BURST", "1");
    vi.stubEnv("WRITE_RATE_PER_MINUTE", "1");
    try {
      expect(await refusal(annotate(busy, slug, "private", "one more"))).toMatch(/^429/);
      expect(await closeAccount(busy.id, { email: "busy@uni.edu", password: PASSWORD }, source)).toMatchObject({ deletedAnnotations: 0 });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("asks an account without a password only for its address", async () => {
    const external = await createUser({ email: "oauth-leaver@uni.edu" });
    await annotate(external, slug, "private", "a note");
    expect(await closeAccount(external.id, { email: "oauth-leaver@uni.edu", password: "" }, source)).toMatchObject({
      deletedAnnotations: 1,
    });
  });
});
