// The review CSVs streamed a page of threads at a time, on more threads than one page: every
// group thread arrives exactly once, in reading order (start, orphans last, then creation time,
// then id), whatever the page size — checked against an order and counts computed here from the
// rows this test wrote, not by the code under test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotesFileStream } from "@/lib/exports/notes-file-stream";
import { annotationsCsvRows, ANNOTATIONS_CSV_COLUMNS, reviewCsvHead } from "@/lib/review/review-csv";
import { EXPORT_BATCH_SIZE } from "@/server/annotations/stream-notes-export";
import { db } from "@/server/db/client";
import { createDocument, createGroup, createUser, type TestUser } from "@/tests/factories";
import { getGroupReview } from "./get-group-review";
import { reviewEmails, streamReviewCsv } from "./review-csv-file";

const SLUG = "review-csv-stream";
const THREADS = 1_300; // about 880 in the group's scopes: more than one page of EXPORT_BATCH_SIZE
const BASE = Date.UTC(2026, 0, 1);

type Thread = {
  id: string;
  authorId: string;
  start: number | null;
  createdAt: Date;
  body: string;
  inGroup: boolean;
  isDeleted: boolean;
  /** In the group's scopes, and live or kept by a live reply of a student's (decided once the replies are made). */
  isExported: boolean;
};
type Reply = { parentId: string; authorId: string; body: string; isFeedback: boolean; createdAt: Date; id: string; isLive: boolean };
let ana: TestUser, ben: TestUser, teacher: TestUser, owner: TestUser, outsider: TestUser;
let group: { id: string; name: string };
const threads: Thread[] = [];
const replies: Reply[] = [];
const scored = new Map<string, number>();

beforeAll(async () => {
  const document = await createDocument(SLUG);
  const version = await db.documentVersion.findFirstOrThrow({ where: { documentId: document.id }, select: { id: true } });
  [ana, ben, teacher, owner, outsider] = await Promise.all(
    ["Ana", "Ben", "Teacher", "Owner", "Outsider"].map((name) => createUser({ name })),
  );
  group = await createGroup(owner, { name: "Seminar S", members: { instructor: [teacher], member: [ana, ben] } });
  const elsewhere = await createGroup(outsider, { name: "Elsewhere", members: { member: [ana] } });
  const scopes = [
    { visibility: "group", groupId: group.id },
    { visibility: "instructors", groupId: group.id },
    { visibility: "group", groupId: group.id },
    { visibility: "private", groupId: null },
    { visibility: "everyone", groupId: null },
    { visibility: "group", groupId: elsewhere.id },
    { visibility: "group", groupId: group.id },
  ];
  const rows = Array.from({ length: THREADS }, (_, i) => {
    const scope = scopes[i % scopes.length];
    const isDeleted = i % 23 === 0;
    // Ties on start across many rows and on creation time within them, so pages end inside ties and the
    // id decides; ids in another order than i; every eleventh an orphan (no place in the text).
    const start = i % 11 === 5 ? null : Math.floor(i / 5) % 40;
    const thread: Thread = {
      id: `rc-${String((i * 7919) % 10_007).padStart(5, "0")}`,
      authorId: (i % 3 === 0 ? ben : ana).id,
      start,
      createdAt: new Date(BASE + (i % 4) * 1000),
      body: `note-${i}`,
      inGroup: scope.groupId === group.id,
      isDeleted,
      isExported: false,
    };
    threads.push(thread);
    return {
      id: thread.id,
      documentId: document.id,
      versionId: version.id,
      authorId: thread.authorId,
      ...scope,
      exact: start === null ? null : `quote-${i}`,
      start,
      end: start === null ? null : start + 4,
      body: thread.body,
      createdAt: thread.createdAt,
      hiddenAt: i % 17 === 0 ? new Date(BASE) : null, // hidden threads are the staff's to review
      deletedAt: isDeleted ? new Date(BASE) : null,
    };
  });
  await db.annotation.createMany({ data: rows });
  // Replies from the other student in every fourth thread, every fifth of them deleted; feedback in every ninth.
  rows.forEach((row, i) => {
    if (i % 4 === 0) {
      replies.push({
        id: `rc-r-${String(i).padStart(5, "0")}`,
        parentId: row.id,
        authorId: (i % 3 === 0 ? ana : ben).id,
        body: `reply-${i}`,
        isFeedback: false,
        createdAt: new Date(BASE + 50_000 + i),
        isLive: i % 5 !== 0,
      });
    }
    if (i % 9 === 0) {
      replies.push({
        id: `rc-f-${String(i).padStart(5, "0")}`,
        parentId: row.id,
        authorId: teacher.id,
        body: `feedback-${i}`,
        isFeedback: true,
        createdAt: new Date(BASE + 60_000 + i),
        isLive: true,
      });
    }
  });
  // A deleted thread is reviewed while a student's reply in it lives on: that reply is graded work.
  for (const thread of threads)
    thread.isExported =
      thread.inGroup && (!thread.isDeleted || replies.some((item) => item.parentId === thread.id && item.isLive && !item.isFeedback));
  expect(threads.some((thread) => thread.isExported && thread.isDeleted)).toBe(true);
  const threadOf = new Map(rows.map((row) => [row.id, row]));
  await db.annotation.createMany({
    data: replies.map((item) => {
      const parent = threadOf.get(item.parentId)!;
      return {
        id: item.id,
        documentId: document.id,
        versionId: version.id,
        parentId: item.parentId,
        authorId: item.authorId,
        visibility: parent.visibility,
        groupId: parent.groupId,
        body: item.body,
        isFeedback: item.isFeedback,
        feedbackOnId: item.isFeedback ? item.parentId : null,
        createdAt: item.createdAt,
        deletedAt: item.isLive ? null : new Date(BASE),
      };
    }),
  });
  for (const [i, thread] of threads.entries()) if (thread.isExported && i % 6 === 0) scored.set(thread.id, i % 4);
  // Replies are scored too (every third live one), and so are some deleted threads, whose score counts for no one.
  for (const [i, item] of replies.entries()) if (item.isLive && !item.isFeedback && i % 3 === 0) scored.set(item.id, (i % 3) + 1 + (i % 2));
  await db.score.createMany({ data: [...scored].map(([annotationId, points]) => ({ annotationId, points, scorerId: teacher.id })) });
}, 120_000);
afterAll(() => db.$disconnect());

/** The group's live threads on the document in reading order: start ascending (orphans last), then creation time, then id. */
function expectedThreads(): Thread[] {
  const key = (thread: Thread) => [thread.start ?? Number.MAX_SAFE_INTEGER, thread.createdAt.getTime()] as const;
  return threads
    .filter((thread) => thread.isExported)
    .sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function read(file: NotesFileStream): Promise<{ text: string; chunks: number }> {
  const parts: Uint8Array[] = [];
  const reader = file.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parts.push(chunk.value);
  // Buffer keeps the byte order mark, which TextDecoder would drop.
  return { text: Buffer.concat(parts).toString("utf8"), chunks: parts.length };
}

/**
 * The small page size the streams are read at besides EXPORT_BATCH_SIZE: small enough that pages end
 * inside ties of start and creation time, where only the id orders rows (asserted below, so a change to
 * the rows cannot quietly make it pass over them), and large enough that reading takes some 30 pages,
 * not hundreds (at 7 the students test took 41 s of its 60 on CI's PostgreSQL under load, and once more).
 */
const SMALL_PAGE = 29;

/** How many of the placed threads' page ends fall between two threads of one start and one creation time. */
function pageEndsInsideTies(batchSize: number): number {
  const placed = expectedThreads().filter((thread) => thread.start !== null);
  let inside = 0;
  for (let end = batchSize; end < placed.length; end += batchSize) {
    const [last, next] = [placed[end - 1], placed[end]];
    if (last.start === next.start && last.createdAt.getTime() === next.createdAt.getTime()) inside++;
  }
  return inside;
}

/** The CSV's lines without the header; none of this test's fields needs quoting. */
const dataLines = (csv: string) => csv.trimEnd().split("\r\n").slice(1);
const [THREAD, KIND, AUTHOR, EMAIL, NOTE, POINTS, FEEDBACK] = (
  ["thread", "kind", "author", "email", "note", "points", "feedback"] as const
).map((column) => ANNOTATIONS_CSV_COLUMNS.indexOf(column));

describe("annotations.csv, streamed", () => {
  it(
    "holds every group thread exactly once, in reading order, with its replies and feedback, at any page size",
    { timeout: 120_000 },
    async () => {
      const expected = expectedThreads();
      expect(expected.length).toBeGreaterThan(EXPORT_BATCH_SIZE);
      expect(expected.some((thread) => thread.start === null)).toBe(true);
      expect(pageEndsInsideTies(SMALL_PAGE)).toBeGreaterThanOrEqual(10);
      const nameOf = new Map([ana, ben, teacher].map((person) => [person.id, person.name]));
      // In this file feedback is written on threads: the annotation's row carries it, a reply's none.
      const feedbackOn = (id: string) =>
        replies
          .filter((item) => item.parentId === id && item.isLive && item.isFeedback)
          .map((item) => `${nameOf.get(item.authorId)}: ${item.body}`)
          .join(" | ");

      const expectedRows = expected.flatMap((thread) => [
        ["annotation", thread.id, nameOf.get(thread.authorId), thread.isDeleted ? "(deleted)" : thread.body, feedbackOn(thread.id)],
        ...replies
          .filter((item) => item.parentId === thread.id && item.isLive && !item.isFeedback)
          .map((item) => ["reply", thread.id, nameOf.get(item.authorId), item.body, feedbackOn(item.id)]),
      ]);
      for (const batchSize of [EXPORT_BATCH_SIZE, SMALL_PAGE]) {
        const file = await streamReviewCsv(teacher, group.id, SLUG, "annotations", batchSize);
        expect(file.filename).toBe(`seminar-s-${SLUG}-annotations.csv`);
        const { text, chunks } = await read(file);
        expect(text.startsWith(reviewCsvHead(ANNOTATIONS_CSV_COLUMNS))).toBe(true);
        // Written as read: the header, then one chunk per page, the placed threads' pages then the orphans'.
        const orphans = expected.filter((thread) => thread.start === null).length;
        expect(chunks).toBe(1 + Math.ceil((expected.length - orphans) / batchSize) + Math.ceil(orphans / batchSize));
        // A thread's annotation, then each live reply in it on a row of its own; feedback beside what it is about.
        const lines = dataLines(text).map((line) => line.split(","));
        expect(lines.map((fields) => [fields[KIND], fields[THREAD], fields[AUTHOR], fields[NOTE], fields[FEEDBACK]])).toEqual(expectedRows);
      }
    },
  );

  it("is the review page's threads, row for row", { timeout: 60_000 }, async () => {
    const review = await getGroupReview(teacher, group.id, SLUG);
    const emailOf = await reviewEmails(group.id);
    const { text } = await read(await streamReviewCsv(owner, group.id, SLUG, "annotations", 97));
    expect(text).toBe(
      reviewCsvHead(ANNOTATIONS_CSV_COLUMNS) + review.annotations.map((thread) => annotationsCsvRows(group.name, thread, emailOf)).join(""),
    );
  });
});

describe("students.csv, streamed", () => {
  it("adds up every page: each student's threads, replies and scores", { timeout: 60_000 }, async () => {
    const exported = expectedThreads();
    const exportedIds = new Set(exported.map((thread) => thread.id));
    const liveReplies = replies.filter((item) => item.isLive && !item.isFeedback && exportedIds.has(item.parentId));
    const row = (student: TestUser) => {
      // A deleted annotation is no one's work any more (its score too); the replies it kept are.
      const own = exported.filter((thread) => thread.authorId === student.id && !thread.isDeleted);
      const ownReplies = liveReplies.filter((item) => item.authorId === student.id);
      const points = [...own, ...ownReplies].flatMap((item) => (scored.has(item.id) ? [scored.get(item.id)!] : []));
      const replyCount = ownReplies.length;
      return [
        student.name,
        student.email,
        String(own.length),
        String(replyCount),
        String(points.reduce((a, b) => a + b, 0)),
        String(points.length),
      ];
    };
    for (const batchSize of [EXPORT_BATCH_SIZE, SMALL_PAGE]) {
      const lines = dataLines((await read(await streamReviewCsv(teacher, group.id, SLUG, "students", batchSize))).text);
      // name, email, annotations, replies, (words), score_total, scored: the staff have no row.
      expect(lines.map((line) => line.split(",")).map((fields) => [...fields.slice(0, 4), fields[5], fields[6]])).toEqual([
        row(ana),
        row(ben),
      ]);
    }
  });
});

describe("the two CSVs reconcile", () => {
  it(
    "summing annotations.csv's points, annotations and replies per email gives students.csv's score_total, annotations and replies",
    { timeout: 60_000 },
    async () => {
      const annotationLines = dataLines((await read(await streamReviewCsv(teacher, group.id, SLUG, "annotations", 97))).text).map((line) =>
        line.split(","),
      );
      const studentLines = dataLines((await read(await streamReviewCsv(teacher, group.id, SLUG, "students"))).text).map((line) =>
        line.split(","),
      );
      expect(annotationLines.some((fields) => fields[KIND] === "reply" && fields[POINTS] !== "")).toBe(true);
      for (const [, email, annotations, replyCount, , scoreTotal] of studentLines) {
        const own = annotationLines.filter((fields) => fields[EMAIL] === email);
        // A deleted annotation (its row says so) is no one's work: the rows of work are the rest.
        const work = own.filter((fields) => fields[NOTE] !== "(deleted)");
        expect({
          annotations: String(work.filter((fields) => fields[KIND] === "annotation").length),
          replies: String(work.filter((fields) => fields[KIND] === "reply").length),
          scoreTotal: String(work.reduce((sum, fields) => sum + Number(fields[POINTS] || 0), 0)),
        }).toEqual({ annotations, replies: replyCount, scoreTotal });
      }
    },
  );
});

describe("refusals, before the first byte", () => {
  it("answers members 403, outsiders 404, anonymous 401, and an export over EXPORT_MAX_ANNOTATIONS 413", async () => {
    for (const kind of ["students", "annotations"] as const) {
      await expect(streamReviewCsv(ana, group.id, SLUG, kind)).rejects.toMatchObject({ status: 403 });
      await expect(streamReviewCsv(outsider, group.id, SLUG, kind)).rejects.toMatchObject({ status: 404 });
      await expect(streamReviewCsv(null, group.id, SLUG, kind)).rejects.toMatchObject({ status: 401 });
      await expect(streamReviewCsv(teacher, group.id, "no-such-document", kind)).rejects.toMatchObject({ status: 404 });
    }
    const items =
      expectedThreads().length + replies.filter((item) => item.isLive && expectedThreads().some((t) => t.id === item.parentId)).length;
    process.env.EXPORT_MAX_ANNOTATIONS = String(items);
    try {
      await read(await streamReviewCsv(teacher, group.id, SLUG, "annotations"));
      process.env.EXPORT_MAX_ANNOTATIONS = String(items - 1);
      for (const kind of ["students", "annotations"] as const) {
        await expect(streamReviewCsv(teacher, group.id, SLUG, kind)).rejects.toMatchObject({ status: 413 });
      }
    } finally {
      delete process.env.EXPORT_MAX_ANNOTATIONS;
    }
  });
});
