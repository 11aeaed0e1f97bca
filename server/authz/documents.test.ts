import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as openEvents } from "@/app/api/documents/[slug]/events/route";
import { ZListAnnotationsQuery } from "@/lib/annotations/schemas";
import { HEARTBEAT_MS } from "@/lib/live/protocol";
import { AppError } from "@/lib/errors";
import { exportAnnotations } from "@/server/annotations/export-annotations";
import { getAnnotation } from "@/server/annotations/get-annotation";
import { listAnnotations } from "@/server/annotations/list-annotations";
import { listMyNotes } from "@/server/annotations/list-my-notes";
import { listGroupNotes } from "@/server/review/list-group-notes";
import { db } from "@/server/db/client";
import { deleteReading } from "@/server/documents/delete-reading";
import { getDocumentBySlug } from "@/server/documents/get-document";
import { getReading } from "@/server/documents/get-reading";
import { listDocuments } from "@/server/documents/list-documents";
import { updateReading } from "@/server/documents/update-reading";
import { stopHub } from "@/server/live/hub";
import { stopListening } from "@/server/outbox/bus";
import { createApiToken } from "@/server/tokens/create-api-token";
import { annotate, createDocument, createGroup, createReading, createUsers } from "@/tests/factories";
import { canOnDocument, readingPermissions, type DocumentAction } from "./documents";
import { loadViewerAccess } from "./viewer-access";

// Outside Next there is no request context for the session cookie: the live stream is opened with API tokens.
vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

/**
 * Who may read and change a reading. The oracle is the operations themselves: for every person
 * and every way a reading is shared, each action is attempted for real through the functions the
 * pages and API routes call, and "it worked" must be exactly what server/authz/documents.ts says
 * (and what the reading's `permissions` say). A refusal to someone who may not read it must be
 * indistinguishable from a reading that does not exist.
 */
type Person = "owner" | "member" | "teacher" | "outsider";
const PEOPLE: Person[] = ["owner", "member", "teacher", "outsider"];
type Who = Person | "anonymous";
const EVERYONE: Who[] = [...PEOPLE, "anonymous"];
type Sharing = "private" | "group" | "public" | "seeded";
const SHARINGS: Sharing[] = ["private", "group", "public", "seeded"];

let people: Record<Person, { id: string }>;
let seminar: { id: string };
const readings = {} as Record<Sharing, { id: string; slug: string }>;
const viewerOf = (who: Who) => (who === "anonymous" ? null : people[who]);

beforeAll(async () => {
  people = await createUsers(PEOPLE, "reading-authz.example");
  seminar = await createGroup(people.owner, { members: { instructor: [people.teacher], member: [people.member] } });
  readings.private = await createReading(people.owner, "authz-private");
  readings.group = await createReading(people.owner, "authz-group", { visibility: "group", groupId: seminar.id });
  readings.public = await createReading(people.owner, "authz-public", { visibility: "public" });
  readings.seeded = await createDocument("authz-seeded");
});

afterAll(async () => {
  stopHub();
  await stopListening();
  await db.$disconnect();
});

async function outcome(action: () => Promise<unknown>): Promise<true | AppError> {
  try {
    await action();
    return true;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

async function decision(who: Who, sharing: Sharing, action: DocumentAction): Promise<boolean> {
  const row = await db.document.findUniqueOrThrow({ where: { id: readings[sharing].id } });
  return canOnDocument(await loadViewerAccess(viewerOf(who), { documentId: row.id }), action, row);
}

/** What a missing reading answers: the refusal to anyone who may not read must be this, word for word. */
async function missingAnswer(operation: (slug: string) => Promise<unknown>): Promise<{ code: string; message: string }> {
  const result = await outcome(() => operation("no-such-reading"));
  if (result === true) throw new Error("a missing reading was found");
  return { code: result.code, message: result.message.replace("no-such-reading", "SLUG") };
}

function asAnswer(result: true | AppError, slug: string) {
  return result === true ? true : { code: result.code, message: result.message.replace(slug, "SLUG") };
}

describe("reading a reading: page, API, annotations, exports", () => {
  it.each(SHARINGS)("a %s reading is read exactly by those the module names, and hidden exactly like a missing one", async (sharing) => {
    const { slug } = readings[sharing];
    for (const who of EVERYONE) {
      const viewer = viewerOf(who);
      const mayRead = await decision(who, sharing, "read");
      const mayAnnotate = await decision(who, sharing, "annotate");
      const label = `${who} on a ${sharing} reading`;

      expect((await getDocumentBySlug(viewer, slug)) !== null, `${label}: the reading page`).toBe(mayRead);
      const api = await outcome(() => getReading(viewer, slug));
      expect(api === true, `${label}: GET /api/documents/{slug}`).toBe(mayRead);
      if (!mayRead) expect(asAnswer(api, slug), label).toEqual(await missingAnswer((missing) => getReading(viewer, missing)));

      const operations = {
        list: (target: string) => listAnnotations(viewer, target, ZListAnnotationsQuery.parse({})),
        annotate: (target: string) => annotate(viewer, target, "private", "hello"),
        export: (target: string) => exportAnnotations(viewer, target, { onlyMine: false }),
      };
      for (const [name, operation] of Object.entries(operations)) {
        const result = await outcome(() => operation(slug));
        expect(result === true, `${label}: ${name}`).toBe(mayAnnotate);
        // Anonymous callers are asked to sign in first, missing reading or not; everyone else who
        // may not read it is told it does not exist, in the same words.
        if (!mayAnnotate) expect(asAnswer(result, slug), `${label}: ${name}`).toEqual(await missingAnswer(operation));
      }
    }
  });

  it("the library lists exactly the readings each person may read", async () => {
    for (const who of EVERYONE) {
      const listed = new Set((await listDocuments(viewerOf(who))).map((document) => document.slug));
      for (const sharing of SHARINGS) {
        expect(listed.has(readings[sharing].slug), `${who} / ${sharing}`).toBe(await decision(who, sharing, "read"));
      }
    }
  });

  it("an annotation on a reading someone may not read is not found for them, even one shared with everyone", async () => {
    const note = await annotate(people.owner, readings.private.slug, "everyone", "visible to everyone, on a private reading");
    expect(await getAnnotation(people.owner, note.id)).toMatchObject({ id: note.id, target: { source: `/read/${readings.private.slug}` } });
    const refused = await outcome(() => getAnnotation(people.outsider, note.id));
    const missing = await outcome(() => getAnnotation(people.outsider, "no-such-annotation"));
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: (missing as AppError).code, message: (missing as AppError).message });

    // A group-scoped note on the owner's private reading: the group's staff export the group's notes, but not this one.
    const groupNote = await annotate(people.owner, readings.private.slug, { group: seminar.id }, "for the seminar, on a private reading");
    const seminarNotes = (await listGroupNotes(people.teacher, seminar.id)).flatMap((notes) =>
      notes.annotations.map((annotation) => annotation.id),
    );
    expect(seminarNotes).not.toContain(groupNote.id);
    const ownerNotes = (await listMyNotes(people.owner)).flatMap((notes) => notes.annotations.map((annotation) => annotation.id));
    expect(ownerNotes).toEqual(expect.arrayContaining([note.id, groupNote.id]));
    const listedForOwner = await listDocuments(people.owner);
    expect(listedForOwner.find((document) => document.slug === readings.private.slug)?.annotationCount).toBeGreaterThan(0);
  });

  it("someone removed from the group loses the group's reading on their very next request", async () => {
    const group = await createGroup(people.owner, { members: { member: [people.outsider] } });
    const reading = await createReading(people.owner, "authz-removal", { visibility: "group", groupId: group.id });
    expect(await getDocumentBySlug(people.outsider, reading.slug)).not.toBeNull();
    await db.membership.delete({ where: { groupId_userId: { groupId: group.id, userId: people.outsider.id } } });
    expect(await getDocumentBySlug(people.outsider, reading.slug)).toBeNull();
  });
});

describe("the live stream", () => {
  it.each(SHARINGS)(
    "opens on a %s reading exactly for those who may read it, and answers others like a missing reading",
    async (sharing) => {
      const { slug } = readings[sharing];
      for (const who of PEOPLE) {
        const { token } = await createApiToken({ userId: people[who].id, name: "live", scope: "read", expiresInDays: null });
        const controller = new AbortController();
        const open = (target: string) =>
          openEvents(
            new Request(`http://localhost/api/documents/${target}/events`, {
              headers: { authorization: `Bearer ${token}` },
              signal: controller.signal,
            }),
            {
              params: Promise.resolve({ slug: target }),
            },
          );
        const response = await open(slug);
        const mayRead = await decision(who, sharing, "read");
        expect(response.status, `${who} / ${sharing}`).toBe(mayRead ? 200 : 404);
        if (!mayRead) {
          const missing = await open("no-such-reading");
          const body = (await response.json()) as { error: { message: string } };
          const missingBody = (await missing.json()) as { error: { message: string } };
          expect(body.error.message.replace(slug, "SLUG")).toBe(missingBody.error.message.replace("no-such-reading", "SLUG"));
        }
        controller.abort();
        await response.body?.cancel().catch(() => {});
      }
    },
  );
});

describe("the live stream, once a reading is unshared", () => {
  it("ends within a heartbeat for a member who may no longer read it; the reconnect gets 404", { timeout: 40_000 }, async () => {
    const reading = await createReading(people.owner, "authz-live-unshare", { visibility: "group", groupId: seminar.id });
    const { token } = await createApiToken({ userId: people.member.id, name: "live", scope: "read", expiresInDays: null });
    const open = () =>
      openEvents(new Request(`http://localhost/api/documents/${reading.slug}/events`, { headers: { authorization: `Bearer ${token}` } }), {
        params: Promise.resolve({ slug: reading.slug }),
      });
    const response = await open();
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read(); // retry:, sent at once: the stream is up
    await updateReading(people.owner, reading.slug, { visibility: "private" });
    const startedAt = Date.now();
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return Date.now() - startedAt;
    })();
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), HEARTBEAT_MS + 10_000));
    expect(await Promise.race([ended, timeout])).toBeLessThan(HEARTBEAT_MS + 10_000);
    expect((await open()).status).toBe(404);
  });
});

describe("changing, sharing and deleting a reading", () => {
  it.each(SHARINGS)("on a %s reading, only what the module allows succeeds, and the reading's permissions say so", async (sharing) => {
    const { slug, id } = readings[sharing];
    for (const who of EVERYONE) {
      const viewer = viewerOf(who);
      const row = await db.document.findUniqueOrThrow({ where: { id } });
      const permissions = readingPermissions(await loadViewerAccess(viewer, { documentId: id }), row);
      const update = await outcome(() => updateReading(viewer, slug, { title: row.title }));
      expect(update === true, `${who} updates a ${sharing} reading`).toBe(await decision(who, sharing, "update"));
      expect(permissions.update, `${who} / ${sharing}: permissions.update`).toBe(update === true);
      const share = await outcome(() => updateReading(viewer, slug, { visibility: row.visibility as "private", groupId: row.groupId }));
      expect(share === true, `${who} re-shares a ${sharing} reading`).toBe(await decision(who, sharing, "share"));
      expect(permissions.share, `${who} / ${sharing}: permissions.share`).toBe(share === true);
    }
  });

  it("the owner shares only with a group they are in, and with everyone only where PUBLIC_READINGS=true", async () => {
    const reading = await createReading(people.member, "authz-sharing");
    const otherGroup = await createGroup(people.outsider);
    await expect(updateReading(people.member, reading.slug, { visibility: "group", groupId: otherGroup.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await updateReading(people.member, reading.slug, { visibility: "group", groupId: seminar.id })).group?.id).toBe(seminar.id);
    expect(await getDocumentBySlug(people.teacher, reading.slug)).not.toBeNull();

    await expect(updateReading(people.member, reading.slug, { visibility: "public" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    vi.stubEnv("PUBLIC_READINGS", "true");
    try {
      expect((await updateReading(people.member, reading.slug, { visibility: "public" })).visibility).toBe("public");
      expect(await getDocumentBySlug(null, reading.slug)).not.toBeNull();
    } finally {
      vi.unstubAllEnvs();
    }
    expect((await updateReading(people.member, reading.slug, { visibility: "private" })).group).toBeNull();
    expect(await getDocumentBySlug(people.teacher, reading.slug)).toBeNull();
  });

  it("only the owner deletes: their annotations go, a member's stays the member's, and the reading opens to no one", async () => {
    for (const who of EVERYONE) {
      const reading = await createReading(people.owner, `authz-delete-${who}`, { visibility: "group", groupId: seminar.id });
      await annotate(people.owner, reading.slug, { group: seminar.id }, "the owner's note");
      await annotate(people.member, reading.slug, { group: seminar.id }, "a member's note");
      const row = await db.document.findUniqueOrThrow({ where: { id: reading.id } });
      const mayDelete = canOnDocument(await loadViewerAccess(viewerOf(who), { documentId: row.id }), "delete", row);
      const result = await outcome(() => deleteReading(viewerOf(who), reading.slug));
      expect(result === true, `${who} deletes`).toBe(mayDelete);
      const left = await db.annotation.findMany({ where: { documentId: reading.id }, select: { body: true } });
      expect(left.map((note) => note.body).sort(), `${who}: annotations left`).toEqual(
        mayDelete ? ["a member's note"] : ["a member's note", "the owner's note"],
      );
      const after = await db.document.findUniqueOrThrow({ where: { id: reading.id } });
      expect(after.visibility).toBe(mayDelete ? "deleted" : "group");
      for (const reader of EVERYONE) {
        const access = await loadViewerAccess(viewerOf(reader), { documentId: row.id });
        if (mayDelete) expect(canOnDocument(access, "read", after), `${reader} reads what ${who} deleted`).toBe(false);
      }
    }
  });
});
