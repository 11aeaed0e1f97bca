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
import { parseAccessFields, recordAnnotationEvent, recordAnnotationEvents } from "./record-annotation-event";
import { annotate, makeDocument, makeUsers } from "./test-helpers";

// The mutations import these by module: wrapping them lets a test make the event insert fail.
vi.mock("./record-annotation-event", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./record-annotation-event")>();
  return { ...actual, recordAnnotationEvent: vi.fn(actual.recordAnnotationEvent), recordAnnotationEvents: vi.fn(actual.recordAnnotationEvents) };
});

let people: Record<"author" | "member" | "teacher", { id: string }>;
let seminar: { id: string };
let doc: { id: string; slug: string };

beforeAll(async () => {
  doc = await makeDocument("live-events");
  people = await makeUsers(["author", "member", "teacher"], "events.example");
  seminar = await db.group.create({ data: { name: "Seminar", joinCode: "LIVEEVT1", createdById: people.teacher.id } });
  await db.membership.createMany({
    data: [
      { groupId: seminar.id, userId: people.teacher.id, role: "owner" },
      { groupId: seminar.id, userId: people.author.id, role: "member" },
      { groupId: seminar.id, userId: people.member.id, role: "member" },
    ],
  });
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
  it("create, reply, feedback, edit, resolve, helpful mark and unmark, each one event without `before`", async () => {
    const start = await latestId();
    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    const reply = await createReply(people.member, note.id, ZCreateReplySchema.parse({ body: "reply" }));
    const feedback = await createFeedbackReply(people.teacher, note.id, ZCreateReplySchema.parse({ body: "feedback" }));
    await updateAnnotation(people.author, note.id, ZUpdateAnnotationSchema.parse({ body: "edited" }));
    await updateAnnotation(people.author, note.id, ZUpdateAnnotationSchema.parse({ resolved: true }));
    await markHelpful(people.member, note.id);
    await unmarkHelpful(people.member, note.id);
    await unmarkHelpful(people.member, note.id); // nothing changed: no event
    const events = await eventsSince(start);
    expect(events.map((event) => [event.kind, event.annotationId, event.actorId, event.before])).toEqual([
      ["created", note.id, people.author.id, null],
      ["created", reply.id, people.member.id, null],
      ["created", feedback.id, people.teacher.id, null],
      ["updated", note.id, people.author.id, null],
      ["updated", note.id, people.author.id, null],
      ["updated", note.id, people.member.id, null],
      ["updated", note.id, people.member.id, null],
    ]);
    expect(events.every((event) => event.documentId === doc.id)).toBe(true);
  });

  it("move, hide and delete keep who could read the note before", async () => {
    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    const reply = await createReply(people.author, note.id, ZCreateReplySchema.parse({ body: "reply" }));
    const start = await latestId();
    await hideAnnotation(people.teacher, note.id);
    await moveAnnotations(people.author, ZMoveAnnotationsSchema.parse({ ids: [note.id], visibility: "private" }));
    await deleteAnnotation(people.author, reply.id);
    const events = await eventsSince(start);
    expect(events.map((event) => [event.kind, event.annotationId])).toEqual([
      ["updated", note.id],
      ["updated", reply.id],
      ["updated", note.id],
      ["updated", reply.id],
      ["deleted", reply.id],
    ]);
    const [hidden, , moved, , deleted] = events.map((event) => parseAccessFields(event.before));
    expect(hidden).toMatchObject({ visibility: "group", groupId: seminar.id, hiddenAt: null, authorId: people.author.id, parentId: null });
    expect(moved).toMatchObject({ visibility: "group", groupId: seminar.id, hiddenAt: expect.any(Date) });
    expect(deleted).toMatchObject({ authorId: people.author.id, parentId: note.id, parent: { visibility: "private", groupId: null } });
  });
});

describe("the event commits with the change, or neither does", () => {
  it("a mutation whose event cannot be written changes nothing", async () => {
    const before = await db.annotation.count();
    vi.mocked(recordAnnotationEvent).mockRejectedValueOnce(new Error("the event insert failed"));
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
        await recordAnnotationEvent(tx, { documentId: doc.id, annotationId: note.id, kind: "updated", actorId: people.author.id });
        throw new Error("the change failed after its event");
      }),
    ).rejects.toThrow("the change failed after its event");
    expect(await eventsSince(start)).toEqual([]);
  });
});

describe("commit order per document", () => {
  it.runIf(provider === "postgresql")("a second writer of the same document draws its event id only after the first commits", async () => {
    const order: string[] = [];
    const event = { documentId: doc.id, annotationId: "order-test", kind: "updated" as const, actorId: people.author.id };
    const first = db.$transaction(async (tx) => {
      await recordAnnotationEvent(tx, event);
      await new Promise((resolve) => setTimeout(resolve, 300));
      order.push("first commits");
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = db.$transaction(async (tx) => {
      await recordAnnotationEvent(tx, event);
      order.push("second has its id");
    });
    await Promise.all([first, second]);
    expect(order).toEqual(["first commits", "second has its id"]);
  });
});
