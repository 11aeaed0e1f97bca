import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZListAnnotationsQuery } from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { ownThreadsWhere } from "@/server/authz/annotations";
import { annotate, article, createDocument, createGroup, createReading, createUser, reply } from "@/tests/factories";
import { deleteAnnotation } from "./delete-annotation";
import { getAnnotation, getThread } from "./get-annotation";
import { listAnnotations } from "./list-annotations";
import { listMyNotes } from "./list-my-notes";
import { streamThreadsExport } from "./stream-notes-export";
import { updateAnnotation } from "./update-annotation";
import { addReadingVersion } from "@/server/documents/add-reading-version";

const FIRST = { slug: "notes-first", title: "A First Reading" };
const SECOND = { slug: "notes-second", title: "B Second Reading" };
const EMPTY = { slug: "notes-empty", title: "C Untouched" };

let ayesha: { id: string };
let bilal: { id: string };
let chen: { id: string };

function ids(annotations: AnnotationDto[]): string[] {
  return annotations.map((annotation) => annotation.id);
}

// Ayesha's notes: a private and a shared one on the first document, one on the second, one she
// deleted after Bilal replied, one she deleted outright. Bilal's: a shared and a private one.
const made: Record<string, AnnotationDto> = {};

beforeAll(async () => {
  for (const document of [FIRST, SECOND, EMPTY]) await createDocument(document.slug, article, { title: document.title });
  ayesha = await createUser({ name: "Ayesha", email: "ayesha@example.edu" });
  bilal = await createUser({ name: "Bilal", email: "bilal@example.edu" });
  chen = await createUser({ name: "Chen", email: "chen@example.edu" });

  made.later = await annotate(ayesha, FIRST.slug, "private", { at: "lacking credibility", body: "later in the text", tags: ["claim"] });
  made.earlier = await annotate(ayesha, FIRST.slug, "private", { at: "Empirical evidence", body: "earlier in the text" });
  made.shared = await annotate(ayesha, FIRST.slug, "everyone", { at: "Paktika", body: "shared" });
  made.onSecond = await annotate(ayesha, SECOND.slug, "private", { at: "Empirical evidence", body: "on the second document" });
  made.deletedWithReply = await annotate(ayesha, FIRST.slug, "everyone", { at: "short-term governance gap", body: "to delete" });
  made.deletedAlone = await annotate(ayesha, FIRST.slug, "private", { at: "divergent interests", body: "gone" });
  made.bilalsShared = await annotate(bilal, FIRST.slug, "everyone", { at: "divergent interests", body: "bilal's" });
  made.bilalsPrivate = await annotate(bilal, FIRST.slug, "private", { at: "Paktika", body: "bilal keeps" });

  made.bilalReplies = await reply(bilal, made.shared.id, "bilal replies to ayesha");
  made.ayeshaRepliesToSelf = await reply(ayesha, made.earlier.id, "ayesha to herself");
  made.ayeshaRepliesToBilal = await reply(ayesha, made.bilalsShared.id, "ayesha replies to bilal");
  made.chenRepliesThenDeletes = await reply(chen, made.shared.id, "chen thinks better of it");
  await deleteAnnotation(chen, made.chenRepliesThenDeletes.id);
  await reply(bilal, made.deletedWithReply.id, "a reply that keeps the thread");
  await deleteAnnotation(ayesha, made.deletedWithReply.id);
  await deleteAnnotation(ayesha, made.deletedAlone.id);
});

afterAll(() => db.$disconnect());

describe("listMyNotes", () => {
  it("groups the threads the viewer started by document, in reading order, across all documents", async () => {
    const notes = await listMyNotes(ayesha);
    expect(notes.map((entry) => entry.document)).toEqual([
      { slug: FIRST.slug, title: FIRST.title, author: "Arslan Ghazi", isOpen: true, versions: [expect.objectContaining({ number: 1 })] },
      { slug: SECOND.slug, title: SECOND.title, author: "Arslan Ghazi", isOpen: true, versions: [expect.objectContaining({ number: 1 })] },
    ]);
    const [first, second] = notes;
    const starts = first.annotations.map((annotation) => annotation.target!.selector[1].start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(ids(first.annotations))).toEqual(new Set([made.later.id, made.earlier.id, made.shared.id, made.deletedWithReply.id]));
    expect(ids(second.annotations)).toEqual([made.onSecond.id]);
    expect(first.annotations.every((annotation) => annotation.author.id === ayesha.id && annotation.parentId === null)).toBe(true);
  });

  it("includes every readable reply in those threads, whoever wrote it, but not deleted replies", async () => {
    const [first, second] = await listMyNotes(ayesha);
    const bodies = first.replies.map(
      (item) => `${item.parentId === made.shared.id ? "shared" : item.parentId === made.earlier.id ? "earlier" : "deleted"}: ${item.body}`,
    );
    expect(bodies.sort()).toEqual([
      "deleted: a reply that keeps the thread",
      "earlier: ayesha to herself",
      "shared: bilal replies to ayesha",
    ]);
    expect(second.replies).toEqual([]);
  });

  it("keeps a deleted thread while it has replies, and drops one deleted outright", async () => {
    const [first] = await listMyNotes(ayesha);
    expect(first.annotations.find((annotation) => annotation.id === made.deletedWithReply.id)).toMatchObject({ isDeleted: true, body: "" });
    expect(ids(first.annotations)).not.toContain(made.deletedAlone.id);
  });

  it("leaves out other people's threads, even ones the viewer replied to or may read", async () => {
    const notes = await listMyNotes(ayesha);
    const everything = notes.flatMap((entry) => [...ids(entry.annotations), ...ids(entry.replies)]);
    expect(everything).not.toContain(made.bilalsShared.id);
    expect(everything).not.toContain(made.bilalsPrivate.id);
    expect(everything).not.toContain(made.ayeshaRepliesToBilal.id);
  });

  it("never gives one reader another's private notes", async () => {
    const bilals = await listMyNotes(bilal);
    expect(bilals).toHaveLength(1);
    expect(new Set(ids(bilals[0].annotations))).toEqual(new Set([made.bilalsShared.id, made.bilalsPrivate.id]));
    expect(ids(bilals[0].replies)).toEqual([made.ayeshaRepliesToBilal.id]);
    expect(await listMyNotes(chen)).toEqual([]);
  });

  it("narrows to one document by slug, and answers an empty list for a document without the viewer's notes", async () => {
    const notes = await listMyNotes(ayesha, { documentSlug: SECOND.slug });
    expect(notes.map((entry) => entry.document.slug)).toEqual([SECOND.slug]);
    expect(ids(notes[0].annotations)).toEqual([made.onSecond.id]);
    expect(await listMyNotes(ayesha, { documentSlug: EMPTY.slug })).toEqual([]);
  });

  it("refuses anonymous viewers and unknown documents", async () => {
    await expect(listMyNotes(null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(listMyNotes(ayesha, { documentSlug: "no-such-document" })).rejects.toBeInstanceOf(AppError);
    await expect(listMyNotes(ayesha, { documentSlug: "no-such-document" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("notes on a reading no longer open to their author", () => {
  // A student's notes on a course reading, after the course: the owner stops sharing it, or the
  // student leaves the group. Their own words stay theirs (My notes, its export, delete); nothing
  // else of the reading does: no one else's replies, no writing, no reading page.
  it("are still listed and exported, marked closed, without others' replies; they can be read and deleted, not changed", async () => {
    const owner = await createUser({ name: "Owner" });
    const student = await createUser({ name: "Student" });
    const classmate = await createUser({ name: "Classmate" });
    const group = await createGroup(owner, { members: { member: [student, classmate] } });
    const reading = await createReading(owner, "notes-closed-reading", { visibility: "group", groupId: group.id });
    const privateNote = await annotate(student, reading.slug, "private", { at: "Paktika", body: "mine alone" });
    const groupNote = await annotate(student, reading.slug, { group: group.id }, { at: "Empirical evidence", body: "for the group" });
    const toDelete = await annotate(student, reading.slug, "private", { at: "divergent interests", body: "to take back" });
    await reply(classmate, groupNote.id, "the classmate's reply");
    const classmatesNote = await annotate(classmate, reading.slug, { group: group.id }, { at: "lacking credibility", body: "theirs" });
    const mine = (notes: Awaited<ReturnType<typeof listMyNotes>>) => notes.find((entry) => entry.document.slug === reading.slug);

    const before = mine(await listMyNotes(student))!;
    expect(before.document.isOpen).toBe(true);
    expect(before.replies.map((item) => item.body)).toEqual(["the classmate's reply"]);

    // The student leaves the group: the reading closes to them.
    await db.membership.delete({ where: { groupId_userId: { groupId: group.id, userId: student.id } } });
    await expect(listAnnotations(student, reading.slug, ZListAnnotationsQuery.parse({}))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const after = mine(await listMyNotes(student))!;
    expect(after.document.isOpen).toBe(false);
    expect(ids(after.annotations).sort()).toEqual([privateNote.id, groupNote.id, toDelete.id].sort());
    expect(after.replies).toEqual([]);
    const exported = await new Response(
      (
        await streamThreadsExport(student, ownThreadsWhere, undefined, {
          format: "csv",
          origin: "https://x.example",
          exportedAt: new Date(),
          baseName: "n",
          collection: { id: "n", label: () => "n" },
        })
      ).body,
    ).text();
    expect(exported).toContain("mine alone");
    expect(exported).toContain("for the group");
    expect(exported).not.toContain("the classmate's reply");
    expect(exported).not.toContain("theirs");

    // Their own thread, read by id: the note, not the conversation. Anything else on the reading: not there.
    expect((await getAnnotation(student, privateNote.id)).body).toBe("mine alone");
    expect((await getThread(student, groupNote.id)).replies).toEqual([]);
    await expect(getAnnotation(student, classmatesNote.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(reply(student, privateNote.id, "more")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateAnnotation(student, privateNote.id, { body: "changed" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await deleteAnnotation(student, toDelete.id);
    expect(ids(mine(await listMyNotes(student))!.annotations)).not.toContain(toDelete.id);
    // And nobody else gains anything: a classmate still cannot read the student's private note.
    await expect(getAnnotation(classmate, privateNote.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteAnnotation(classmate, privateNote.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // The owner stops sharing it altogether: the same for the classmate.
    await db.document.update({ where: { id: reading.id }, data: { visibility: "private", groupId: null } });
    const classmates = mine(await listMyNotes(classmate))!;
    expect(classmates.document.isOpen).toBe(false);
    expect(ids(classmates.annotations)).toEqual([classmatesNote.id]);
    expect((await listMyNotes(owner)).find((entry) => entry.document.slug === reading.slug)).toBeUndefined();
  });

  // QA round 6: each new version re-anchors every note, its context then read from the new text; a
  // former reader followed the owner's private rewrite through their own notes (32 characters either side).
  it("show only the words their author chose: no context from versions written after the reading closed to them", async () => {
    const owner = await createUser({ name: "Owner" });
    const student = await createUser({ name: "Student" });
    const group = await createGroup(owner, { members: { member: [student] } });
    const reading = await createReading(owner, "notes-closed-then-rewritten", { visibility: "group", groupId: group.id });
    const note = await annotate(student, reading.slug, { group: group.id }, { at: "divergent interests", body: "the crux" });
    const context = (annotation: AnnotationDto) => annotation.target!.selector[0];
    expect(context(await getAnnotation(student, note.id)).suffix).not.toBe("");

    await db.document.update({ where: { id: reading.id }, data: { visibility: "private", groupId: null } });
    const { text } = await db.documentVersion.findFirstOrThrow({
      where: { documentId: reading.id },
      orderBy: { number: "desc" },
      select: { text: true },
    });
    expect(text).toContain("divergent interests rather");
    await addReadingVersion(owner, reading.slug, {
      kind: "json",
      body: { text: text.replace("divergent interests rather", "divergent interests (codename Nightjar) rather") },
    });
    // The note moved with the text, for the owner's reading page.
    const row = await db.annotation.findUniqueOrThrow({ where: { id: note.id }, select: { suffix: true } });
    expect(row.suffix).toContain("Nightjar");

    // Its author no longer reads the reading: by id, as a thread, in My notes and in every export format.
    for (const seen of [
      await getAnnotation(student, note.id),
      (await getThread(student, note.id)).annotation,
      (await listMyNotes(student)).find((entry) => entry.document.slug === reading.slug)!.annotations[0],
    ]) {
      expect(context(seen)).toEqual({ type: "TextQuoteSelector", exact: "divergent interests", prefix: "", suffix: "" });
      expect(seen.body).toBe("the crux");
    }
    for (const format of ["jsonld", "markdown", "csv", "hypothesis"] as const) {
      const file = await streamThreadsExport(student, ownThreadsWhere, undefined, {
        format,
        origin: "https://x.example",
        exportedAt: new Date(),
        baseName: "n",
        collection: { id: "n", label: () => "n" },
      });
      const exported = await new Response(file.body).text();
      expect(exported, format).toContain("the crux");
      expect(exported, format).not.toContain("Nightjar");
    }
  });
});
