import { describe, expect, it } from "vitest";
import { UNDO_WINDOW_MS } from "@/lib/annotations/undo";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { annotate, createDocument, createGroup, createUsers, insertHelpful, insertScore, reply } from "@/tests/factories";
import { deleteAnnotation } from "./delete-annotation";
import { undoDelete } from "./undo-delete";

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
});
