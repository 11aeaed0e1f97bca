import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ZCreateReplySchema, ZMoveAnnotationsSchema, ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import { createReply } from "@/server/annotations/create-reply";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { moveAnnotations } from "@/server/annotations/move-annotations";
import { updateAnnotation } from "@/server/annotations/update-annotation";
import { db, provider } from "@/server/db/client";
import { hideAnnotation } from "@/server/moderation/hide-annotation";
import { markHelpful } from "@/server/moderation/mark-helpful";
import { unmarkHelpful } from "@/server/moderation/unmark-helpful";
import { createFeedbackReply } from "@/server/review/create-feedback-reply";
import { stopListening } from "./bus";
import { setScore } from "@/server/review/set-score";
import { annotate, createDocument, createGroup, createUsers } from "@/tests/factories";
import { parseAccessFields, readChange, recordAnnotationEvents } from "./record-annotation-event";

// The one mutation helper (./mutate-annotations.ts) writes events through this module: wrapping it
// lets a test make the event insert fail.
vi.mock("./record-annotation-event", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./record-annotation-event")>();
  return { ...actual, recordAnnotationEvents: vi.fn(actual.recordAnnotationEvents) };
});

let people: Record<"author" | "member" | "teacher", { id: string }>;
let seminar: { id: string };
let doc: { id: string; slug: string };

beforeAll(async () => {
  doc = await createDocument("live-events");
  people = await createUsers(["author", "member", "teacher"], "events.example");
  seminar = await createGroup(people.teacher, { name: "Seminar", members: { member: [people.author, people.member] } });
});

afterAll(async () => {
  await stopListening();
  await db.$disconnect();
});

async function eventsSince(id: number) {
  return db.annotationEvent.findMany({ where: { id: { gt: id } }, orderBy: { id: "asc" } });
}

async function latestId(): Promise<number> {
  return (await db.annotationEvent.findFirst({ orderBy: { id: "desc" } }))?.id ?? 0;
}

describe("every mutation records its event", () => {
  it("create, reply, feedback, edit, resolve, helpful mark and unmark, each one event of its kind without `before`", async () => {
    const start = await latestId();
    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    const reply = await createReply(people.member, note.id, ZCreateReplySchema.parse({ body: "reply", clientToken: "reply-token-1" }));
    const feedback = await createFeedbackReply(people.teacher, note.id, ZCreateReplySchema.parse({ body: "feedback" }));
    await updateAnnotation(people.author, note.id, ZUpdateAnnotationSchema.parse({ body: "edited" }));
    await updateAnnotation(people.author, note.id, ZUpdateAnnotationSchema.parse({ resolved: true }));
    await updateAnnotation(people.author, note.id, ZUpdateAnnotationSchema.parse({ resolved: false }));
    await markHelpful(people.member, note.id);
    await unmarkHelpful(people.member, note.id);
    await unmarkHelpful(people.member, note.id); // nothing changed: no event
    await setScore(people.teacher, note.id, 2); // a score is not what readers see: no event
    const events = await eventsSince(start);
    expect(events.map((event) => [event.kind, event.change, event.annotationId, event.actorId, event.before])).toEqual([
      ["created", "created", note.id, people.author.id, null],
      ["created", "created", reply.id, people.member.id, null],
      ["created", "created", feedback.id, people.teacher.id, null],
      ["updated", "edited", note.id, people.author.id, null],
      ["updated", "resolved", note.id, people.author.id, null],
      ["updated", "reopened", note.id, people.author.id, null],
      ["updated", "helpful", note.id, people.member.id, null],
      ["updated", "helpful", note.id, people.member.id, null],
    ]);
    // The creating request's token rides on its "created" event, and only there.
    expect(events.map((event) => event.clientToken)).toEqual([null, "reply-token-1", null, null, null, null, null, null]);
    expect(events.every((event) => event.documentId === doc.id)).toBe(true);
  });

  it("move, hide and delete keep who could read the note before", async () => {
    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    const reply = await createReply(people.author, note.id, ZCreateReplySchema.parse({ body: "reply" }));
    const start = await latestId();
    await hideAnnotation(people.teacher, note.id);
    // A hidden thread stays in its group (server/authz/scope-moves.ts): it moves to the group's instructors.
    await moveAnnotations(people.author, ZMoveAnnotationsSchema.parse({ ids: [note.id], visibility: { instructors: seminar.id } }));
    await deleteAnnotation(people.author, reply.id);
    const events = await eventsSince(start);
    expect(events.map((event) => [event.kind, event.change, event.annotationId])).toEqual([
      ["updated", "hidden", note.id],
      ["updated", "hidden", reply.id],
      ["updated", "moved", note.id],
      ["updated", "moved", reply.id],
      ["deleted", "deleted", reply.id],
    ]);
    const [hidden, , moved, , deleted] = events.map((event) => parseAccessFields(event.before));
    expect(hidden).toMatchObject({ visibility: "group", groupId: seminar.id, hiddenAt: null, authorId: people.author.id, parentId: null });
    expect(moved).toMatchObject({ visibility: "group", groupId: seminar.id, hiddenAt: expect.any(Date) });
    expect(deleted).toMatchObject({
      authorId: people.author.id,
      parentId: note.id,
      parent: { visibility: "instructors", groupId: seminar.id },
    });
  });
});

describe("the event commits with the change, or neither does", () => {
  it("a mutation whose event cannot be written changes nothing", async () => {
    const before = await db.annotation.count();
    vi.mocked(recordAnnotationEvents).mockRejectedValueOnce(new Error("the event insert failed"));
    await expect(annotate(people.author, doc.slug, "private")).rejects.toThrow("the event insert failed");
    expect(await db.annotation.count()).toBe(before);

    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    vi.mocked(recordAnnotationEvents).mockRejectedValueOnce(new Error("the event insert failed"));
    await expect(moveAnnotations(people.author, ZMoveAnnotationsSchema.parse({ ids: [note.id], visibility: "private" }))).rejects.toThrow();
    expect(await db.annotation.findUniqueOrThrow({ where: { id: note.id } })).toMatchObject({ visibility: "group", groupId: seminar.id });
  });

  it("a mutation refused or rolled back writes no event", async () => {
    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    const start = await latestId();
    await expect(deleteAnnotation(people.member, note.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      db.$transaction(async (tx) => {
        await recordAnnotationEvents(tx, [{ documentId: doc.id, annotationId: note.id, change: "edited", actorId: people.author.id }]);
        throw new Error("the change failed after its event");
      }),
    ).rejects.toThrow("the change failed after its event");
    expect(await eventsSince(start)).toEqual([]);
  });
});

describe("commit order per document", () => {
  it.runIf(provider === "postgresql")("a second writer of the same document draws its event id only after the first commits", async () => {
    const order: string[] = [];
    const event = { documentId: doc.id, annotationId: "order-test", change: "edited" as const, actorId: people.author.id };
    let firstHasItsId!: () => void;
    const firstRecorded = new Promise<void>((resolve) => (firstHasItsId = resolve));
    const first = db.$transaction(async (tx) => {
      await recordAnnotationEvents(tx, [event]);
      firstHasItsId();
      // Holds the document's lock a while: the second writer must wait it out, not overtake.
      await new Promise((resolve) => setTimeout(resolve, 300));
      order.push("first commits");
    });
    await firstRecorded;
    const second = db.$transaction(async (tx) => {
      await recordAnnotationEvents(tx, [event]);
      order.push("second has its id");
    });
    await Promise.all([first, second]);
    expect(order).toEqual(["first commits", "second has its id"]);
  });
});

describe("events written before `change` existed", () => {
  it("read as their kind says: created, deleted, and any update as an edit", () => {
    expect(readChange({ kind: "created", change: null })).toBe("created");
    expect(readChange({ kind: "deleted", change: null })).toBe("deleted");
    expect(readChange({ kind: "updated", change: null })).toBe("edited");
    expect(readChange({ kind: "updated", change: "helpful" })).toBe("helpful");
    expect(readChange({ kind: "updated", change: "not-a-change" })).toBe("edited");
  });
});
