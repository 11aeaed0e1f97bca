import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createDocument, createGroup, createUsers, insertAnnotation, insertHelpful, insertReply, insertScore } from "@/tests/factories";
import { ANNOTATION_SELECT } from "./annotation-dto";
import { loadAnnotationRows } from "./load-annotation-rows";

// The raw loader must give what Prisma gives for ANNOTATION_SELECT, field for field, on both
// databases: rows with every relation filled (group, score, tags, helpful marks, replies of each
// kind, feedback on a reply, a parent) and rows with none.

type Person = { id: string };
let ids: string[];

beforeAll(async () => {
  const { author, teacher, student } = await createUsers(["author", "teacher", "student"], "load-rows.example");
  const document = await createDocument("load-annotation-rows");
  const group = await createGroup(teacher, { name: "Seminar", members: { member: [author, student] } });
  const lone = await insertAnnotation(author, document, { at: "Pakistan", body: "", color: null });
  const full = await insertAnnotation(author, document, {
    at: "Taliban",
    body: "**Bold** claim",
    visibility: { group: group.id },
    tags: ["policy", "capacity", "Ärger"],
    resolvedAt: new Date("2026-01-02T03:04:05.678Z"),
  });
  await insertHelpful(full, student);
  await insertHelpful(full, teacher);
  await insertScore(full, teacher, 3);
  await db.score.update({ where: { annotationId: full.id }, data: { releasedAt: new Date("2026-02-03T04:05:06.789Z") } });
  const reply = await insertReply(student, full, { body: "a reply" });
  await insertReply(student, full, { body: "gone", deletedAt: new Date() });
  const feedbackOnThread = await insertFeedback(teacher, full, full);
  const feedbackOnReply = await insertFeedback(teacher, full, reply);
  await insertReply(teacher, full, { isFeedback: true, deletedAt: new Date() });
  const hidden = await insertAnnotation(student, document, { at: "capacity", visibility: { instructors: group.id }, hiddenBy: teacher });
  const scoredUnreleased = await insertAnnotation(student, document, { at: "question", visibility: "everyone" });
  await insertScore(scoredUnreleased, teacher, 1);
  const deleted = await insertAnnotation(author, document, { at: "policy", deletedAt: new Date() });
  ids = [lone.id, full.id, reply.id, feedbackOnThread.id, feedbackOnReply.id, hidden.id, scoredUnreleased.id, deleted.id];
});

afterAll(async () => {
  await db.$disconnect();
});

/** A feedback reply in `thread` about `about` (the thread's annotation or one of its replies). */
async function insertFeedback(teacher: Person, thread: { id: string }, about: { id: string }): Promise<{ id: string }> {
  const row = await insertReply(teacher, thread, { isFeedback: true, body: "feedback" });
  await db.annotation.update({ where: { id: row.id }, data: { feedbackOnId: about.id } });
  return row;
}

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

describe("loadAnnotationRows", () => {
  it("gives exactly what Prisma's ANNOTATION_SELECT gives, for every kind of row", async () => {
    const expected = await db.annotation.findMany({ where: { id: { in: ids } }, select: ANNOTATION_SELECT });
    expect(expected).toHaveLength(ids.length);
    const actual = await loadAnnotationRows(ids);
    expect(byId(actual)).toStrictEqual(byId(expected));
  });

  it("reads a row once however often it is asked for, and nothing for unknown ids or none", async () => {
    const rows = await loadAnnotationRows([ids[1], ids[1], "no-such-annotation"]);
    expect(rows.map((row) => row.id)).toEqual([ids[1]]);
    expect(await loadAnnotationRows([])).toEqual([]);
  });

  it("keeps tags in Prisma's order and counts what the DTO counts", async () => {
    const [full] = await loadAnnotationRows([ids[1]]);
    const expected = await db.annotation.findUniqueOrThrow({ where: { id: ids[1] }, select: ANNOTATION_SELECT });
    expect(full.tags).toEqual(expected.tags);
    expect(full._count).toEqual({ helpfuls: 2 });
    // Every undeleted reply, feedback or not: each viewer's counts are made from them.
    expect(full.replies.map((reply) => reply.isFeedback).sort()).toEqual([false, true, true]);
    expect(full.score).toEqual({ points: 3, releasedAt: new Date("2026-02-03T04:05:06.789Z") });
  });
});
