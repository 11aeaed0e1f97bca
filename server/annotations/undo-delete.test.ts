import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeStubs } from "@/lib/annotations/annotation-stubs";
import { ZListAnnotationsQuery } from "@/lib/annotations/schemas";
import { UNDO_WINDOW_MS } from "@/lib/annotations/undo";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { addReadingVersion } from "@/server/documents/add-reading-version";
import { annotate, createDocument, createGroup, createReading, createUsers, insertHelpful, insertScore, reply } from "@/tests/factories";
import { deleteAnnotation } from "./delete-annotation";
import { listAnnotationStubs } from "./list-annotation-stubs";
import { listAnnotations } from "./list-annotations";
import { getThread } from "./get-annotation";
import { createFeedbackReply } from "@/server/review/create-feedback-reply";
import { ZCreateReplySchema } from "@/lib/annotations/schemas";
import { undoDelete } from "./undo-delete";
import { updateAnnotation } from "./update-annotation";
import { refusal } from "@/tests/refusal";

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
}

describe("undo a delete (issue 16)", () => {
  it("puts an annotation back with its tags, score, helpful marks and replies; only its author, only in the window", async () => {
    const doc = await createDocument("undo-delete");
    const people = await createUsers(["author", "teacher", "peer"], "undo.example");
    const group = await createGroup(people.teacher, { name: "Undo seminar", members: { member: [people.author, people.peer] } });
    const note = await annotate(people.author, doc.slug, { group: group.id }, { body: "worth keeping", tags: ["evidence", "claim"] });
    await insertScore(note, people.teacher, 3);
    await insertHelpful(note, people.peer);
    const answer = await reply(people.peer, note.id, "I agree");

    // With a reply, the delete empties the annotation; undo brings its words and tags back.
    expect((await deleteAnnotation(people.author, note.id)).isKeptForReplies).toBe(true);
    expect(await codeOf(undoDelete(people.peer, note.id))).toBe("NOT_FOUND");
    const back = await undoDelete(people.author, note.id);
    expect(back).toMatchObject({ body: "worth keeping", tags: ["claim", "evidence"], isDeleted: false, replyCount: 1, helpfulCount: 1 });
    expect(await db.score.findUnique({ where: { annotationId: note.id } })).toMatchObject({ points: 3 });
    expect(await codeOf(undoDelete(people.author, note.id))).toBe("NOT_FOUND"); // once

    // A reply (no replies of its own) is removed outright; undo recreates it in its thread.
    const mine = await reply(people.author, note.id, "my second thought");
    await deleteAnnotation(people.author, mine.id);
    expect(await db.annotation.findUnique({ where: { id: mine.id } })).toBeNull();
    expect(await undoDelete(people.author, mine.id)).toMatchObject({ id: mine.id, parentId: note.id, body: "my second thought" });

    // Without replies the row goes, score and marks with it; undo recreates all of it.
    await db.annotation.deleteMany({ where: { parentId: note.id } });
    await deleteAnnotation(people.author, note.id);
    expect(await db.annotation.findUnique({ where: { id: note.id } })).toBeNull();
    expect(await undoDelete(people.author, note.id)).toMatchObject({ body: "worth keeping", tags: ["claim", "evidence"], helpfulCount: 1 });
    expect(await db.score.findUnique({ where: { annotationId: note.id } })).toMatchObject({ points: 3, scorerId: people.teacher.id });
    void answer;

    // Past the window: gone for good.
    await deleteAnnotation(people.author, note.id);
    await db.deletedAnnotation.update({
      where: { annotationId: note.id },
      data: { deletedAt: new Date(Date.now() - UNDO_WINDOW_MS - 1000) },
    });
    expect(await codeOf(undoDelete(people.author, note.id))).toBe("GONE");
  });

  it("puts an instructor's feedback back as feedback on what it was about, so its student still reads it", async () => {
    const doc = await createDocument("undo-feedback");
    const people = await createUsers(["student", "teacher"], "undo-feedback.example");
    const group = await createGroup(people.teacher, { name: "Feedback seminar", members: { member: [people.student] } });
    const note = await annotate(people.student, doc.slug, { group: group.id }, "my reading of it");
    const feedback = await createFeedbackReply(
      people.teacher,
      note.id,
      ZCreateReplySchema.parse({ body: "Look again at the second clause." }),
    );
    await deleteAnnotation(people.teacher, feedback.id);
    const back = await undoDelete(people.teacher, feedback.id);
    expect(back).toMatchObject({ isFeedback: true, feedbackOn: { id: note.id } });
    expect((await getThread(people.student, note.id)).replies.map((item) => item.body)).toEqual(["Look again at the second clause."]);
  });

  it("does not bring a note back into a group its author was removed from", async () => {
    const doc = await createDocument("undo-removed");
    const people = await createUsers(["author", "teacher"], "undo-removed.example");
    const group = await createGroup(people.teacher, { name: "Left", members: { member: [people.author] } });
    const note = await annotate(people.author, doc.slug, { group: group.id }, "for the group");
    await deleteAnnotation(people.author, note.id);
    await db.membership.delete({ where: { groupId_userId: { groupId: group.id, userId: people.author.id } } });
    expect(await codeOf(undoDelete(people.author, note.id))).toBe("NOT_FOUND");
    expect(await db.annotation.findUnique({ where: { id: note.id } })).toBeNull();
  });

  // QA round 5: a reply deleted, its thread moved to "Only me", then Undo: the reply came back
  // inside the private thread, where its writer could no longer read, export or delete it.
  it("brings a reply back only where its writer still reads its thread, in the thread's scope as it is now", async () => {
    const doc = await createDocument("undo-moved-thread");
    const people = await createUsers(["author", "peer", "teacher"], "undo-moved.example");
    const group = await createGroup(people.teacher, { name: "Moved", members: { member: [people.author, people.peer] } });
    const note = await annotate(people.author, doc.slug, { group: group.id }, "a question");
    const answer = await reply(people.peer, note.id, "an answer, then not");
    await deleteAnnotation(people.peer, answer.id);
    await updateAnnotation(people.author, note.id, { visibility: { visibility: "private", groupId: null } });
    expect(await refusal(undoDelete(people.peer, answer.id))).toBe(
      "409 The thread this reply was in has moved where you can no longer read it, so the reply was not put back.",
    );
    expect(await db.annotation.findUnique({ where: { id: answer.id } })).toBeNull();

    // The teacher's reply, in a thread moved to the group's instructors meanwhile: back, in that scope.
    const question = await annotate(people.author, doc.slug, { group: group.id }, "for the teacher");
    const said = await reply(people.teacher, question.id, "said, then taken back");
    await deleteAnnotation(people.teacher, said.id);
    await updateAnnotation(people.author, question.id, { visibility: { visibility: "instructors", groupId: group.id } });
    await undoDelete(people.teacher, said.id);
    expect(await db.annotation.findUniqueOrThrow({ where: { id: said.id }, select: { visibility: true } })).toEqual({
      visibility: "instructors",
    });
  });
});

describe("undo a delete after a new version", () => {
  const V1 = [
    "Rivers carve valleys over thousands of years, and the river near our town is no exception.",
    "The old mill was built in 1820 and burned down a century later; nothing of it remains today.",
    "Every summer the town holds a festival on the banks of the river.",
  ].join("\n\n");
  // A new first paragraph moves every offset; the mill's paragraph is gone.
  const V2 = [
    "A short history of a small town, told by the people who live there now.",
    "Rivers carve valleys over thousands of years, and the river near our town is no exception.",
    "Every summer the town holds a festival on the banks of the river.",
  ].join("\n\n");
  // The mill's paragraph comes back at the end.
  const V3 = `${V2}\n\nThe old mill was built in 1820 and burned down a century later; nothing of it remains today.`;

  it("puts a note back on its words in the latest version, and an orphan back among those that need a new place", async () => {
    const { owner } = await createUsers(["owner"], "undo-versions.example");
    const reading = await createReading(owner, "undo-after-version");
    await db.documentVersion.updateMany({
      where: { documentId: reading.id },
      data: { text: V1, textHash: createHash("sha256").update(V1).digest("hex") },
    });
    const v1 = await db.documentVersion.findFirstOrThrow({ where: { documentId: reading.id }, select: { id: true } });
    const festival = await annotate(owner, reading.slug, "private", { text: V1, at: "holds a festival", body: "every year" });
    const mill = await annotate(owner, reading.slug, "private", { text: V1, at: "The old mill was built in 1820", body: "the mill" });

    // Deleted on version 1; version 2 comes; the mill's note, orphaned by it, is deleted too.
    await deleteAnnotation(owner, festival.id);
    const v2 = (await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: V2 } })).version;
    expect(await db.annotation.findUniqueOrThrow({ where: { id: mill.id }, select: { anchorStatus: true } })).toEqual({
      anchorStatus: "orphaned",
    });
    await deleteAnnotation(owner, mill.id);

    const restoredFestival = await undoDelete(owner, festival.id);
    const restoredMill = await undoDelete(owner, mill.id);

    // On version 2's own words (an independent oracle: where the quote is in V2), not at version 1's offsets.
    const at = V2.indexOf("holds a festival");
    expect(restoredFestival.anchoring).toMatchObject({ versionId: v2.id, status: "relocated" });
    expect(restoredFestival.target!.selector[1]).toEqual({ type: "TextPositionSelector", start: at, end: at + "holds a festival".length });
    // Still an orphan, with its last place's quote; version 1 still opens with both notes where they were.
    expect(restoredMill.anchoring).toMatchObject({ versionId: v1.id, status: "orphaned" });
    const anchors = await db.annotationAnchor.findMany({
      where: { annotationId: { in: [festival.id, mill.id] } },
      select: { annotationId: true, versionId: true, status: true, start: true },
    });
    expect(anchors).toEqual(
      expect.arrayContaining([
        { annotationId: festival.id, versionId: v1.id, status: "anchored", start: V1.indexOf("holds a festival") },
        { annotationId: festival.id, versionId: v2.id, status: "relocated", start: at },
        { annotationId: mill.id, versionId: v1.id, status: "anchored", start: V1.indexOf("The old mill") },
        { annotationId: mill.id, versionId: v2.id, status: "orphaned", start: null },
      ]),
    );
    expect(anchors).toHaveLength(4);

    const orphans = await listAnnotations(owner, reading.slug, ZListAnnotationsQuery.parse({ status: "orphaned" }));
    expect(orphans.items.map((item) => item.id)).toEqual([mill.id]);
    const stubs = decodeStubs(await listAnnotationStubs(owner, reading.slug));
    expect(stubs.map((stub) => [stub.id, stub.start])).toEqual([[festival.id, at]]);

    // A version added while they were gone, where the mill's words are back: undo places both on it.
    await deleteAnnotation(owner, mill.id);
    await deleteAnnotation(owner, festival.id);
    const v3 = (await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: V3 } })).version;
    expect((await undoDelete(owner, festival.id)).anchoring).toMatchObject({ versionId: v3.id, status: "anchored" });
    const millAgain = await undoDelete(owner, mill.id);
    expect(millAgain.anchoring).toMatchObject({ versionId: v3.id, status: "relocated" });
    expect(V3.slice(millAgain.target!.selector[1].start, millAgain.target!.selector[1].end)).toBe("The old mill was built in 1820");
    expect(await db.annotationAnchor.count({ where: { annotationId: mill.id } })).toBe(3);
  });
});
