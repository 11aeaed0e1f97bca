import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnnotationDto } from "@/lib/annotations/types";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { annotate, article, createDocument, createUser, reply } from "@/tests/factories";
import { deleteAnnotation } from "./delete-annotation";
import { listMyNotes } from "./list-my-notes";

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
      { slug: FIRST.slug, title: FIRST.title, author: "Arslan Ghazi" },
      { slug: SECOND.slug, title: SECOND.title, author: "Arslan Ghazi" },
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
