import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AnnotationPermissions } from "@/lib/annotations/types";
import { revokeAllSessions } from "@/server/auth/users";
import { db } from "@/server/db/client";
import { markHelpful } from "@/server/moderation/mark-helpful";
import { stopListening } from "@/server/outbox/bus";
import { heartbeatNow, settleChannel, stopHub } from "./hub";
import type { LiveFrame } from "./frames";
import { annotate, createDocument, createGroup, createReading, createUsers } from "@/tests/factories";
import { closeAll, listen, waitFor, type Listener } from "@/tests/live-listeners";
import { hashApiToken } from "@/server/tokens/api-token-secret";
import { createApiToken } from "@/server/tokens/create-api-token";
import { revokeApiToken } from "@/server/tokens/revoke-api-token";

// The hub shares one frame between the readers whose decisions about an event are the same (an
// audience), to fan out to a lecture hall cheaply. These tests hold it to what each reader may see,
// with an oracle written out by hand from the rules (server/authz/annotations.ts), never by asking
// the authorization module itself.

const STUDENTS = 24;
const OUTSIDERS = 8;

type Person = { id: string };
let author: Person;
let teacher: Person;
let students: Person[];
let outsiders: Person[];
let lecture: { id: string };

beforeAll(async () => {
  const named = await createUsers(["author", "teacher"], "fan-out.example");
  author = named.author;
  teacher = named.teacher;
  students = Object.values(
    await createUsers(
      [...Array(STUDENTS).keys()].map((index) => `student-${index}`),
      "fan-out.example",
    ),
  );
  outsiders = Object.values(
    await createUsers(
      [...Array(OUTSIDERS).keys()].map((index) => `outsider-${index}`),
      "fan-out.example",
    ),
  );
  lecture = await createGroup(teacher, { name: "Lecture", members: { member: [author, ...students] } });
});

afterEach(() => closeAll());

afterAll(async () => {
  stopHub();
  await stopListening();
  await db.$disconnect();
});

type Received = { id: string; isMine: boolean; clientToken: string | null; permissions: AnnotationPermissions };

function received(listener: Listener): Received[] {
  return listener.frames.flatMap((frame) =>
    frame.event === "annotation"
      ? [
          {
            id: frame.data.annotation.id,
            isMine: frame.data.isMine,
            clientToken: frame.data.clientToken,
            permissions: frame.data.annotation.permissions,
          },
        ]
      : [],
  );
}

function frameAbout(listener: Listener, annotationId: string): LiveFrame | undefined {
  return listener.frames.find((frame) => frame.event === "annotation" && frame.data.annotation.id === annotationId);
}

describe("fan-out to a lecture hall", () => {
  it("sends each reader exactly what they may see, with their own permissions, and nothing after they leave the group", async () => {
    const doc = await createDocument("live-fan-out");
    const [leaver, writer, ...others] = students;
    const listeners = new Map<Person, Listener>();
    for (const person of [author, teacher, ...students, ...outsiders]) listeners.set(person, await listen(person, doc.id));
    const of = (person: Person) => listeners.get(person)!;

    // One batch of events: the hub decides them together, for everyone at once.
    const privateNote = await annotate(author, doc.slug, "private", { body: "mine alone", clientToken: "tab-one-1" });
    const groupNote = await annotate(author, doc.slug, { group: lecture.id }, { body: "for the lecture", clientToken: "tab-two-2" });
    const staffNote = await annotate(author, doc.slug, { instructors: lecture.id }, "for the teacher");
    const publicNote = await annotate(author, doc.slug, "everyone", "for everyone");
    const studentNote = await annotate(writer, doc.slug, { group: lecture.id }, "a student's note");
    await settleChannel(doc.id);

    // A member removed mid-stream: the next group note must not reach them; a public one still does.
    await db.membership.delete({ where: { groupId_userId: { groupId: lecture.id, userId: leaver.id } } });
    const afterLeaving = await annotate(author, doc.slug, { group: lecture.id }, "after the leaver left");
    const publicAfter = await annotate(author, doc.slug, "everyone", "public, after");
    await settleChannel(doc.id);

    const ids = (listener: Listener) => received(listener).map((item) => item.id);
    expect(ids(of(author))).toEqual([
      privateNote.id,
      groupNote.id,
      staffNote.id,
      publicNote.id,
      studentNote.id,
      afterLeaving.id,
      publicAfter.id,
    ]);
    expect(ids(of(teacher))).toEqual([groupNote.id, staffNote.id, publicNote.id, studentNote.id, afterLeaving.id, publicAfter.id]);
    for (const student of [writer, ...others]) {
      expect(ids(of(student))).toEqual([groupNote.id, publicNote.id, studentNote.id, afterLeaving.id, publicAfter.id]);
    }
    expect(ids(of(leaver))).toEqual([groupNote.id, publicNote.id, studentNote.id, publicAfter.id]);
    for (const outsider of outsiders) expect(ids(of(outsider))).toEqual([publicNote.id, publicAfter.id]);

    // Whose it is, the creating tab's token, and what each may do: per reader, not per audience.
    const about = (person: Person, id: string) => received(of(person)).find((item) => item.id === id)!;
    expect(about(author, groupNote.id)).toMatchObject({ isMine: true, clientToken: "tab-two-2", permissions: { edit: true, flag: false } });
    expect(about(teacher, groupNote.id)).toMatchObject({ isMine: false, clientToken: null, permissions: { edit: false, hide: true } });
    for (const student of others) {
      expect(about(student, groupNote.id)).toMatchObject({
        isMine: false,
        clientToken: null,
        permissions: { edit: false, flag: true, markHelpful: true, hide: false },
      });
      expect(about(student, studentNote.id)).toMatchObject({ isMine: false, permissions: { edit: false, flag: true } });
    }
    expect(about(writer, studentNote.id)).toMatchObject({ isMine: true, permissions: { edit: true, flag: false } });
    for (const outsider of outsiders) {
      expect(about(outsider, publicNote.id)).toMatchObject({
        isMine: false,
        permissions: { edit: false, flag: false, markHelpful: false },
      });
    }

    // A helpful mark is anonymous: only the student who gave it is told it was theirs.
    const [marker, ...bystanders] = others;
    await markHelpful(marker, groupNote.id);
    await settleChannel(doc.id);
    const helpful = (person: Person) =>
      of(person).frames.flatMap((frame) => (frame.event === "annotation" && frame.data.change === "helpful" ? [frame.data.isMine] : []));
    expect(helpful(marker)).toEqual([true]);
    for (const student of bystanders) expect(helpful(student)).toEqual([false]);
    expect(helpful(author)).toEqual([false]);

    // The saving itself: the students who decide alike share one frame, the author and the teacher have their own.
    const studentFrames = new Set(others.map((student) => frameAbout(of(student), groupNote.id)));
    expect(studentFrames.size).toBe(1);
    expect(studentFrames.has(frameAbout(of(author), groupNote.id))).toBe(false);
    expect(studentFrames.has(frameAbout(of(teacher), groupNote.id))).toBe(false);
  });

  it("a token revoked, or its reader signed out everywhere, ends their streams at once, not at the next heartbeat", async () => {
    const reading = await createReading(teacher, "live-fan-out-revoked", { visibility: "group", groupId: lecture.id });
    const [byToken, signedOut, staying] = students;
    const { token, apiToken } = await createApiToken({ userId: byToken.id, name: "stream", scope: "read", expiresInDays: 30 });
    const tokenStream = await listen(byToken, reading.id, undefined, { kind: "token", userId: byToken.id, tokenHash: hashApiToken(token) });
    const sessionStream = await listen(signedOut, reading.id);
    const stayingStream = await listen(staying, reading.id);
    await settleChannel(reading.id);

    // No heartbeat runs here (it comes every 15 s): the revocation itself ends the stream.
    await revokeApiToken(byToken.id, apiToken.id);
    await waitFor(() => tokenStream.isEnded(), 3_000);
    expect(sessionStream.isEnded()).toBe(false);
    await revokeAllSessions(signedOut.id);
    await waitFor(() => sessionStream.isEnded(), 3_000);
    expect(stayingStream.isEnded()).toBe(false);
  });

  it("the heartbeat ends the streams of a reader signed out everywhere and of one removed from a group-shared reading, only theirs", async () => {
    const reading = await createReading(teacher, "live-fan-out-shared", { visibility: "group", groupId: lecture.id });
    const [signedOut, removed, ...staying] = students;
    const listeners = new Map<Person, Listener>();
    for (const person of [teacher, ...students]) listeners.set(person, await listen(person, reading.id));
    await settleChannel(reading.id);

    await revokeAllSessions(signedOut.id);
    await db.membership.delete({ where: { groupId_userId: { groupId: lecture.id, userId: removed.id } } });
    try {
      // Two re-checks at once (a revocation's own announcement can arrive during a heartbeat): the
      // later one returns only when the streams are ended, whichever of the two ended them.
      const first = heartbeatNow();
      await heartbeatNow();
      expect(listeners.get(signedOut)!.isEnded()).toBe(true);
      expect(listeners.get(removed)!.isEnded()).toBe(true);
      for (const person of [teacher, ...staying]) expect(listeners.get(person)!.isEnded(), "still allowed").toBe(false);
      // Ended streams are unsubscribed: their presence rows are gone, the others' stay.
      const present = await db.readerPresence.findMany({ where: { documentId: reading.id }, select: { userId: true } });
      expect(present.map((row) => row.userId).sort()).toEqual([teacher, ...staying].map((person) => person.id).sort());

      // Nothing more reaches them: a note to the group after the heartbeat.
      const note = await annotate(teacher, reading.slug, { group: lecture.id }, "after the heartbeat");
      await settleChannel(reading.id);
      for (const person of [signedOut, removed]) expect(received(listeners.get(person)!).map((item) => item.id)).not.toContain(note.id);
      expect(received(listeners.get(staying[0])!).map((item) => item.id)).toContain(note.id);
      await first;
    } finally {
      await db.membership.create({ data: { groupId: lecture.id, userId: removed.id, role: "member" } });
    }
  });
});
