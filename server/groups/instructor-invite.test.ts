import { beforeAll, describe, expect, it } from "vitest";
import { POST as createInviteRoute } from "@/app/api/groups/[id]/invites/route";
import { db } from "@/server/db/client";
import { createApiToken } from "@/server/tokens/create-api-token";
import { createGroup, createUsers } from "@/tests/factories";
import { createInvite } from "./create-invite";
import { joinByInvite } from "./join-by-invite";

/** One person per instructor link, as the README promises: asked for more, the API says why; raced for, one gets it. */
let users: Record<"owner" | "a" | "b" | "c" | "d" | "e" | "f", { id: string }>;
let ownerToken: string;

beforeAll(async () => {
  users = await createUsers(["owner", "a", "b", "c", "d", "e", "f"], "instructor-invite.example.edu");
  ownerToken = (await createApiToken({ userId: users.owner.id, name: "script", scope: "read-write", expiresInDays: null })).token;
});

async function post(groupId: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await createInviteRoute(
    new Request(`http://localhost/api/groups/${groupId}/invites`, {
      method: "POST",
      headers: { authorization: `Bearer ${ownerToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id: groupId }) } as never,
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("an instructor invitation", () => {
  it("is refused with 400 saying why when asked to let more than one person in (null made a link for anyone)", async () => {
    const group = await createGroup(users.owner);
    for (const maxUses of [null, 4, 1000]) {
      const answer = await post(group.id, { role: "instructor", maxUses });
      expect(answer.status, `maxUses ${maxUses}`).toBe(400);
      expect(answer.body).toMatchObject({
        error: { code: "BAD_REQUEST", issues: [{ path: "maxUses", message: expect.stringContaining("one person") }] },
      });
    }
    expect(await db.invite.count({ where: { groupId: group.id } })).toBe(0);
  });

  it("is single-use, asked for 1 or left to the default; a member invitation may still be shared", async () => {
    const group = await createGroup(users.owner);
    expect((await post(group.id, { role: "instructor", maxUses: 1 })).status).toBe(201);
    expect((await post(group.id, { role: "instructor" })).status).toBe(201);
    expect((await post(group.id, { role: "member", maxUses: null })).status).toBe(201);
    const rows = await db.invite.findMany({ where: { groupId: group.id }, select: { role: true, maxUses: true } });
    expect(rows.map(({ role, maxUses }) => `${role}:${maxUses}`).sort()).toEqual(["instructor:1", "instructor:1", "member:null"]);
  });

  it("admits exactly one of several people using it at the same moment", async () => {
    const group = await createGroup(users.owner);
    const invite = await createInvite(users.owner, group.id, { role: "instructor" });
    const racers = [users.a, users.b, users.c, users.d, users.e, users.f];
    const outcomes = await Promise.allSettled(racers.map((racer) => joinByInvite(racer, invite.token)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes) if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ code: "GONE" });
    expect(await db.membership.count({ where: { groupId: group.id, role: "instructor" } })).toBe(1);
    expect((await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).useCount).toBe(1);
  });
});
