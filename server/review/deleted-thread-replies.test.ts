// A student's reply in a classmate's thread, after the classmate deleted the annotation (kept as a
// placeholder because of the reply): the grade counted the reply, the review page and its CSVs left
// it out, so the instructor could neither see, score nor give feedback on work that was graded.
// Both paths must count the same.
import { beforeAll, describe, expect, it } from "vitest";
import { ZCreateReplySchema } from "@/lib/annotations/schemas";
import { ZCreateAssignmentSchema } from "@/lib/assignments/schemas";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { createAssignment } from "@/server/assignments/create-assignment";
import { exportGradebook } from "@/server/assignments/export-gradebook";
import { getProgress } from "@/server/assignments/get-progress";
import { readCsv } from "@/tests/csv";
import { annotate, createDocument, createGroup, createUser, reply, type TestUser } from "@/tests/factories";
import { createFeedbackReply } from "./create-feedback-reply";
import { getGroupReview } from "./get-group-review";
import { streamReviewCsv } from "./review-csv-file";
import { setScore } from "./set-score";

const SLUG = "deleted-thread-replies";
let ana: TestUser, ben: TestUser, teacher: TestUser, owner: TestUser;
let group: { id: string; name: string };
let assignmentId: string;
let benReplyId: string;

beforeAll(async () => {
  await createDocument(SLUG);
  [ana, ben, teacher, owner] = await Promise.all(["Ana", "Ben", "Teacher", "Owner"].map((name) => createUser({ name })));
  group = await createGroup(owner, { name: "Seminar D", members: { instructor: [teacher], member: [ana, ben] } });
  // Due a year ago: whatever is written now is late.
  const input = ZCreateAssignmentSchema.parse({
    document: SLUG,
    title: "Week 1",
    opensAt: new Date(Date.now() - 2 * 365 * 86_400_000).toISOString(),
    dueAt: new Date(Date.now() - 365 * 86_400_000).toISOString(),
    expectations: { annotations: 1, replies: 1, readPercent: 0 },
    grading: { mode: "scaled", points: 10, count: "separate", rubricPercent: 50 },
  });
  assignmentId = (await createAssignment(teacher, group.id, input)).id;

  const anaNote = await annotate(ana, SLUG, { group: group.id }, { body: "A first reading", at: [0, 20] });
  benReplyId = (await reply(ben, anaNote.id, "I read it differently")).id;
  // Ana deletes her annotation: Ben's reply keeps it as a placeholder.
  expect((await deleteAnnotation(ana, anaNote.id)).isKeptForReplies).toBe(true);
});

async function countsFromBothPaths() {
  const progress = await getProgress(teacher, assignmentId);
  const review = await getGroupReview(teacher, group.id, SLUG);
  const students = await readCsv(await streamReviewCsv(teacher, group.id, SLUG, "students"));
  const plain = await readCsv(await exportGradebook(teacher, assignmentId, "plain"));
  return { progress, review, students, plain };
}

describe("a reply in a thread whose annotation was deleted", () => {
  it("is counted alike by the grade (progress, gradebook) and the review (page, students.csv)", async () => {
    const { progress, review, students, plain } = await countsFromBothPaths();
    const benProgress = progress.find((row) => row.student.id === ben.id)!;
    const anaProgress = progress.find((row) => row.student.id === ana.id)!;
    expect(benProgress.counts).toMatchObject({ annotations: 0, replies: 1 });
    expect(benProgress.late).toMatchObject({ replies: 1 });
    expect(anaProgress.counts).toMatchObject({ annotations: 0, replies: 0 });

    const benReview = review.students.find((member) => member.userId === ben.id)!;
    const anaReview = review.students.find((member) => member.userId === ana.id)!;
    expect({ annotations: benReview.annotations, replies: benReview.replies }).toEqual(benProgress.counts);
    expect({ annotations: anaReview.annotations, replies: anaReview.replies }).toEqual(anaProgress.counts);
    for (const [user, counts] of [
      [ben, benProgress.counts],
      [ana, anaProgress.counts],
    ] as const) {
      for (const row of [students.find((line) => line.name === user.name)!, plain.find((line) => line.name === user.name)!])
        expect({ annotations: Number(row.annotations), replies: Number(row.replies) }).toEqual(counts);
    }
  });

  it("is shown on the review page under the deleted annotation, which itself is no work to assess", async () => {
    const { review } = await countsFromBothPaths();
    expect(review.annotations).toHaveLength(1);
    const [thread] = review.annotations;
    expect(thread).toMatchObject({ isDeleted: true, body: "", score: null });
    expect(thread.replies.map((item) => item.id)).toEqual([benReplyId]);
    await expect(setScore(teacher, thread.id, 2)).rejects.toMatchObject({ code: "NOT_FOUND", message: "This annotation was deleted." });
  });

  it("can be scored and given feedback, and the score counts the same on both sides", async () => {
    await setScore(teacher, benReplyId, 1);
    const feedback = await createFeedbackReply(teacher, benReplyId, ZCreateReplySchema.parse({ body: "Say why, with the text" }));
    expect(feedback).toMatchObject({ isFeedback: true, feedbackOn: { id: benReplyId } });

    const { review, students, plain } = await countsFromBothPaths();
    const benReview = review.students.find((member) => member.userId === ben.id)!;
    expect({ scoreTotal: benReview.scoreTotal, scored: benReview.scored }).toEqual({ scoreTotal: 1, scored: 1 });
    expect(students.find((line) => line.name === "Ben")).toMatchObject({ replies: "1", score_total: "1", scored: "1" });
    expect(review.annotations[0].replies.find((item) => item.isFeedback)?.feedbackOnId).toBe(benReplyId);
    // annotations.csv: the reply on a row of its own, with its score and the feedback on it.
    const rows = await readCsv(await streamReviewCsv(teacher, group.id, SLUG, "annotations"));
    expect(rows.map(({ kind, author, note, points, feedback }) => ({ kind, author, note, points, feedback }))).toEqual([
      { kind: "annotation", author: "Ana", note: "(deleted)", points: "", feedback: "" },
      { kind: "reply", author: "Ben", note: "I read it differently", points: "1", feedback: "Teacher: Say why, with the text" },
    ]);
    // The grade's rubric mean is made of the same one score (1 of 3).
    expect(plain.find((line) => line.name === "Ben")).toMatchObject({ replies: "1", rubric_mean: "1" });
  });
});
