import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PATCH as patchGroup } from "@/app/api/groups/[id]/route";
import { db } from "@/server/db/client";
import { createApiToken } from "@/server/tokens/create-api-token";
import { createDocument, createGroup, createUsers } from "@/tests/factories";
import { NOTHING_TYPED } from "@/lib/assignments/assignment-form-state";

// The server action asks the session who is signing in; vitest has no request, so the session is
// whoever the test says (the database, the authz decision and the action itself are all real).
const session = vi.hoisted(() => ({ user: null as { id: string } | null }));
vi.mock("@/server/auth/session", () => ({
  getCurrentUser: async () => session.user,
  requireUserForAction: async () => {
    if (!session.user) throw new Error("no session in this test");
    return session.user;
  },
}));

const { createAssignmentAction, updateAssignmentAction } = await import("@/server/assignments/actions");

/** A group's time zone: set through PATCH /api/groups/{id}, then used to read typed assignment times. */
const SLUG = "group-time-zone-article";
let users: Record<"owner" | "instructor" | "student", { id: string }>;
let tokens: Record<"owner" | "instructor", string>;
let zoned: { id: string };
let unzoned: { id: string };

async function patch(who: keyof typeof tokens, groupId: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await patchGroup(
    new Request(`http://localhost/api/groups/${groupId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${tokens[who]}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id: groupId }) } as never,
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Posts the create-assignment form as the instructor; returns the new assignment's due time. */
async function createThroughForm(groupId: string, title: string, browserZone: string): Promise<string> {
  session.user = users.instructor;
  const form = new FormData();
  for (const [name, value] of Object.entries({
    groupId,
    document: SLUG,
    title,
    opensAt: "2026-11-01T09:00",
    dueAt: "2026-12-01T17:00",
    timeZone: browserZone,
    annotations: "1",
    replies: "0",
    readPercent: "0",
    mode: "scaled",
    points: "10",
    count: "separate",
  }))
    form.set(name, value);
  // The action ends in redirect(), which throws Next.js's redirect signal: it names where it went.
  const thrown = await createAssignmentAction(NOTHING_TYPED, form).then(
    () => null,
    (error: unknown) => error,
  );
  expect(String((thrown as { digest?: string } | null)?.digest)).toMatch(/;\/assignments\//);
  const assignment = await db.assignment.findFirstOrThrow({ where: { groupId, title }, select: { dueAt: true, opensAt: true } });
  return assignment.dueAt.toISOString();
}

afterAll(() => vi.unstubAllEnvs());

beforeAll(async () => {
  // The forms' refusals come back signed (server/http/signed-notice.ts), and a clean checkout has no generated secret.
  vi.stubEnv("NEXTAUTH_SECRET", "group-time-zone-test-secret");
  users = await createUsers(["owner", "instructor", "student"], "group-time-zone.example.edu");
  const token = async (id: string) =>
    (await createApiToken({ userId: id, name: "script", scope: "read-write", expiresInDays: null })).token;
  tokens = { owner: await token(users.owner.id), instructor: await token(users.instructor.id) };
  zoned = await createGroup(users.owner, { members: { instructor: [users.instructor], member: [users.student] } });
  unzoned = await createGroup(users.owner, { members: { instructor: [users.instructor], member: [users.student] } });
  await createDocument(SLUG);
});

describe("a group's time zone", () => {
  it("is validated (a bad zone is a 400 in the one error shape, and nothing is written) and stored as Intl spells it", async () => {
    const before = await db.group.findUniqueOrThrow({ where: { id: zoned.id }, select: { timeZone: true, name: true } });
    const bad = await patch("owner", zoned.id, { timeZone: "Mars/Olympus_Mons", name: "Renamed" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "BAD_REQUEST", status: 400, issues: [{ path: "timeZone" }] } });
    expect(await db.group.findUniqueOrThrow({ where: { id: zoned.id }, select: { timeZone: true, name: true } })).toEqual(before);
    expect(before.timeZone).toBeNull();

    const set = await patch("owner", zoned.id, { timeZone: "america/new_york" });
    expect(set.status).toBe(200);
    expect(set.body.timeZone).toBe("America/New_York");
    expect((await db.group.findUniqueOrThrow({ where: { id: zoned.id } })).timeZone).toBe("America/New_York");
  });

  it("keeps a zone's current name where Intl answers with an old one (Kathmandu, not Katmandu)", async () => {
    const other = await createGroup(users.owner);
    for (const name of ["Asia/Kathmandu", "Europe/Kyiv", "Asia/Kolkata"]) {
      expect((await patch("owner", other.id, { timeZone: name })).body.timeZone).toBe(name);
    }
  });

  it("is the owner's to change, like the other settings", async () => {
    expect((await patch("instructor", zoned.id, { timeZone: "Europe/Paris" })).status).toBe(403);
    expect((await db.group.findUniqueOrThrow({ where: { id: zoned.id } })).timeZone).toBe("America/New_York");
  });

  it("is cleared by an empty value", async () => {
    const other = await createGroup(users.owner);
    expect((await patch("owner", other.id, { timeZone: "Asia/Tokyo" })).body.timeZone).toBe("Asia/Tokyo");
    const cleared = await patch("owner", other.id, { timeZone: "" });
    expect(cleared.status).toBe(200);
    expect(cleared.body.timeZone).toBeNull();
    expect((await db.group.findUniqueOrThrow({ where: { id: other.id } })).timeZone).toBeNull();
  });

  it("reads the typed due time in the group's zone, whatever zone the browser sent", async () => {
    expect(await createThroughForm(zoned.id, "Zoned from Tokyo", "Asia/Tokyo")).toBe("2026-12-01T22:00:00.000Z");
    expect(await createThroughForm(zoned.id, "Zoned from UTC", "UTC")).toBe("2026-12-01T22:00:00.000Z");
  });

  it("leaves the browser's zone in charge when the group has none", async () => {
    expect(await createThroughForm(unzoned.id, "Unzoned from Tokyo", "Asia/Tokyo")).toBe("2026-12-01T08:00:00.000Z");
    expect(await createThroughForm(unzoned.id, "Unzoned from New York", "America/New_York")).toBe("2026-12-01T22:00:00.000Z");
  });

  it("is where an edit's new due time is read too; empty times stay, and the form closes and reopens it", async () => {
    await createThroughForm(zoned.id, "To edit", "UTC");
    const { id, opensAt } = await db.assignment.findFirstOrThrow({ where: { groupId: zoned.id, title: "To edit" } });
    const edit = async (who: { id: string }, fields: Record<string, string>) => {
      session.user = who;
      const form = new FormData();
      const base = { assignmentId: id, title: "Edited", instructions: "Read closely.", timeZone: "Asia/Tokyo", annotations: "2" };
      for (const [name, value] of Object.entries({
        ...base,
        replies: "1",
        readPercent: "0",
        mode: "scaled",
        points: "10",
        count: "separate",
        ...fields,
      }))
        form.set(name, value);
      // Saved, it ends in redirect(), Next.js's redirect signal naming where it went; refused, it answers the form's state.
      const answer = await updateAssignmentAction(NOTHING_TYPED, form).then(
        (state) => state,
        (error: unknown) => error as { digest?: string },
      );
      return "error" in answer ? answer : String(answer.digest);
    };
    const row = () => db.assignment.findUniqueOrThrow({ where: { id } });

    // A student is refused, and nothing changes.
    expect(await edit(users.student, { dueAt: "2026-12-02T17:00" })).toMatchObject({ error: expect.any(String) });
    expect(await row()).toMatchObject({ title: "To edit", dueAt: new Date("2026-12-01T22:00:00.000Z") });

    expect(await edit(users.instructor, { dueAt: "2026-12-02T17:00", closed: "on" })).toMatch(/saved=updated/);
    expect(await row()).toMatchObject({
      title: "Edited",
      instructions: "Read closely.",
      expectedAnnotations: 2,
      expectedReplies: 1,
      opensAt,
    });
    expect((await row()).dueAt.toISOString()).toBe("2026-12-02T22:00:00.000Z");
    expect((await row()).closedAt).not.toBeNull();

    // No time typed: both stay; the box left unticked opens it again.
    expect(await edit(users.instructor, {})).toMatch(/saved=updated/);
    expect(await row()).toMatchObject({ opensAt, dueAt: new Date("2026-12-02T22:00:00.000Z"), closedAt: null });

    // A due time before the opening is refused with the reason and the form as typed, and nothing changes.
    expect(await edit(users.instructor, { dueAt: "2026-10-01T17:00", title: "Never", closed: "on" })).toEqual({
      error: "The due time must come after the opening time.",
      typed: expect.objectContaining({ title: "Never", dueAt: "2026-10-01T17:00", opensAt: "", annotations: "2", closed: "on" }),
    });
    expect((await row()).title).toBe("Edited");
  });
});
