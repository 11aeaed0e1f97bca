import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as recordProgress } from "@/app/api/documents/[slug]/reading-progress/route";
import { GET as getProgressRoute } from "@/app/api/assignments/[id]/progress/route";
import { PATCH as patchAssignment } from "@/app/api/assignments/[id]/route";
import { GET as getGradesRoute } from "@/app/api/assignments/[id]/grades/route";
import { POST as createAssignmentRoute } from "@/app/api/groups/[id]/assignments/route";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { db } from "@/server/db/client";
import { createApiToken } from "@/server/tokens/create-api-token";
import { article, createDocument, createGroup, createUsers } from "@/tests/factories";

vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

/**
 * Reading progress through the assignment API, as a script would see it: what the reading page
 * records shows in GET …/progress (furthest percent, active minutes) and counts toward an expected
 * reading percent in the grade; READING_PROGRESS=off hides it and stops grading it.
 */
const SLUG = "reading-in-assignments-article";
const HOUR = 3_600_000;
const PARAGRAPHS = paragraphRanges(article.text).length;
let users: Record<"reader" | "idle" | "teacher", { id: string }>;
let tokens: Record<"reader" | "idle" | "teacher", string>;
let group: { id: string };
let versionId: string;

type Json = Record<string, unknown>;
async function call(
  handler: (request: Request, context: never) => Promise<Response>,
  who: keyof typeof tokens,
  path: string,
  params: Record<string, string>,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = { authorization: `Bearer ${tokens[who]}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(
    new Request(`http://localhost${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
    { params: Promise.resolve(params) } as never,
  );
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

beforeAll(async () => {
  users = await createUsers(["reader", "idle", "teacher"], "reading-in-assignments.example.edu");
  const token = async (id: string) =>
    (await createApiToken({ userId: id, name: "script", scope: "read-write", expiresInDays: null })).token;
  tokens = { reader: await token(users.reader.id), idle: await token(users.idle.id), teacher: await token(users.teacher.id) };
  group = await createGroup(users.teacher, { members: { member: [users.reader, users.idle] } });
  const document = await createDocument(SLUG);
  versionId = (await db.documentVersion.findFirstOrThrow({ where: { documentId: document.id }, select: { id: true } })).id;
});

afterEach(() => {
  vi.unstubAllEnvs();
});

async function createReadingAssignment(): Promise<string> {
  const created = await call(
    createAssignmentRoute,
    "teacher",
    `/api/groups/${group.id}/assignments`,
    { id: group.id },
    {
      document: SLUG,
      title: "Read half",
      opensAt: new Date(Date.now() - HOUR).toISOString(),
      dueAt: new Date(Date.now() + HOUR).toISOString(),
      expectations: { annotations: 0, replies: 0, readPercent: 50 },
      grading: { mode: "scaled", points: 10 },
      questions: { color: "purple" },
    },
  );
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ expectations: { readPercent: 50 }, questions: { color: "purple", tag: null } });
  return created.body.id as string;
}

describe("reading progress on an assignment", () => {
  it("shows what the reading page recorded and grades it against the expected percent", async () => {
    const id = await createReadingAssignment();
    // The reader saw a quarter of the paragraphs, in a page view of 2 minutes.
    const quarter = Math.ceil(PARAGRAPHS / 4) - 1;
    const sent = await call(
      recordProgress,
      "reader",
      `/api/documents/${SLUG}/reading-progress`,
      { slug: SLUG },
      {
        session: "assignment-view-1",
        version: versionId,
        furthestParagraph: quarter,
        activeSeconds: 59,
      },
    );
    expect(sent.status).toBe(204);
    await db.readingSession.update({
      where: {
        userId_documentId_id: {
          userId: users.reader.id,
          documentId: (await db.document.findUniqueOrThrow({ where: { slug: SLUG } })).id,
          id: "assignment-view-1",
        },
      },
      data: { activeSeconds: 125 },
    });

    const percent = Math.floor(((quarter + 1) / PARAGRAPHS) * 100);
    const staff = await call(getProgressRoute, "teacher", `/api/assignments/${id}/progress`, { id });
    const rows = staff.body.progress as Array<{ student: { id: string }; reading: unknown; remainingText: string }>;
    expect(rows.find((row) => row.student.id === users.reader.id)!.reading).toEqual({ furthestPercent: percent, activeMinutes: 2 });
    expect(rows.find((row) => row.student.id === users.idle.id)!.reading).toEqual({ furthestPercent: 0, activeMinutes: 0 });
    expect(rows.find((row) => row.student.id === users.reader.id)!.remainingText).toBe(`${50 - percent} % more of the reading`);

    const own = await call(getProgressRoute, "idle", `/api/assignments/${id}/progress`, { id });
    expect((own.body.progress as Array<{ student: { id: string } }>).map((row) => row.student.id)).toEqual([users.idle.id]);

    const grades = (await call(getGradesRoute, "teacher", `/api/assignments/${id}/grades`, { id })).body.grades as Array<{
      student: { id: string };
      computed: number;
    }>;
    // Scaled, reading the only expectation: percent of 50 %, out of 10.
    expect(grades.find((grade) => grade.student.id === users.reader.id)!.computed).toBe(Math.round((percent / 50) * 1000) / 100);
    expect(grades.find((grade) => grade.student.id === users.idle.id)!.computed).toBe(0);
  });

  it("changes the question marker one field at a time", async () => {
    const id = await createReadingAssignment();
    const patched = await call(patchAssignment, "teacher", `/api/assignments/${id}`, { id }, { questions: { tag: "confused" } }, "PATCH");
    expect(patched.body).toMatchObject({ questions: { color: "purple", tag: "confused" } });
    const cleared = await call(patchAssignment, "teacher", `/api/assignments/${id}`, { id }, { questions: { color: null } }, "PATCH");
    expect(cleared.body).toMatchObject({ questions: { color: null, tag: "confused" } });
  });

  it("with READING_PROGRESS=off shows no reading and does not grade it", async () => {
    const id = await createReadingAssignment();
    vi.stubEnv("READING_PROGRESS", "off");
    const rows = (await call(getProgressRoute, "teacher", `/api/assignments/${id}/progress`, { id })).body.progress as Array<{
      reading: unknown;
    }>;
    expect(rows.map((row) => row.reading)).toEqual([null, null]);
    const grades = (await call(getGradesRoute, "teacher", `/api/assignments/${id}/grades`, { id })).body.grades as Array<{
      computed: number;
    }>;
    // Nothing else expected: every student meets what is left of the expectations.
    expect(grades.map((grade) => grade.computed)).toEqual([10, 10]);
  });
});
