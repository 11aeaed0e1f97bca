// One document with 10,000 annotations a reader may see (and some they may not), read through every
// server function and route that lists them (issue #15, item 1). Before the fix, the reading page's
// loader failed with P2029 ("The query parameter limit supported by your database is exceeded"):
// ids of every listed annotation went to the database as bind parameters. Every count below is
// worked out from how the data is built, not from the functions under test.
//
// The rows are written with createMany (no events, notifications or per-row round trips) so the
// whole file stays well under a minute on either database.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listAnnotationsRoute } from "@/app/api/documents/[slug]/annotations/route";
import { GET as listStubsRoute } from "@/app/api/documents/[slug]/annotations/stubs/route";
import { decodeStubs, type EncodedStubs } from "@/lib/annotations/annotation-stubs";
import { GET as exportRoute } from "@/app/api/documents/[slug]/export/route";
import { GET as annotationsCsvRoute } from "@/app/api/groups/[id]/export/annotations.csv/route";
import type { AnnotationDto, AnnotationPage } from "@/lib/annotations/types";
import type { LiveFrame } from "@/server/live/frames";
import { exportAnnotations } from "@/server/annotations/export-annotations";
import { listAnnotations } from "@/server/annotations/list-annotations";
import { listAnnotationStubs, listAnnotationStubsPast } from "@/server/annotations/list-annotation-stubs";
import { loadViewerAccesses } from "@/server/authz/annotations";
import { listMyNotes } from "@/server/annotations/list-my-notes";
import { db } from "@/server/db/client";
import { subscribe, settleChannel, stopHub } from "@/server/live/hub";
import { getLiveCursor } from "@/server/live/get-live-cursor";
import { countReadersByGroup, INSTANCE_ID, refreshPresence, reservePresence } from "@/server/live/presence";
import { listFlags } from "@/server/moderation/list-flags";
import { listNotifications } from "@/server/notifications/list-notifications";
import { stopListening } from "@/server/outbox/bus";
import { getGroupReview } from "@/server/review/get-group-review";
import { listGroupNotes } from "@/server/review/list-group-notes";
import { createApiToken } from "@/server/tokens/create-api-token";
import { createDocument, createGroup, createUsers } from "@/tests/factories";
import { sessionCredential } from "@/tests/live-listeners";
import { tagRecord } from "@/lib/annotations/tag-key";
import { databaseUrl } from "@/prisma/database-url";
import { backfillSearchText } from "@/scripts/db/backfill-search-text";

// No request context outside Next: people authenticate to the routes with API tokens (Bearer).
vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

const SLUG = "ten-thousand";
const PAGE = 500; // the API's largest page

// What the reader sees, by construction.
const EVERYONE_BY_OTHERS = 3_500;
const EVERYONE_BY_READER = 500;
const PRIVATE_BY_READER = 2_000;
const GROUP_A = 2_000; // a "group" thread in group A, 10 of them by the reader
const GROUP_A_BY_READER = 10;
const GROUP_B = 2_000; // a "group" thread in group B (the instructor's)
const VISIBLE = EVERYONE_BY_OTHERS + EVERYONE_BY_READER + PRIVATE_BY_READER + GROUP_A + GROUP_B;
// What the reader does not see.
const PRIVATE_BY_OTHERS = 300;
const GROUP_C = 300; // a group the reader is not in
const INSTRUCTORS_B = 200; // "instructors" scope of group B: the instructor sees them, the reader does not
const REPLIES = 2_000; // one per "everyone" thread, the first 2,000 of them (the reader's 500 among them)
const FEEDBACK = 200; // the instructor's feedback on group B threads by an author: not for the reader
const HELPFUL_BY_READER = 3_000; // on the first 3,000 "everyone" threads
const HELPFUL_BY_OTHERS = 1_000;
const SCORED = 1_500; // group B threads scored by the instructor
const FLAGGED = 600; // group B threads flagged by the reader
const NEEDLE_EVERY = 8; // every 8th visible thread says "needle"
const TAGGED_EVERY = 10; // every 10th visible thread is tagged "term"
const LIVE_REPLAY = 900; // events for the last 900 visible threads, replayed to a reconnecting reader

type Person = { id: string };
let reader: Person;
let instructor: Person;
let authors: Person[];
let outsider: Person;
let groups: Record<"a" | "b" | "c", { id: string }>;
let tokens: Record<"reader" | "instructor", string>;
let visibleIds: string[];
let needles = 0;
let tagged = 0;

type Row = { id: string; authorId: string; visibility: string; groupId: string | null; body: string };

beforeAll(async () => {
  const document = await createDocument(SLUG);
  const version = await db.documentVersion.findFirstOrThrow({ where: { documentId: document.id }, select: { id: true, text: true } });
  const people = await createUsers(["Reader", "Instructor", "Outsider", "A1", "A2", "A3", "A4", "A5", "A6"], "scale.example");
  reader = people.Reader;
  instructor = people.Instructor;
  outsider = people.Outsider;
  authors = [people.A1, people.A2, people.A3, people.A4, people.A5, people.A6];
  groups = {
    // Hide until you post: the reader has posted (with a body) in A, so A's threads show.
    a: await createGroup(authors[0], { name: "A", hideUntilPostCount: 1, members: { member: [reader, ...authors.slice(1)] } }),
    b: await createGroup(instructor, { name: "B", members: { member: [reader, ...authors] } }),
    c: await createGroup(outsider, { name: "C", members: { member: [authors[0]] } }),
  };
  tokens = {
    reader: (await createApiToken({ userId: reader.id, name: "scale", scope: "read", expiresInDays: null })).token,
    instructor: (await createApiToken({ userId: instructor.id, name: "scale", scope: "read", expiresInDays: null })).token,
  };

  const rows: Row[] = [];
  const add = (prefix: string, count: number, row: (i: number) => Omit<Row, "id" | "body">) => {
    for (let i = 0; i < count; i += 1) rows.push({ id: `${prefix}-${i}`, body: "", ...row(i) });
  };
  const by = (i: number) => authors[i % authors.length].id;
  add("everyone", EVERYONE_BY_READER, () => ({ authorId: reader.id, visibility: "everyone", groupId: null }));
  add("everyone-others", EVERYONE_BY_OTHERS, (i) => ({ authorId: by(i), visibility: "everyone", groupId: null }));
  add("mine", PRIVATE_BY_READER, () => ({ authorId: reader.id, visibility: "private", groupId: null }));
  add("group-a", GROUP_A, (i) => ({ authorId: i < GROUP_A_BY_READER ? reader.id : by(i), visibility: "group", groupId: groups.a.id }));
  add("group-b", GROUP_B, (i) => ({ authorId: by(i), visibility: "group", groupId: groups.b.id }));
  const visibleCount = rows.length;
  add("theirs", PRIVATE_BY_OTHERS, (i) => ({ authorId: by(i), visibility: "private", groupId: null }));
  add("group-c", GROUP_C, () => ({ authorId: authors[0].id, visibility: "group", groupId: groups.c.id }));
  add("instructors-b", INSTRUCTORS_B, (i) => ({ authorId: by(i), visibility: "instructors", groupId: groups.b.id }));
  visibleIds = rows.slice(0, visibleCount).map((row) => row.id);
  for (const [index, row] of rows.entries()) {
    const isVisible = index < visibleCount;
    const hasNeedle = index % NEEDLE_EVERY === 0;
    row.body = `${hasNeedle ? "a needle in " : ""}note ${index}`;
    if (isVisible && hasNeedle) needles += 1;
    if (isVisible && index % TAGGED_EVERY === 0) tagged += 1;
  }

  const base = Date.UTC(2026, 0, 1);
  await db.annotation.createMany({
    data: rows.map((row, index) => {
      const start = (index * 37) % (version.text.length - 20);
      return {
        ...row,
        documentId: document.id,
        versionId: version.id,
        exact: version.text.slice(start, start + 12),
        prefix: "",
        suffix: "",
        start,
        end: start + 12,
        color: "yellow",
        createdAt: new Date(base + index * 1000),
      };
    }),
  });
  await db.annotationTag.createMany({
    data: rows.flatMap((row, index) => (index % TAGGED_EVERY === 0 ? [{ annotationId: row.id, ...tagRecord("term") }] : [])),
  });
  const everyone = rows.filter((row) => row.visibility === "everyone");
  const groupB = rows.filter((row) => row.groupId === groups.b.id && row.visibility === "group");
  await db.annotation.createMany({
    data: [
      ...everyone.slice(0, REPLIES).map((thread, i) => ({
        id: `reply-${i}`,
        documentId: document.id,
        versionId: version.id,
        parentId: thread.id,
        authorId: authors[1].id,
        visibility: "everyone",
        body: "a reply",
        createdAt: new Date(base + (rows.length + i) * 1000),
      })),
      // Feedback on threads written by authors (not the reader): only those authors and staff read it.
      ...groupB.slice(0, FEEDBACK).map((thread, i) => ({
        id: `feedback-${i}`,
        documentId: document.id,
        versionId: version.id,
        parentId: thread.id,
        authorId: instructor.id,
        visibility: "group",
        groupId: groups.b.id,
        isFeedback: true,
        body: "feedback",
        createdAt: new Date(base + (rows.length + REPLIES + i) * 1000),
      })),
    ],
  });
  // Written straight to the database, the rows have no searchText, as rows from before it had: `npm start` fills them.
  expect(await backfillSearchText(databaseUrl())).toBe(rows.length + REPLIES + FEEDBACK);
  await db.helpful.createMany({
    data: [
      ...everyone.slice(0, HELPFUL_BY_READER).map((row) => ({ annotationId: row.id, userId: reader.id })),
      ...everyone.slice(0, HELPFUL_BY_OTHERS).map((row) => ({ annotationId: row.id, userId: authors[2].id })),
    ],
  });
  await db.score.createMany({ data: groupB.slice(0, SCORED).map((row) => ({ annotationId: row.id, scorerId: instructor.id, points: 2 })) });
  await db.flag.createMany({ data: groupB.slice(0, FLAGGED).map((row) => ({ annotationId: row.id, userId: reader.id, reason: "check" })) });
  await db.notification.createMany({
    data: everyone.slice(0, 150).map((row) => ({ userId: reader.id, kind: "reply", annotationId: row.id, actorId: authors[1].id })),
  });
  await db.annotationEvent.createMany({
    data: visibleIds.map((annotationId) => ({
      documentId: document.id,
      annotationId,
      kind: "created",
      change: "created",
      actorId: authors[0].id,
    })),
  });
}, 120_000);

afterAll(async () => {
  stopHub();
  await stopListening();
  await db.$disconnect();
});

function bearer(token: string, url: string): Request {
  return new Request(url, { headers: { authorization: `Bearer ${token}` } });
}

async function everyPage(fetchPage: (cursor: string | null) => Promise<AnnotationPage>): Promise<AnnotationDto[]> {
  const items: AnnotationDto[] = [];
  for (let cursor: string | null = null; ;) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
}

const query = (fields: { cursor?: string | null; q?: string; tag?: string; limit?: number }) => ({
  limit: fields.limit ?? PAGE,
  ...(fields.cursor && { cursor: fields.cursor }),
  ...(fields.q && { q: fields.q }),
  ...(fields.tag && { tag: fields.tag }),
});

describe("a document with 10,000 annotations the reader may see", () => {
  it("the reading page's loader finds all 10,000 and paints every one from stubs; the stubs route searches them", async () => {
    // Exactly VISIBLE: more than one fewer, not more than all of them.
    expect(await listAnnotationStubsPast(reader, SLUG, VISIBLE)).toBeNull();
    const past = await listAnnotationStubsPast(reader, SLUG, VISIBLE - 1);
    expect(past?.hasOrphans).toBe(false);
    expect(new Set(past?.stubs.map((stub) => stub.id))).toEqual(new Set(visibleIds));
    const stubs = decodeStubs(await listAnnotationStubs(reader, SLUG));
    expect(stubs).toHaveLength(VISIBLE);
    expect(new Set(stubs.map((stub) => stub.id))).toEqual(new Set(visibleIds));
    const url = `http://localhost/api/documents/${SLUG}/annotations/stubs?q=needle`;
    const response = await listStubsRoute(bearer(tokens.reader, url), { params: Promise.resolve({ slug: SLUG }) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as EncodedStubs).ids).toHaveLength(needles);
  }, 60_000);

  it("the list API pages through all 10,000, each once, with reply counts and helpful marks", async () => {
    const items = await everyPage(async (cursor) => {
      const url = `http://localhost/api/documents/${SLUG}/annotations?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ""}`;
      const response = await listAnnotationsRoute(bearer(tokens.reader, url), { params: Promise.resolve({ slug: SLUG }) });
      expect(response.status).toBe(200);
      return (await response.json()) as AnnotationPage;
    });
    expect(items).toHaveLength(VISIBLE);
    expect(new Set(items.map((item) => item.id))).toEqual(new Set(visibleIds));
    expect(items.filter((item) => item.replyCount === 1)).toHaveLength(REPLIES);
    expect(items.reduce((sum, item) => sum + item.helpfulCount, 0)).toBe(HELPFUL_BY_READER + HELPFUL_BY_OTHERS);
    expect(items.filter((item) => item.isHelpfulToMe)).toHaveLength(HELPFUL_BY_READER);
  }, 60_000);

  it("search and tag filters find every match", async () => {
    expect(await everyPage((cursor) => listAnnotations(reader, SLUG, query({ cursor, q: "needle" })))).toHaveLength(needles);
    expect(await everyPage((cursor) => listAnnotations(reader, SLUG, query({ cursor, tag: "term" })))).toHaveLength(tagged);
  }, 60_000);

  it("the document export carries all 10,000 threads and the replies the reader may read", async () => {
    const data = await exportAnnotations(reader, SLUG, { onlyMine: false });
    expect(data.annotations).toHaveLength(VISIBLE);
    expect(data.replies).toHaveLength(REPLIES);
    const response = await exportRoute(bearer(tokens.reader, `http://localhost/api/documents/${SLUG}/export?format=csv`), {
      params: Promise.resolve({ slug: SLUG }),
    });
    expect(response.status).toBe(200);
    // One row per thread (replies are counted in it); quotes may span lines, so count the bodies.
    expect((await response.text()).match(/note \d+/g)).toHaveLength(VISIBLE);
  }, 60_000);

  it("my notes hold the reader's own threads and the replies in them", async () => {
    const [notes] = await listMyNotes(reader, { documentSlug: SLUG });
    expect(notes.annotations).toHaveLength(EVERYONE_BY_READER + PRIVATE_BY_READER + GROUP_A_BY_READER);
    expect(notes.replies).toHaveLength(EVERYONE_BY_READER); // the reader's "everyone" threads come first, each replied to
  }, 60_000);

  it("the instructor's review, group export and CSV hold every group thread, with scores and feedback", async () => {
    const review = await getGroupReview(instructor, groups.b.id, SLUG);
    expect(review.annotations).toHaveLength(GROUP_B + INSTRUCTORS_B);
    expect(review.annotations.filter((annotation) => annotation.score !== null)).toHaveLength(SCORED);
    expect(review.annotations.flatMap((annotation) => annotation.replies).filter((reply) => reply.isFeedback)).toHaveLength(FEEDBACK);

    const [notes] = await listGroupNotes(instructor, groups.b.id, SLUG);
    expect(notes.annotations).toHaveLength(GROUP_B + INSTRUCTORS_B);
    expect(notes.replies).toHaveLength(FEEDBACK);

    const url = `http://localhost/api/groups/${groups.b.id}/export/annotations.csv?document=${SLUG}`;
    const response = await annotationsCsvRoute(bearer(tokens.instructor, url), { params: Promise.resolve({ id: groups.b.id }) });
    expect(response.status).toBe(200);
    expect((await response.text()).trim().split("\n").length).toBeGreaterThan(GROUP_B + INSTRUCTORS_B);
  }, 60_000);

  it("the instructor sees every open flag", async () => {
    expect(await listFlags(instructor, groups.b.id)).toHaveLength(FLAGGED);
  }, 60_000);

  it("notifications point at annotations the reader may read", async () => {
    const page = await listNotifications(reader);
    expect(page.items).toHaveLength(100);
    expect(page.items.every((item) => item.annotation !== null)).toBe(true);
  }, 60_000);

  it("a reconnecting reader is replayed the last 900 changes", async () => {
    const documentId = (await db.document.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true } })).id;
    const frames: LiveFrame[] = [];
    const subscription = await subscribe({
      streamId: await reservePresence(reader.id, documentId),
      documentId,
      viewer: reader,
      cursor: (await getLiveCursor(documentId)) - LIVE_REPLAY,
      send: (frame) => frames.push(frame),
      credential: await sessionCredential(reader),
      end: () => undefined,
    });
    await settleChannel(documentId);
    await subscription.unsubscribe();
    const annotations = frames.filter((frame) => frame.event === "annotation");
    expect(annotations).toHaveLength(LIVE_REPLAY);
    expect(annotations.map((frame) => frame.event === "annotation" && frame.data.annotation.id)).toEqual(visibleIds.slice(-LIVE_REPLAY));
  }, 60_000);
});

// A lecture hall on one document: the live channel re-reads every reader's access per batch and
// refreshes and counts their presence rows, each a list of readers sent to the database.
describe("a document with 1,200 readers connected", () => {
  const READERS = 1_200;
  let documentId: string;
  let readerIds: string[];

  beforeAll(async () => {
    documentId = (await db.document.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true } })).id;
    readerIds = Array.from({ length: READERS }, (_, i) => `hall-reader-${i}`);
    await db.user.createMany({ data: readerIds.map((id, i) => ({ id, name: `Hall ${i}`, email: `hall-${i}@scale.example` })) });
    // Every reader is in group B; every other one also in group A, which hides until you post.
    await db.membership.createMany({
      data: readerIds.flatMap((userId, i) => [
        { userId, groupId: groups.b.id, role: "member" },
        ...(i % 2 === 0 ? [{ userId, groupId: groups.a.id, role: "member" }] : []),
      ]),
    });
    await db.readerPresence.createMany({
      data: readerIds.map((userId, i) => ({ id: `hall-stream-${i}`, userId, documentId, instanceId: INSTANCE_ID, seenAt: new Date(0) })),
    });
  }, 60_000);

  it("reads every reader's access in one call", async () => {
    const accesses = await loadViewerAccesses(readerIds, { documentId });
    expect(accesses.size).toBe(READERS);
    expect([...accesses.values()].filter((access) => access.memberships.has(groups.b.id))).toHaveLength(READERS);
    // None of them has posted in A, so A is hidden from each of its 600 members.
    expect([...accesses.values()].filter((access) => access.hiddenGroups.has(groups.a.id))).toHaveLength(READERS / 2);
  });

  it("refreshes and counts every reader's presence", async () => {
    await refreshPresence(readerIds.map((_, i) => `hall-stream-${i}`));
    const counts = await countReadersByGroup(documentId);
    expect(counts.get(groups.b.id)).toBe(READERS);
    expect(counts.get(groups.a.id)).toBe(READERS / 2);
  });
});
