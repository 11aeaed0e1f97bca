import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listAnnotationsRoute } from "@/app/api/documents/[slug]/annotations/route";
import { GET as listStubsRoute } from "@/app/api/documents/[slug]/annotations/stubs/route";
import { decodeStubs, type EncodedStubs } from "@/lib/annotations/annotation-stubs";
import type { AnnotationDto, AnnotationPage } from "@/lib/annotations/types";
import { db } from "@/server/db/client";
import { stopListening } from "@/server/outbox/bus";
import { createApiToken } from "@/server/tokens/create-api-token";
import { createDocument, createGroup, createUsers } from "@/tests/factories";
import { insertBulkNotes } from "@/tests/factories/bulk-annotations";

vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

/**
 * A large reading's page paints and orders its sidebar from stubs and loads the cards by window
 * (GET …/annotations?ids=…). Checked against the list's own cursor pages, the independent oracle:
 * the stubs hold exactly the annotations the list holds, in its order, and windows of ids put
 * together give back every one of its records; nobody's private note reaches another reader,
 * however its id is asked for.
 */
const THREADS = 620;
let people: Record<"reader" | "classmate" | "teacher" | "outsider", { id: string }>;
let tokens: Record<"reader" | "outsider", string>;
let slug: string;
let threadIds: string[];

beforeAll(async () => {
  people = await createUsers(["reader", "classmate", "teacher", "outsider"], "annotation-windows.example");
  const group = await createGroup(people.teacher, { members: { instructor: [people.teacher], member: [people.reader, people.classmate] } });
  const document = await createDocument("annotation-windows-reading");
  slug = document.slug;
  ({ threadIds } = await insertBulkNotes({
    document,
    threads: THREADS,
    authors: [people.reader, people.classmate, people.teacher],
    group: { id: group.id, instructor: people.teacher },
    prefix: "windows",
  }));
  const token = async (id: string) => (await createApiToken({ userId: id, name: "script", scope: "read", expiresInDays: null })).token;
  tokens = { reader: await token(people.reader.id), outsider: await token(people.outsider.id) };
});

afterAll(async () => {
  await stopListening();
  await db.$disconnect();
});

type SlugRoute = (request: Request, context: { params: Promise<{ slug: string }> }) => Promise<Response>;

async function get<T>(route: SlugRoute, path: string, token: string): Promise<{ status: number; body: T }> {
  const response = await route(
    new Request(`http://localhost/api/documents/${slug}/${path}`, { headers: { authorization: `Bearer ${token}` } }),
    {
      params: Promise.resolve({ slug }),
    },
  );
  return { status: response.status, body: (await response.json()) as T };
}

/** Every annotation the list pages hold, cursor after cursor. */
async function everyPage(token: string, filters = ""): Promise<AnnotationDto[]> {
  const items: AnnotationDto[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: AnnotationPage } = await get<AnnotationPage>(
      listAnnotationsRoute,
      `annotations?limit=500${filters}${cursor ? `&cursor=${cursor}` : ""}`,
      token,
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

const windowOf = (ids: readonly string[], token = tokens.reader) =>
  get<AnnotationPage>(listAnnotationsRoute, `annotations?limit=100&ids=${ids.join(",")}`, token);

describe("a large reading's stubs and windows", () => {
  it("lists in the stubs exactly what the list's pages hold, in their order, with each one's place, colour, author and scope", async () => {
    const listed = await everyPage(tokens.reader);
    expect(listed.length).toBeGreaterThan(300);
    expect(listed.length).toBeLessThan(THREADS);
    const stubs = decodeStubs((await get<EncodedStubs>(listStubsRoute, "annotations/stubs", tokens.reader)).body);
    expect(stubs.map((stub) => stub.id)).toEqual(listed.map((item) => item.id));
    expect(stubs).toEqual(
      listed.map((item) => ({
        id: item.id,
        start: item.target!.selector[1].start,
        end: item.target!.selector[1].end,
        color: item.color,
        author: item.author,
        visibility: item.visibility,
        groupId: item.groupId,
        tags: item.tags,
        isDeleted: item.isDeleted,
      })),
    );
  });

  it("gives back every record, in order, when the stubs' ids are asked for a window at a time", async () => {
    const listed = await everyPage(tokens.reader);
    const { ids } = (await get<EncodedStubs>(listStubsRoute, "annotations/stubs", tokens.reader)).body;
    const windows: AnnotationDto[] = [];
    for (let from = 0; from < ids.length; from += 100) {
      const window = await windowOf(ids.slice(from, from + 100));
      expect(window.status).toBe(200);
      windows.push(...window.body.items);
    }
    expect(windows).toEqual(listed);
  });

  it("never shows a private note, or an instructors-only one, to another reader, in the stubs or however its id is asked for", async () => {
    const rows = await db.annotation.findMany({
      where: { id: { in: threadIds }, authorId: { not: people.reader.id }, visibility: { in: ["private", "instructors"] } },
      select: { id: true, visibility: true },
    });
    const hidden = rows.map((row) => row.id);
    expect(rows.some((row) => row.visibility === "private")).toBe(true);
    expect(rows.some((row) => row.visibility === "instructors")).toBe(true);
    const { ids } = (await get<EncodedStubs>(listStubsRoute, "annotations/stubs", tokens.reader)).body;
    expect(ids.filter((id) => hidden.includes(id))).toEqual([]);
    const mine = ids.slice(0, 5);
    for (let from = 0; from < hidden.length; from += 95) {
      const window = await windowOf([...hidden.slice(from, from + 95), ...mine]);
      expect(window.body.items.map((item) => item.id)).toEqual(mine);
    }
    // Someone outside the group sees the notes shared with everyone, and nothing of the group's.
    const outsider = await windowOf(ids.slice(0, 100), tokens.outsider);
    expect(outsider.body.items.every((item) => item.visibility === "everyone")).toBe(true);
    const outsiderStubs = decodeStubs((await get<EncodedStubs>(listStubsRoute, "annotations/stubs", tokens.outsider)).body);
    expect(outsiderStubs.length).toBeGreaterThan(0);
    expect(outsiderStubs.every((stub) => stub.visibility === "everyone")).toBe(true);
  });

  it("searches on the server: the stubs for ?q= are those of the list's own search", async () => {
    const found = await everyPage(tokens.reader, "&q=quoted");
    expect(found.length).toBeGreaterThan(0);
    const stubs = (await get<EncodedStubs>(listStubsRoute, "annotations/stubs?q=quoted", tokens.reader)).body;
    expect(stubs.ids).toEqual(found.map((item) => item.id));
  });

  it("refuses a window of more than 100 ids", async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `windows-t-${String(i).padStart(6, "0")}`);
    expect((await windowOf(ids)).status).toBe(400);
  });
});
