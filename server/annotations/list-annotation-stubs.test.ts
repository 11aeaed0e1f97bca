import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AnnotationDto } from "@/lib/annotations/types";
import { db, type Prisma } from "@/server/db/client";
import { stopListening } from "@/server/outbox/bus";
import { annotate, article, createDocument, createGroup, createUsers } from "@/tests/factories";
import { insertBulkNotes } from "@/tests/factories/bulk-annotations";
import { listAnnotations } from "./list-annotations";
import { decodeStubs } from "@/lib/annotations/annotation-stubs";
import { listAnnotationStubs, listAnnotationStubsPast } from "./list-annotation-stubs";
import { tagRecord } from "@/lib/annotations/tag-key";
import { databaseUrl } from "@/prisma/database-url";
import { backfillSearchText } from "@/scripts/db/backfill-search-text";

vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

/**
 * The stubs decide the reading rule in memory, over every thread of the reading
 * (server/authz canReadThreadRow); the list decides it in the query (readableAnnotationsWhere).
 * The list is the oracle: for each kind of reader, over threads in every state the rule looks at,
 * the stubs hold exactly the placed threads the list holds, and say whether it holds orphans.
 */
const SLUG = "stubs-reading-rule";
type Person = { id: string };
let people: Record<"reader" | "classmate" | "teacher" | "outsider" | "quiet", Person>;

async function listedBy(viewer: Person): Promise<AnnotationDto[]> {
  const items: AnnotationDto[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAnnotations(viewer, SLUG, { limit: 500, ...(cursor && { cursor }) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  people = await createUsers(["reader", "classmate", "teacher", "outsider", "quiet"], "stubs-rule.example");
  const seminar = await createGroup(people.teacher, {
    members: { instructor: [people.teacher], member: [people.reader, people.classmate, people.quiet] },
  });
  const document = await createDocument(SLUG);
  await insertBulkNotes({
    document,
    threads: 120,
    authors: [people.reader, people.classmate, people.teacher],
    group: { id: seminar.id, instructor: people.teacher },
    prefix: "stubs-rule",
  });
  // Hide until you post: "quiet" has written nothing in the seminar, so their peers' group threads wait.
  await db.group.update({ where: { id: seminar.id }, data: { hideUntilPostCount: 1 } });
  const version = await db.documentVersion.findFirstOrThrow({ where: { documentId: document.id }, select: { id: true } });
  const thread = (id: string, fields: { authorId: string } & Partial<Prisma.AnnotationCreateManyInput>) => ({
    id: `stubs-rule-x-${id}`,
    documentId: document.id,
    versionId: version.id,
    exact: "x",
    start: 10,
    end: 20,
    body: id,
    ...fields,
  });
  await db.annotation.createMany({
    data: [
      // An instructor hid it: its author and the staff still read it.
      thread("hidden", { authorId: people.classmate.id, visibility: "everyone", hiddenAt: new Date() }),
      thread("hidden-group", { authorId: people.classmate.id, visibility: "group", groupId: seminar.id, hiddenAt: new Date() }),
      // Lost its place on this version: listed apart, in full, never a stub.
      thread("orphan", { authorId: people.reader.id, visibility: "private", anchorStatus: "orphaned" }),
      thread("deleted", { authorId: people.classmate.id, visibility: "everyone", deletedAt: new Date() }),
      // The stubs' rows are read as "field|field|…|id": an id holding the separator is still read whole.
      thread("pipe|in|id", { authorId: people.classmate.id, visibility: "everyone" }),
    ],
  });
  // Written straight to the database, as rows from before searchText: filled as `npm start` fills those.
  await backfillSearchText(databaseUrl());
}, 60_000);

afterAll(async () => {
  await stopListening();
  await db.$disconnect();
});

describe("the reading page's stubs, against the list", () => {
  it("hold for each reader exactly the placed threads the list holds, in its order, and say whether it holds orphans", async () => {
    const seen = new Map<string, number>();
    for (const [name, person] of Object.entries(people)) {
      const listed = await listedBy(person);
      const placed = listed.filter((item) => item.anchoring?.status !== "orphaned").map((item) => item.id);
      const stubs = await listAnnotationStubsPast(person, SLUG, 0);
      expect(
        stubs?.stubs.map((stub) => stub.id),
        name,
      ).toEqual(placed);
      expect(stubs?.hasOrphans, name).toBe(listed.length > placed.length);
      // The whole listing, and one past it: the page's question "more than this many?" (orphans counted).
      expect(await listAnnotationStubsPast(person, SLUG, listed.length), name).toBeNull();
      expect(await listAnnotationStubsPast(person, SLUG, listed.length - 1), name).not.toBeNull();
      seen.set(name, listed.length);
    }
    // The cases differ from one another, so the comparison above tells them apart.
    expect(seen.get("outsider")).toBeLessThan(seen.get("quiet")!);
    expect(seen.get("quiet")).toBeLessThan(seen.get("reader")!);
    expect(seen.get("reader")).toBeLessThan(seen.get("teacher")!);
  });

  it("searches and filters like the list", async () => {
    for (const filters of [{ q: "quoted" }, { tag: "term" }, { author: "me" }, { color: "blue" as const }]) {
      const listed = await listAnnotations(people.reader, SLUG, { limit: 500, ...filters });
      const ids = (await listAnnotationStubs(people.reader, SLUG, filters)).ids;
      expect(ids, JSON.stringify(filters)).toEqual(
        listed.items.filter((item) => item.anchoring?.status !== "orphaned").map((item) => item.id),
      );
      expect(ids.length, JSON.stringify(filters)).toBeGreaterThan(0);
    }
  });

  it("carry each thread's author and tags as the list has them, and a name or tag changed since the last listing", async () => {
    // A reading's authors and tags are kept with its threads while the database is unchanged: a commit must show.
    const expectLikeTheList = async () => {
      const listed = new Map((await listedBy(people.reader)).map((item) => [item.id, item]));
      const stubs = decodeStubs(await listAnnotationStubs(people.reader, SLUG));
      expect(stubs.length).toBeGreaterThan(0);
      for (const stub of stubs) {
        const item = listed.get(stub.id)!;
        expect(stub.author, stub.id).toEqual(item.author);
        expect([...stub.tags].sort(), stub.id).toEqual([...item.tags].sort());
      }
      return stubs;
    };
    const before = await expectLikeTheList();
    const classmates = before.find((stub) => stub.author.id === people.classmate.id && !stub.isDeleted)!;
    await db.annotationTag.create({ data: { annotationId: classmates.id, ...tagRecord("added-since") } });
    await db.user.update({ where: { id: people.classmate.id }, data: { name: "Renamed classmate" } });
    const after = await expectLikeTheList();
    const changed = after.find((stub) => stub.id === classmates.id)!;
    expect(changed.tags).toContain("added-since");
    expect(changed.author.name).toBe("Renamed classmate");
  });

  it("answer an empty list where nothing matches (the route's answer, not an error)", async () => {
    const found = await listAnnotationStubs(people.reader, SLUG, { q: "no note holds these words" });
    expect(found.ids).toEqual([]);
    expect(found.cells).toEqual([]);
  });
});

describe("the reading page's stubs, on the latest version", () => {
  it("never paint a thread at the offsets of a version that is not the latest", async () => {
    const { author } = await createUsers(["author"], "stubs-version.example");
    const document = await createDocument("stubs-stale-version");
    const onFirst = await annotate(author, document.slug, "private", "on version 1");
    // A version that nothing re-anchored onto (as a row restored or written past re-anchoring would be).
    const second = await db.documentVersion.create({
      data: { documentId: document.id, number: 2, text: `Preface.\n\n${article.text}`, textHash: "stubs-stale-version-2" },
    });
    const onSecond = await db.annotation.create({
      data: {
        documentId: document.id,
        versionId: second.id,
        authorId: author.id,
        exact: "Preface",
        start: 0,
        end: 7,
        body: "on version 2",
      },
    });
    const stubs = decodeStubs(await listAnnotationStubs(author, document.slug));
    expect(stubs.map((stub) => [stub.id, stub.start])).toEqual([[onSecond.id, 0]]);
    expect(onFirst.anchoring).toMatchObject({ status: "anchored" });
  });
});
