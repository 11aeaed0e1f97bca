import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as openEvents } from "@/app/api/documents/[slug]/events/route";
import { POST as postImport } from "@/app/api/documents/[slug]/import/route";
import { POST as postJoin } from "@/app/api/groups/join/route";
import { exportAnnotations } from "@/server/annotations/export-annotations";
import { importAnnotations } from "@/server/annotations/import-annotations";
import { listMyNotes } from "@/server/annotations/list-my-notes";
import { db } from "@/server/db/client";
import { joinByCode } from "@/server/groups/join-by-code";
import { joinByInvite } from "@/server/groups/join-by-invite";
import { stopHub } from "@/server/live/hub";
import { stopListening } from "@/server/outbox/bus";
import { createApiToken } from "@/server/tokens/create-api-token";

import { refusal } from "@/tests/refusal";
import { annotate, article, createDocument, createGroup, createInvite, createUser, createUsers, reply, TEST_IP } from "@/tests/factories";

// Outside Next there is no request context for a session cookie: callers use API tokens (Bearer).
vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

const SLUG = "limits";
beforeAll(() => createDocument(SLUG));
const saved = new Map<string, string | undefined>();
/** This test's limit, as an operator would set it (undone after the test). */
function setLimit(name: string, value: number) {
  if (!saved.has(name)) saved.set(name, process.env[name]);
  process.env[name] = String(value);
}
afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  saved.clear();
});
afterAll(async () => {
  stopHub();
  await stopListening();
  await db.$disconnect();
});

async function bearer(userId: string) {
  return `Bearer ${(await createApiToken({ userId, name: "limits", scope: "read-write", expiresInDays: 30 })).token}`;
}

/** A W3C file of `count` annotations on distinct words of the article. */
function w3cFile(count: number) {
  const words = [...new Set(article.text.match(/[A-Za-z]{6,}/g))].slice(0, count);
  expect(words).toHaveLength(count);
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "AnnotationCollection",
    items: words.map((exact, index) => ({
      id: `https://elsewhere.example/a/${index}`,
      type: "Annotation",
      body: { type: "TextualBody", value: `note ${index}` },
      target: { source: "https://elsewhere.example/doc", selector: { type: "TextQuoteSelector", exact } },
    })),
  };
}

/** A Hypothesis export of `count` annotations. */
function hypothesisFile(count: number) {
  return {
    export_date: "2026-11-29T10:00:00Z",
    annotations: Array.from({ length: count }, (_, index) => ({
      id: `h${index}`,
      uri: "https://elsewhere.example/doc",
      user: "acct:someone@hypothes.is",
      text: `note ${index}`,
      tags: [],
      target: [{ source: "https://elsewhere.example/doc", selector: [{ type: "TextQuoteSelector", exact: "Pakistan" }] }],
    })),
  };
}

describe("IMPORT_MAX_ITEMS", () => {
  it("imports a file of exactly the limit, and refuses one more with 413 before anything is written", async () => {
    setLimit("IMPORT_MAX_ITEMS", 4);
    const reader = await createUser();
    expect((await importAnnotations(reader, SLUG, w3cFile(4))).imported).toBe(4);

    const other = await createUser();
    expect(await refusal(importAnnotations(other, SLUG, w3cFile(5)))).toBe(
      "413 This file holds 5 annotations; one import takes at most 4. Nothing was imported: split the file into parts of at most 4 and import each.",
    );
    expect(await refusal(importAnnotations(other, SLUG, hypothesisFile(5)))).toMatch(/^413 This file holds 5 annotations/);
    expect(await importAnnotations(other, SLUG, hypothesisFile(4))).toMatchObject({ imported: 4 });
    await db.annotation.deleteMany({ where: { authorId: other.id } });
    expect(await refusal(importAnnotations(other, SLUG, w3cFile(5)))).toMatch(/^413 /);
    expect(await db.annotation.count({ where: { authorId: other.id } })).toBe(0);
  });

  it("answers 413 in the one error shape through the API", async () => {
    setLimit("IMPORT_MAX_ITEMS", 2);
    const reader = await createUser();
    const response = await postImport(
      new Request(`http://localhost/api/documents/${SLUG}/import`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: await bearer(reader.id) },
        body: JSON.stringify(w3cFile(3)),
      }),
      { params: Promise.resolve({ slug: SLUG }) },
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE", status: 413 } });
    expect(await db.annotation.count({ where: { authorId: reader.id } })).toBe(0);
  });
});

describe("GROUP_MAX_MEMBERS", () => {
  const FULL = /^409 This group is full: it has 3 members, the most one group can have here\. You were not added\./;

  it("lets the last place be taken by code, then refuses the next person with 409 and writes nothing", async () => {
    setLimit("GROUP_MAX_MEMBERS", 3);
    const people = await createUsers(["owner", "first", "second", "late"], "full-by-code.example");
    const group = await createGroup(people.owner); // the owner is one of the 3
    await joinByCode(people.first, { code: group.joinCode }, TEST_IP);
    expect(await joinByCode(people.second, { code: group.joinCode }, TEST_IP)).toMatchObject({ wasAlreadyMember: false });
    expect(await refusal(joinByCode(people.late, { code: group.joinCode }, TEST_IP))).toMatch(FULL);
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(3);
    // Someone already in is still told so, full or not.
    expect(await joinByCode(people.first, { code: group.joinCode }, TEST_IP)).toMatchObject({ wasAlreadyMember: true });
  });

  it("refuses an invite link into a full group without using up the invitation", async () => {
    setLimit("GROUP_MAX_MEMBERS", 3);
    const people = await createUsers(["owner", "first", "second", "late"], "full-by-invite.example");
    const group = await createGroup(people.owner, { members: { member: [people.first] } });
    const invite = await createInvite(group, people.owner);
    await db.invite.update({ where: { id: invite.id }, data: { maxUses: 2 } });
    await joinByInvite(people.second, invite.token);
    expect(await refusal(joinByInvite(people.late, invite.token))).toMatch(FULL);
    expect(await db.invite.findUniqueOrThrow({ where: { id: invite.id }, select: { useCount: true } })).toEqual({ useCount: 1 });
    expect(await db.membership.findFirst({ where: { groupId: group.id, userId: people.late.id } })).toBeNull();
  });

  it("gives the places left to exactly as many people as fit when many join at once", async () => {
    setLimit("GROUP_MAX_MEMBERS", 3);
    const owner = await createUser();
    const group = await createGroup(owner);
    const crowd = await Promise.all(Array.from({ length: 6 }, () => createUser()));
    const outcomes = await Promise.all(crowd.map((person) => refusal(joinByCode(person, { code: group.joinCode }, TEST_IP))));
    expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(2);
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(3);
  });

  it("answers 409 in the one error shape through the API", async () => {
    setLimit("GROUP_MAX_MEMBERS", 1);
    const [owner, late] = [await createUser(), await createUser()];
    const group = await createGroup(owner);
    const response = await postJoin(
      new Request("http://localhost/api/groups/join", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: await bearer(late.id) },
        body: JSON.stringify({ code: group.joinCode }),
      }),
      {},
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: "CONFLICT", status: 409, message: expect.stringMatching(/full/) } });
  });
});

describe("LIVE_MAX_STREAMS_PER_USER", () => {
  const open = (authorization: string, signal?: AbortSignal) =>
    openEvents(new Request(`http://localhost/api/documents/${SLUG}/events`, { headers: { authorization }, signal }), {
      params: Promise.resolve({ slug: SLUG }),
    });

  it("opens the Nth stream, refuses the N+1th with 429 and Retry-After, and frees a place when a stream closes", async () => {
    setLimit("LIVE_MAX_STREAMS_PER_USER", 3);
    const reader = await createUser();
    const authorization = await bearer(reader.id);
    const streams = [new AbortController(), new AbortController(), new AbortController()];
    for (const stream of streams) expect((await open(authorization, stream.signal)).status).toBe(200);

    const refused = await open(authorization);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("15");
    expect(await refused.json()).toMatchObject({
      error: { code: "RATE_LIMITED", status: 429, message: expect.stringMatching(/^You already follow 3 live streams/) },
    });
    // Someone else is not affected.
    const other = new AbortController();
    expect((await open(await bearer((await createUser()).id), other.signal)).status).toBe(200);
    other.abort();

    streams[0].abort(); // the reader closes a tab
    await expect.poll(() => db.readerPresence.count({ where: { userId: reader.id } })).toBe(2);
    const again = new AbortController();
    expect((await open(authorization, again.signal)).status).toBe(200);
    expect((await open(authorization)).status).toBe(429);
    for (const stream of [...streams, again]) stream.abort();
    await expect.poll(() => db.readerPresence.count({ where: { userId: reader.id } })).toBe(0);
  });

  it("lets no more than N through when many streams are opened at once", async () => {
    setLimit("LIVE_MAX_STREAMS_PER_USER", 2);
    const reader = await createUser();
    const authorization = await bearer(reader.id);
    const controllers = Array.from({ length: 8 }, () => new AbortController());
    const statuses = (await Promise.all(controllers.map((controller) => open(authorization, controller.signal)))).map((r) => r.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(2);
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);
    for (const controller of controllers) controller.abort();
    await expect.poll(() => db.readerPresence.count({ where: { userId: reader.id } })).toBe(0);
  });

  it("does not count a place held by an instance that stopped refreshing it", async () => {
    setLimit("LIVE_MAX_STREAMS_PER_USER", 1);
    const reader = await createUser();
    const document = await db.document.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true } });
    await db.readerPresence.create({
      data: {
        id: `dead-${reader.id}`,
        userId: reader.id,
        documentId: document.id,
        instanceId: "gone",
        seenAt: new Date(Date.now() - 60_000),
      },
    });
    const stream = new AbortController();
    expect((await open(await bearer(reader.id), stream.signal)).status).toBe(200);
    stream.abort();
  });
});

describe("EXPORT_MAX_ANNOTATIONS", () => {
  it("exports exactly the limit, and refuses one more (413, counted before anything is read) saying how to ask for less", async () => {
    const author = await createUser();
    const first = await annotate(author, SLUG, "everyone", "one");
    await reply(author, first.id, "two");
    await annotate(author, SLUG, "everyone", "three");
    setLimit("EXPORT_MAX_ANNOTATIONS", 3);
    expect((await exportAnnotations(author, SLUG, { onlyMine: true })).annotations).toHaveLength(2);
    expect((await listMyNotes(author, { documentSlug: SLUG }))[0].replies).toHaveLength(1);
    await annotate(author, SLUG, "everyone", "four");
    expect(await refusal(exportAnnotations(author, SLUG, { onlyMine: true }))).toBe(
      "413 This export would hold 4 annotations and replies; one export holds at most 3. Ask the operator to raise EXPORT_MAX_ANNOTATIONS.",
    );
    expect(await refusal(listMyNotes(author))).toBe(
      "413 This export would hold 4 annotations and replies; one export holds at most 3. Export one document at a time.",
    );
  });
});
