import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { ZCreateAnnotationSchema, ZCreateReplySchema } from "@/lib/annotations/schemas";
import { createAnnotation } from "@/server/annotations/create-annotation";
import { createReply } from "@/server/annotations/create-reply";
import { db } from "@/server/db/client";
import { settleChannel, stopHub } from "@/server/live/hub";
import { article, createDocument, createUsers } from "@/tests/factories";
import { closeAll, listen } from "@/tests/live-listeners";
import { onAnnouncement, stopListening, type Announcement } from "./bus";
import { mutateAnnotations } from "./mutate-annotations";

let people: Record<"author" | "member", { id: string }>;
let seminar: { id: string };
let doc: { id: string; slug: string };

beforeAll(async () => {
  doc = await createDocument("outbox-helper");
  people = await createUsers(["author", "member"], "outbox.example");
  seminar = await db.group.create({ data: { name: "Seminar O", joinCode: "OUTBOX01", createdById: people.author.id } });
  await db.membership.createMany({
    data: [
      { groupId: seminar.id, userId: people.author.id, role: "owner" },
      { groupId: seminar.id, userId: people.member.id, role: "member" },
    ],
  });
});

afterAll(async () => {
  await closeAll();
  stopHub();
  await stopListening();
  await db.$disconnect();
});

/** Announcements of this document, as they arrive (in process on SQLite, through LISTEN on PostgreSQL). */
async function collectAnnouncements(): Promise<{ seen: Announcement[]; stop: () => void; settle: () => Promise<void> }> {
  const seen: Announcement[] = [];
  const stop = onAnnouncement((announcement) => {
    if (announcement.documentId === doc.id && announcement.kind === "events") seen.push(announcement);
  });
  // PostgreSQL delivers NOTIFY asynchronously: a round trip through the database lets it land.
  const settle = async () => {
    for (let attempt = 0; attempt < 20 && seen.length === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  };
  await new Promise((resolve) => setTimeout(resolve, 100)); // the LISTEN connection is up
  return { seen, stop, settle };
}

const eventCount = () => db.annotationEvent.count({ where: { documentId: doc.id } });

describe("mutateAnnotations", () => {
  it("writes the change and its event in one transaction and announces only after commit", async () => {
    const announcements = await collectAnnouncements();
    const before = await eventCount();
    let announcedInside = -1;
    const id = await mutateAnnotations({ actorId: people.author.id }, async (tx, record) => {
      const created = await tx.annotation.create({
        data: {
          documentId: doc.id,
          versionId: (await tx.documentVersion.findFirstOrThrow({ where: { documentId: doc.id } })).id,
          authorId: people.author.id,
          body: "x",
        },
        select: { id: true },
      });
      record({ documentId: doc.id, annotationId: created.id, change: "created" });
      announcedInside = announcements.seen.length;
      return created.id;
    });
    await announcements.settle();
    announcements.stop();
    expect(announcedInside).toBe(0);
    expect(announcements.seen).toEqual([{ documentId: doc.id, kind: "events" }]);
    expect(await eventCount()).toBe(before + 1);
    expect(await db.annotationEvent.findFirstOrThrow({ where: { annotationId: id } })).toMatchObject({
      kind: "created",
      change: "created",
      actorId: people.author.id,
    });
  });

  it("rolls back the change and its event together when the body throws after recording, and announces nothing", async () => {
    const announcements = await collectAnnouncements();
    const before = { events: await eventCount(), annotations: await db.annotation.count({ where: { documentId: doc.id } }) };
    await expect(
      mutateAnnotations({ actorId: people.author.id }, async (tx, record) => {
        const version = await tx.documentVersion.findFirstOrThrow({ where: { documentId: doc.id } });
        const created = await tx.annotation.create({
          data: { documentId: doc.id, versionId: version.id, authorId: people.author.id, body: "y" },
        });
        record({ documentId: doc.id, annotationId: created.id, change: "created" });
        throw new Error("the change failed after recording its event");
      }),
    ).rejects.toThrow("the change failed after recording its event");
    await new Promise((resolve) => setTimeout(resolve, 200));
    announcements.stop();
    expect(announcements.seen).toEqual([]);
    expect(await eventCount()).toBe(before.events);
    expect(await db.annotation.count({ where: { documentId: doc.id } })).toBe(before.annotations);
  });

  it("commits and announces nothing when nothing was recorded, and notifications never undo a change", async () => {
    const announcements = await collectAnnouncements();
    const before = await eventCount();
    const result = await mutateAnnotations(
      { actorId: people.author.id, notify: async () => Promise.reject(new Error("notifications are down")) },
      async () => "done",
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    announcements.stop();
    expect(result).toBe("done");
    expect(announcements.seen).toEqual([]);
    expect(await eventCount()).toBe(before);
  });
});

describe("the echo of my own save", () => {
  it("carries my clientToken to my streams only, with isMine; others learn neither who nor the token", async () => {
    const author = await listen(people.author, doc.id);
    const member = await listen(people.member, doc.id);
    const { quote, position } = describeTextRange(article.text, 300, 320);
    const note = await createAnnotation(
      people.author,
      doc.slug,
      ZCreateAnnotationSchema.parse({
        target: { selector: [quote, position] },
        body: "mine",
        visibility: { group: seminar.id },
        clientToken: "echo-token-1",
      }),
    );
    const reply = await createReply(people.member, note.id, ZCreateReplySchema.parse({ body: "theirs", clientToken: "echo-token-2" }));
    await settleChannel(doc.id);
    const data = (listener: typeof author) => listener.changes().flatMap((frame) => (frame.event === "annotation" ? [frame.data] : []));
    expect(data(author).map((message) => [message.annotation.id, message.change, message.isMine, message.clientToken])).toEqual([
      [note.id, "created", true, "echo-token-1"],
      [reply.id, "created", false, null],
    ]);
    expect(data(member).map((message) => [message.annotation.id, message.change, message.isMine, message.clientToken])).toEqual([
      [note.id, "created", false, null],
      [reply.id, "created", true, "echo-token-2"],
    ]);
  });
});
