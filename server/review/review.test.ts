import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ZCreateReplySchema } from "@/lib/annotations/schemas";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { AppError } from "@/lib/errors";
import type { Viewer } from "@/server/authz/annotations";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { exportAnnotations } from "@/server/annotations/export-annotations";
import { getAnnotation, getThread } from "@/server/annotations/get-annotation";
import { db } from "@/server/db/client";
import { annotate, article, createDocument, createGroup, createUser, reply } from "@/tests/factories";
import { createFeedbackReply } from "./create-feedback-reply";
import { getGroupReview } from "./get-group-review";
import { listGroupNotes } from "./list-group-notes";
import { streamReviewCsv, type ReviewCsvKind } from "./review-csv-file";
import { releaseScores } from "./release-scores";
import { setScore } from "./set-score";
import { updateGroup } from "@/server/groups/update-group";

const SLUG = `${article.slug}-review`;
const paragraphs = paragraphRanges(article.text);

type User = { id: string; name: string };
let ana: User, ben: User, cara: User, teacher: User, owner: User, outsider: User;
let seminar: { id: string };
/** Ana's group note (paragraph 1), Ana's instructors-only note (paragraphs 3–4), Ben's group note (paragraph 2). */
let anaOpening: { id: string }, anaContrast: { id: string }, benQuestion: { id: string };
let benReply: { id: string }, anaReply: { id: string }, feedback: { id: string };
let anaPrivate: { id: string }, anaPublic: { id: string };

const giveFeedback = (viewer: Viewer, id: string, body: string) => createFeedbackReply(viewer, id, ZCreateReplySchema.parse({ body }));

async function errorCode(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

beforeAll(async () => {
  await createDocument(SLUG);
  [ana, ben, cara, teacher, owner, outsider] = await Promise.all(
    ["Ana", "Ben", "Cara", "Teacher", "Owner", "Outsider"].map((name) =>
      createUser({ name, email: `${name.toLowerCase()}@review.example.edu` }),
    ),
  );
  seminar = await createGroup(owner, { name: "Seminar R", members: { instructor: [teacher], member: [ana, ben, cara] } });
  const elsewhere = await createGroup(outsider, { name: "Elsewhere", members: { owner: [outsider], member: [ana] } });

  anaOpening = await annotate(
    ana,
    SLUG,
    { group: seminar.id },
    { body: "The opening frames the claim", tags: ["claim"], at: [paragraphs[0].start, paragraphs[0].start + 20] },
  );
  anaContrast = await annotate(
    ana,
    SLUG,
    { instructors: seminar.id },
    { body: "Two paragraphs build the contrast", at: [paragraphs[2].end - 5, paragraphs[3].start + 5] },
  );
  benQuestion = await annotate(
    ben,
    SLUG,
    { group: seminar.id },
    { body: '=HYPERLINK("x") Why start here?', at: [paragraphs[1].start, paragraphs[1].start + 10] },
  );
  // Not the group's coursework: private, public, another group's, deleted.
  anaPrivate = await annotate(ana, SLUG, "private", { body: "just for me", at: [paragraphs[5].start, paragraphs[5].start + 10] });
  anaPublic = await annotate(ana, SLUG, "everyone", { body: "for all", at: [paragraphs[6].start, paragraphs[6].start + 10] });
  await annotate(ana, SLUG, { group: elsewhere.id }, { body: "in the other group", at: [paragraphs[7].start, paragraphs[7].start + 10] });
  const deleted = await annotate(
    ana,
    SLUG,
    { group: seminar.id },
    { body: "second thoughts", at: [paragraphs[8].start, paragraphs[8].start + 10] },
  );
  await deleteAnnotation(ana, deleted.id);

  benReply = await reply(ben, anaOpening.id, "I agree with this reading");
  anaReply = await reply(ana, anaOpening.id, "Thanks Ben");
  feedback = await giveFeedback(teacher, anaOpening.id, "Good catch, now cite the source");
});

afterAll(() => db.$disconnect());

describe("scores", () => {
  it("lets the group's instructor and owner score and clear, on the rubric", async () => {
    expect(await setScore(teacher, anaOpening.id, 2)).toEqual({ annotationId: anaOpening.id, points: 2 });
    expect(await setScore(owner, anaContrast.id, 3)).toEqual({ annotationId: anaContrast.id, points: 3 });
    await setScore(teacher, benQuestion.id, 1);
    await setScore(owner, benQuestion.id, 0);
    expect(await db.score.findUnique({ where: { annotationId: benQuestion.id } })).toMatchObject({ points: 0, scorerId: owner.id });
    expect(await setScore(teacher, benQuestion.id, null)).toEqual({ annotationId: benQuestion.id, points: null });
    expect(await setScore(teacher, benQuestion.id, null)).toEqual({ annotationId: benQuestion.id, points: null });
    expect(await db.score.findUnique({ where: { annotationId: benQuestion.id } })).toBeNull();
  });

  it("refuses members (403 where they can read it, 404 where not), other groups' staff, anonymous readers", async () => {
    expect(await errorCode(setScore(ana, benQuestion.id, 3))).toBe("FORBIDDEN");
    expect(await errorCode(setScore(ana, anaOpening.id, 3))).toBe("FORBIDDEN");
    expect(await errorCode(setScore(ben, anaContrast.id, 3))).toBe("NOT_FOUND");
    expect(await errorCode(setScore(outsider, anaOpening.id, 3))).toBe("NOT_FOUND");
    expect(await errorCode(setScore(null, anaOpening.id, 3))).toBe("UNAUTHENTICATED");
    expect(await db.score.findUnique({ where: { annotationId: anaOpening.id } })).toMatchObject({ points: 2, scorerId: teacher.id });
  });

  it("scores a student's reply like an annotation; never feedback, nor the staff's own writing, nor outside the group", async () => {
    expect(await setScore(teacher, benReply.id, 1)).toEqual({ annotationId: benReply.id, points: 1 });
    expect(await db.score.findUnique({ where: { annotationId: benReply.id } })).toMatchObject({ points: 1, releasedAt: null });
    expect(await errorCode(setScore(ben, benReply.id, 3))).toBe("FORBIDDEN");
    expect(await errorCode(setScore(teacher, feedback.id, 2))).toBe("UNPROCESSABLE");
    const ownersNote = await reply(owner, anaOpening.id, "the owner chimes in");
    expect(await errorCode(setScore(owner, ownersNote.id, 2))).toBe("FORBIDDEN");
    await db.annotation.delete({ where: { id: ownersNote.id } });
    expect(await errorCode(setScore(teacher, anaPublic.id, 2))).toBe("FORBIDDEN");
    expect(await errorCode(setScore(teacher, anaPrivate.id, 2))).toBe("NOT_FOUND");
  });
});

describe("feedback", () => {
  it("is a feedback reply in the thread, written by the group's staff only", async () => {
    expect(feedback).toMatchObject({
      parentId: anaOpening.id,
      isFeedback: true,
      author: { id: teacher.id },
      visibility: "group",
      groupId: seminar.id,
    });
    const ownersFeedback = await giveFeedback(owner, benReply.id, "Reply to Ana's point directly");
    expect(ownersFeedback).toMatchObject({
      parentId: anaOpening.id,
      feedbackOn: { id: benReply.id, author: { id: ben.id }, isReply: true },
    });
    // Feedback on Ben's reply is Ben's: he reads it, Ana (whose thread it is in) does not, and it is counted for him only.
    expect((await getAnnotation(ben, ownersFeedback.id)).body).toBe("Reply to Ana's point directly");
    expect(await errorCode(getAnnotation(ana, ownersFeedback.id))).toBe("NOT_FOUND");
    expect(await errorCode(getAnnotation(cara, ownersFeedback.id))).toBe("NOT_FOUND");
    const thread = async (viewer: Viewer) => (await getThread(viewer, anaOpening.id)).annotation;
    expect(await thread(ben)).toMatchObject({ replyCount: 2, feedbackCount: 1 });
    expect(await thread(ana)).toMatchObject({ replyCount: 2, feedbackCount: 1 }); // her own feedback (below), not Ben's
    expect(await thread(cara)).toMatchObject({ replyCount: 2, feedbackCount: 0 });
    expect(await thread(teacher)).toMatchObject({ replyCount: 2, feedbackCount: 2 });
    // Only Ben is told, as feedback: never Ana, as a reply would have told her.
    const notices = await db.notification.findMany({ where: { annotationId: ownersFeedback.id }, select: { userId: true, kind: true } });
    expect(notices).toEqual([{ userId: ben.id, kind: "feedback" }]);
    expect(await errorCode(giveFeedback(teacher, ownersFeedback.id, "on feedback"))).toBe("UNPROCESSABLE");
    // Answering feedback by its id would put the answer before the whole group: refused, nothing written.
    expect(await errorCode(reply(ben, ownersFeedback.id, "my private answer"))).toBe("UNPROCESSABLE");
    expect(await db.annotation.count({ where: { body: "my private answer" } })).toBe(0);
    const mine = await reply(owner, anaOpening.id, "mine");
    expect(await errorCode(giveFeedback(owner, mine.id, "on my own"))).toBe("FORBIDDEN");
    await db.annotation.delete({ where: { id: mine.id } });
    expect(await errorCode(giveFeedback(ben, anaOpening.id, "sneaky"))).toBe("FORBIDDEN");
    expect(await errorCode(giveFeedback(ben, anaContrast.id, "sneaky"))).toBe("NOT_FOUND");
    expect(await errorCode(giveFeedback(outsider, anaOpening.id, "sneaky"))).toBe("NOT_FOUND");
    expect(await errorCode(giveFeedback(null, anaOpening.id, "sneaky"))).toBe("UNAUTHENTICATED");
    expect(await errorCode(giveFeedback(teacher, anaPublic.id, "not coursework"))).toBe("FORBIDDEN");
    expect(await db.annotation.count({ where: { body: "sneaky" } })).toBe(0);
    await db.annotation.delete({ where: { id: ownersFeedback.id } });
  });

  it("reaches the thread's author and the staff, not another member", async () => {
    const replyIds = async (viewer: Viewer) => (await getThread(viewer, anaOpening.id)).replies.map((item) => item.id);
    for (const reader of [ana, teacher, owner]) expect(await replyIds(reader)).toEqual([benReply.id, anaReply.id, feedback.id]);
    expect(await replyIds(ben)).toEqual([benReply.id, anaReply.id]);
    expect(await errorCode(getAnnotation(ben, feedback.id))).toBe("NOT_FOUND");
    expect((await exportAnnotations(ben, SLUG, { onlyMine: false })).replies.map((item) => item.id)).not.toContain(feedback.id);
    expect((await exportAnnotations(ana, SLUG, { onlyMine: false })).replies.map((item) => item.id)).toContain(feedback.id);
  });
});

describe("getGroupReview", () => {
  it("counts each student's annotations, replies, words, scores and paragraphs in the group's scopes", async () => {
    const review = await getGroupReview(teacher, seminar.id, SLUG);
    expect(review.group).toEqual({ id: seminar.id, name: "Seminar R", scoreRelease: "manual" });
    expect(review.paragraphCount).toBe(paragraphs.length);
    expect(review.students.map((student) => student.name)).toEqual(["Ana", "Ben", "Cara"]);
    expect(review.staff.map((member) => [member.name, member.role])).toEqual([
      ["Owner", "owner"],
      ["Teacher", "instructor"],
    ]);
    const [anaRow, benRow, caraRow] = review.students;
    expect(anaRow).toMatchObject({ annotations: 2, replies: 1, words: 5 + 5 + 2, scoreTotal: 5, scored: 2, paragraphsEngaged: [0, 2, 3] });
    expect(anaRow.lastActivity).toEqual(expect.any(String));
    // Ben's score is on his reply: replies are coursework too.
    expect(benRow).toMatchObject({ annotations: 1, replies: 1, words: 4 + 5, scoreTotal: 1, scored: 1, paragraphsEngaged: [1] });
    expect(caraRow).toMatchObject({
      annotations: 0,
      replies: 0,
      words: 0,
      scoreTotal: 0,
      scored: 0,
      paragraphsEngaged: [],
      lastActivity: null,
    });
    // Feedback is not the teacher's coursework, nor a reply.
    expect(review.staff.find((member) => member.name === "Teacher")).toMatchObject({ annotations: 0, replies: 0, words: 0 });
    // Ana's private note is counted (not shown); a reply, a deleted note or a public one is not private.
    expect(review.students.map((student) => student.privateNotes)).toEqual([1, 0, 0]);
  });

  it("lists the group's threads in reading order with replies, feedback and score", async () => {
    const review = await getGroupReview(owner, seminar.id, SLUG);
    expect(review.annotations.map((annotation) => annotation.id)).toEqual([anaOpening.id, benQuestion.id, anaContrast.id]);
    expect(review.annotations[0]).toMatchObject({
      author: { id: ana.id, name: "Ana" },
      body: "The opening frames the claim",
      tags: ["claim"],
      visibility: "group",
      score: 2,
      isHidden: false,
      replies: [
        { author: { name: "Ben" }, body: "I agree with this reading", isFeedback: false },
        { author: { name: "Ana" }, body: "Thanks Ben", isFeedback: false },
        { author: { name: "Teacher" }, body: "Good catch, now cite the source", isFeedback: true },
      ],
    });
    expect(review.annotations[0].quote).toBe(article.text.slice(paragraphs[0].start, paragraphs[0].start + 20));
    expect(review.annotations[2]).toMatchObject({ visibility: "instructors", score: 3 });
  });

  it("is for the owner and instructors only", async () => {
    expect(await errorCode(getGroupReview(ana, seminar.id, SLUG))).toBe("FORBIDDEN");
    expect(await errorCode(getGroupReview(outsider, seminar.id, SLUG))).toBe("NOT_FOUND");
    expect(await errorCode(getGroupReview(null, seminar.id, SLUG))).toBe("UNAUTHENTICATED");
    expect(await errorCode(getGroupReview(teacher, "no-such-group", SLUG))).toBe("NOT_FOUND");
    expect(await errorCode(getGroupReview(teacher, seminar.id, "no-such-document"))).toBe("NOT_FOUND");
  });
});

describe("CSV exports", () => {
  /** The file as a download holds it; Buffer keeps the byte order mark, which TextDecoder would drop. */
  const csvOf = async (kind: ReviewCsvKind) =>
    Buffer.from(await new Response((await streamReviewCsv(teacher, seminar.id, SLUG, kind)).body).arrayBuffer()).toString("utf8");

  it("students.csv: one row per student with the review's numbers", async () => {
    const csv = await csvOf("students");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe("name,email,annotations,replies,words,score_total,scored,paragraphs_engaged,last_activity");
    expect(lines[1]).toMatch(/^Ana,ana@review\.example\.edu,2,1,12,5,2,3,\d{4}-/);
    expect(lines[2]).toMatch(/^Ben,ben@review\.example\.edu,1,1,9,1,1,1,\d{4}-/);
    expect(lines[3]).toBe("Cara,cara@review.example.edu,0,0,0,0,0,0,");
    expect(lines).toHaveLength(4);
  });

  it("annotations.csv: each annotation and each reply on its own row, with its score and the feedback on it, formula-safe", async () => {
    const csv = await csvOf("annotations");
    expect(csv.startsWith("\uFEFFthread,kind,author,email,created,scope,quote,note,tags,score,points,feedback,helpful\r\n")).toBe(true);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(new RegExp(`^${anaOpening.id},annotation,Ana,ana@review\\.example\\.edu,`));
    expect(lines[1]).toContain(",Group: Seminar R,");
    expect(lines[1]).toContain(',The opening frames the claim,claim,2 Proficient,2,"Teacher: Good catch, now cite the source",0');
    // Ben's reply, scored 1 (counted in students.csv's score_total), was nowhere in this file.
    expect(lines[2]).toMatch(new RegExp(`^${anaOpening.id},reply,Ben,ben@review\\.example\\.edu,`));
    expect(lines[2]).toContain(",I agree with this reading,,1 Developing,1,,");
    expect(lines[3]).toMatch(new RegExp(`^${anaOpening.id},reply,Ana,`));
    expect(lines[3]).toContain(",Thanks Ben,,,,,");
    expect(lines[4]).toContain(`,"'=HYPERLINK(""x"") Why start here?",`);
    expect(lines[5]).toContain(",Instructors of Seminar R,");
    expect(lines[5]).toContain(",3 Exemplary,3,,0");
  });
});

describe("listGroupNotes (a group's annotations in the personal-notes export formats)", () => {
  it("gives the group's staff every group and instructors-only thread with replies and feedback", async () => {
    const notes = await listGroupNotes(teacher, seminar.id, SLUG);
    expect(notes).toHaveLength(1);
    const threadIds = notes[0].annotations.map((annotation) => annotation.id);
    expect(threadIds).toEqual(expect.arrayContaining([anaOpening.id, anaContrast.id, benQuestion.id]));
    expect(threadIds).not.toContain(anaPrivate.id);
    expect(threadIds).not.toContain(anaPublic.id);
    expect(notes[0].replies.map((item) => item.id)).toEqual(expect.arrayContaining([benReply.id, feedback.id]));
    expect((await listGroupNotes(owner, seminar.id)).flatMap((document) => document.annotations).length).toBeGreaterThanOrEqual(3);
  });

  it("refuses members (403), outsiders (404) and anonymous readers (401)", async () => {
    expect(await errorCode(listGroupNotes(ben, seminar.id))).toBe("FORBIDDEN");
    expect(await errorCode(listGroupNotes(outsider, seminar.id))).toBe("NOT_FOUND");
    expect(await errorCode(listGroupNotes(null, seminar.id))).toBe("UNAUTHENTICATED");
  });
});

describe("score release: the author sees their score once released, nobody else ever", () => {
  const scoreOf = async (viewer: Viewer, id: string) => (await getAnnotation(viewer, id)).score;
  const exportedScores = async (viewer: Viewer) => {
    const exported = await exportAnnotations(viewer, SLUG, { onlyMine: false });
    return Object.fromEntries([...exported.annotations, ...exported.replies].map((item) => [item.id, item.score]));
  };

  it("keeps scores from their authors until an instructor releases them (manual, the default)", async () => {
    expect((await getGroupReview(teacher, seminar.id, SLUG)).group.scoreRelease).toBe("manual");
    expect(await scoreOf(ana, anaOpening.id)).toBeNull();
    expect(await scoreOf(ben, benReply.id)).toBeNull();
    expect(await scoreOf(teacher, anaOpening.id)).toBe(2);
    expect(await scoreOf(owner, benReply.id)).toBe(1);
    expect((await exportedScores(ana))[anaOpening.id]).toBeNull();
    expect((await getGroupReview(teacher, seminar.id, SLUG)).unreleasedScores).toBe(3);

    expect(await errorCode(releaseScores(ana, seminar.id, SLUG))).toBe("FORBIDDEN");
    expect(await errorCode(releaseScores(outsider, seminar.id, SLUG))).toBe("NOT_FOUND");
    expect(await errorCode(releaseScores(null, seminar.id, SLUG))).toBe("UNAUTHENTICATED");
    expect(await releaseScores(teacher, seminar.id, SLUG)).toEqual({ released: 3 });
    expect(await releaseScores(owner, seminar.id, SLUG)).toEqual({ released: 0 });
    expect((await getGroupReview(teacher, seminar.id, SLUG)).unreleasedScores).toBe(0);

    // Each author sees their own: Ana her annotations', Ben his reply's; never each other's.
    expect(await scoreOf(ana, anaOpening.id)).toBe(2);
    expect(await scoreOf(ana, anaContrast.id)).toBe(3);
    expect(await scoreOf(ben, benReply.id)).toBe(1);
    expect(await scoreOf(ben, anaOpening.id)).toBeNull();
    expect(await scoreOf(ana, benReply.id)).toBeNull();
    expect(await scoreOf(cara, anaOpening.id)).toBeNull();
    // Exports obey the same rule.
    expect(await exportedScores(ana)).toMatchObject({ [anaOpening.id]: 2, [anaContrast.id]: 3, [benReply.id]: null });
    expect(await exportedScores(ben)).toMatchObject({ [anaOpening.id]: null, [benReply.id]: 1 });
    expect(Object.values(await exportedScores(cara)).every((score) => score === null)).toBe(true);
  });

  it("shows scores as they are given in a group that releases at once; switching back takes nothing back", async () => {
    await updateGroup(owner, seminar.id, { scoreRelease: "immediate" });
    expect(await errorCode(updateGroup(teacher, seminar.id, { scoreRelease: "manual" }))).toBe("FORBIDDEN");
    await setScore(teacher, benQuestion.id, 3);
    expect(await scoreOf(ben, benQuestion.id)).toBe(3);
    expect(await scoreOf(ana, benQuestion.id)).toBeNull();
    expect((await getGroupReview(teacher, seminar.id, SLUG)).unreleasedScores).toBe(0);
    await updateGroup(owner, seminar.id, { scoreRelease: "manual" });
    expect(await scoreOf(ben, benQuestion.id)).toBe(3);
    // A score given now waits for the next release.
    await setScore(teacher, benQuestion.id, null);
    await setScore(teacher, benQuestion.id, 1);
    expect(await scoreOf(ben, benQuestion.id)).toBeNull();
    await setScore(teacher, benQuestion.id, null);
  });

  it("reads the group's release mode once, for the mode the review shows and its count of waiting scores alike", async () => {
    // Read twice, the two could disagree (a switch to "immediate" between them): one read decides both.
    const reads = vi.spyOn(db.group, "findUniqueOrThrow");
    try {
      await setScore(teacher, benQuestion.id, 2);
      reads.mockClear();
      const review = await getGroupReview(teacher, seminar.id, SLUG);
      expect(review.group.scoreRelease).toBe("manual");
      expect(review.unreleasedScores).toBe(1);
      const modeReads = reads.mock.calls.filter(([query]) => (query as { select?: { scoreRelease?: boolean } }).select?.scoreRelease);
      expect(modeReads).toHaveLength(1);
    } finally {
      reads.mockRestore();
      await setScore(teacher, benQuestion.id, null);
    }
  });
});
