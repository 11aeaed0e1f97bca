import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { createApiToken } from "@/server/tokens/create-api-token";
import { createGroup, createUsers } from "@/tests/factories";
import { POST as releaseScoresRoute } from "./route";

vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

let groupId: string;
let tokens: Record<"owner" | "member" | "outsider", string>;

beforeAll(async () => {
  const people = await createUsers(["owner", "member", "outsider"], "score-release-route.example");
  groupId = (await createGroup(people.owner, { members: { member: [people.member] } })).id;
  const token = async (id: string) =>
    (await createApiToken({ userId: id, name: "script", scope: "read-write", expiresInDays: null })).token;
  tokens = { owner: await token(people.owner.id), member: await token(people.member.id), outsider: await token(people.outsider.id) };
});

afterAll(() => db.$disconnect());

function release(token: string, body: unknown): Promise<Response> {
  return releaseScoresRoute(
    new Request(`http://localhost/api/groups/${groupId}/score-release`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id: groupId }) },
  );
}

describe("POST /api/groups/{id}/score-release", () => {
  it("settles who may release before reading what was sent: an outsider is 404 and a member 403, even with an empty body", async () => {
    expect((await release(tokens.outsider, {})).status).toBe(404);
    expect((await release(tokens.member, {})).status).toBe(403);
    // Those who may are told what is missing.
    expect((await release(tokens.owner, {})).status).toBe(400);
  });
});
