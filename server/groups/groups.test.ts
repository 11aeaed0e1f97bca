import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { JOIN_CODE_ALPHABET } from "@/lib/groups/schemas";
import type { Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { createUser, TEST_IP } from "@/tests/factories/users";
import { refusal } from "@/tests/refusal";
import { createGroup } from "./create-group";
import { createInvite } from "./create-invite";
import { getGroup } from "./get-group";
import { getInvite } from "./get-invite";
import { hashInviteToken } from "./group-secrets";
import { joinByCode } from "./join-by-code";
import { joinByInvite } from "./join-by-invite";
import { listInvites } from "./list-invites";
import { listMembers } from "./list-members";
import { listMyGroups } from "./list-my-groups";
import { removeMember } from "./remove-member";
import { revokeInvite } from "./revoke-invite";
import { updateGroup } from "./update-group";
import { updateMemberRole } from "./update-member-role";

afterAll(() => db.$disconnect());

/** A group with an owner, an instructor and a member, joined the way people join. */
async function makeGroup(name = "Close reading seminar") {
  const owner = await createUser({ name: "Owner" });
  const instructor = await createUser({ name: "Instructor" });
  const member = await createUser({ name: "Member" });
  const group = await createGroup(owner, { name, description: "Tuesdays" });
  const instructorInvite = await createInvite(owner, group.id, { role: "instructor" });
  await joinByInvite(instructor, instructorInvite.token);
  await joinByCode(member, { code: group.joinCode! }, TEST_IP);
  return { group, owner, instructor, member };
}

describe("creating, listing, reading and changing groups", () => {
  it("creates a group whose creator is its owner, with an 8-character unambiguous join code", async () => {
    const owner = await createUser();
    const group = await createGroup(owner, { name: "  Policy readers ", description: " Week 3 " });
    expect(group).toEqual({
      id: expect.any(String),
      name: "Policy readers",
      description: "Week 3",
      role: "owner",
      memberCount: 1,
      joinCode: expect.stringMatching(new RegExp(`^[${JOIN_CODE_ALPHABET}]{8}$`)),
      hideUntilPostCount: 0,
      scoreRelease: "manual",
      timeZone: null,
      createdAt: expect.any(Date),
      permissions: {
        update: true,
        review: true,
        seeFlags: true,
        inviteMembers: true,
        inviteInstructors: true,
        revokeInvites: true,
        manageMembers: true,
        leave: false,
      },
    });
    expect(group.joinCode).not.toMatch(/[01OIL]/);
    expect(await db.membership.findMany({ where: { groupId: group.id }, select: { userId: true, role: true } })).toEqual([
      { userId: owner.id, role: "owner" },
    ]);
  });

  it("gives every group its own code", async () => {
    const owner = await createUser();
    const codes = new Set<string>();
    for (let index = 0; index < 20; index += 1) codes.add((await createGroup(owner, { name: `G${index}` })).joinCode!);
    expect(codes.size).toBe(20);
  });

  it("refuses a missing or long name and a long description, and anonymous creators", async () => {
    const owner = await createUser();
    await expect(createGroup(owner, { name: "  " })).rejects.toThrow(/Name the group/);
    await expect(createGroup(owner, { name: "x".repeat(81) })).rejects.toThrow(/at most 80/);
    await expect(createGroup(owner, { name: "ok", description: "x".repeat(501) })).rejects.toThrow(/at most 500/);
    await expect(createGroup(null, { name: "ok" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await db.group.count({ where: { createdById: owner.id } })).toBe(0);
  });

  it("lists my groups with my role and member count; the join code only where I hand it out", async () => {
    const { group, owner, instructor, member } = await makeGroup("Alpha");
    const other = await createGroup(member, { name: "Beta" });
    expect(await listMyGroups(member)).toEqual([
      { id: group.id, name: "Alpha", description: "Tuesdays", role: "member", memberCount: 3 },
      { id: other.id, name: "Beta", description: "", role: "owner", memberCount: 1, joinCode: other.joinCode },
    ]);
    expect((await listMyGroups(instructor))[0]).toMatchObject({ role: "instructor", joinCode: group.joinCode });
    expect((await listMyGroups(owner))[0]).toMatchObject({ role: "owner", joinCode: group.joinCode });
    expect(await listMyGroups(await createUser())).toEqual([]);
    await expect(listMyGroups(null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("shows a group to its members and to nobody else", async () => {
    const { group, member } = await makeGroup();
    expect(await getGroup(member, group.id)).toEqual({
      id: group.id,
      name: group.name,
      description: "Tuesdays",
      role: "member",
      memberCount: 3,
      hideUntilPostCount: 0,
      scoreRelease: "manual",
      timeZone: null,
      createdAt: expect.any(Date),
      permissions: {
        update: false,
        review: false,
        seeFlags: false,
        inviteMembers: false,
        inviteInstructors: false,
        revokeInvites: false,
        manageMembers: false,
        leave: true,
      },
    });
    await expect(getGroup(await createUser(), group.id)).rejects.toMatchObject({ code: "NOT_FOUND", message: "No such group." });
    await expect(getGroup(member, "no-such-group")).rejects.toMatchObject({ code: "NOT_FOUND", message: "No such group." });
  });

  it("lets the owner change name, description and the hide-until-post count (0..20)", async () => {
    const { group, owner } = await makeGroup();
    const updated = await updateGroup(owner, group.id, { name: "Renamed", description: "", hideUntilPostCount: 2 });
    expect(updated).toMatchObject({ name: "Renamed", description: "", hideUntilPostCount: 2 });
    await expect(updateGroup(owner, group.id, { hideUntilPostCount: 21 })).rejects.toThrow(/at most 20/);
    await expect(updateGroup(owner, group.id, { hideUntilPostCount: -1 })).rejects.toThrow(/0 or more/);
    await expect(updateGroup(owner, group.id, { name: "" })).rejects.toThrow(/Name the group/);
    // A change of nothing is refused, as on every PATCH route.
    await expect(updateGroup(owner, group.id, {})).rejects.toThrow("Nothing to change: send at least one field.");
    expect(await getGroup(owner, group.id)).toMatchObject({ name: "Renamed", hideUntilPostCount: 2 });
  });
});

describe("invitations", () => {
  it("creates a single-use-purpose link: 256 random bits, stored only as a SHA-256 hash, 14 days by default", async () => {
    const { group, owner } = await makeGroup();
    const invite = await createInvite(owner, group.id);
    expect(invite).toEqual({
      id: expect.any(String),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      role: "member",
      code: group.joinCode,
      expiresAt: expect.any(Date),
    });
    const days = (invite.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThanOrEqual(14);
    const row = await db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.tokenHash).toBe(hashInviteToken(invite.token));
    expect(JSON.stringify(row)).not.toContain(invite.token);
    await expect(createInvite(owner, group.id, { expiresInDays: 91 })).rejects.toThrow(/at most 90/);
    await expect(createInvite(owner, group.id, { expiresInDays: 0 })).rejects.toThrow(/at least 1/);
  });

  it("joins the invite's group with the invite's role, and re-joining changes nothing", async () => {
    const { group, owner } = await makeGroup();
    const newcomer = await createUser();
    const invite = await createInvite(owner, group.id, { role: "instructor", expiresInDays: 3 });
    expect(await getInvite(newcomer, invite.token)).toMatchObject({
      groupId: group.id,
      groupName: group.name,
      role: "instructor",
      myRole: null,
    });
    expect(await joinByInvite(newcomer, invite.token)).toEqual({
      groupId: group.id,
      name: group.name,
      role: "instructor",
      wasAlreadyMember: false,
    });
    expect(await joinByInvite(newcomer, invite.token)).toEqual({
      groupId: group.id,
      name: group.name,
      role: "instructor",
      wasAlreadyMember: true,
    });
    expect(await db.membership.count({ where: { groupId: group.id, userId: newcomer.id } })).toBe(1);
    expect((await getInvite(newcomer, invite.token)).myRole).toBe("instructor");
  });

  it("never demotes: the owner using a member link stays the owner", async () => {
    const { group, owner, instructor } = await makeGroup();
    const invite = await createInvite(instructor, group.id);
    expect(await joinByInvite(owner, invite.token)).toMatchObject({ role: "owner", wasAlreadyMember: true });
    expect(await joinByInvite(instructor, invite.token)).toMatchObject({ role: "instructor", wasAlreadyMember: true });
  });

  it("answers 410 for an expired or withdrawn invite, 404 for an unknown one, 401 when signed out", async () => {
    const { group, owner, instructor } = await makeGroup();
    const newcomer = await createUser();
    const expiring = await createInvite(owner, group.id, { expiresInDays: 1 });
    await db.invite.update({ where: { id: expiring.id }, data: { expiresAt: new Date("2026-01-05T10:00:00Z") } });
    await expect(joinByInvite(newcomer, expiring.token)).rejects.toMatchObject({
      code: "GONE",
      status: 410,
      message: "This invitation expired on 5 January 2026. Ask for a new one.",
    });

    const withdrawn = await createInvite(instructor, group.id);
    expect(await revokeInvite(instructor, group.id, withdrawn.id)).toEqual({ id: withdrawn.id, revokedAt: expect.any(Date) });
    await expect(joinByInvite(newcomer, withdrawn.token)).rejects.toMatchObject({
      code: "GONE",
      message: "This invitation was withdrawn.",
    });
    await expect(getInvite(newcomer, withdrawn.token)).rejects.toMatchObject({ code: "GONE" });

    await expect(joinByInvite(newcomer, "not-a-token")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(joinByInvite(null, (await createInvite(owner, group.id)).token)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await db.membership.count({ where: { groupId: group.id, userId: newcomer.id } })).toBe(0);
  });

  it("lets only the owner invite instructors, and no member invite anyone", async () => {
    const { group, instructor, member } = await makeGroup();
    await expect(createInvite(instructor, group.id, { role: "instructor" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only the group's owner can invite instructors.",
    });
    await expect(createInvite(member, group.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only the owner and instructors can invite people.",
    });
    expect(await db.invite.count({ where: { groupId: group.id } })).toBe(1); // the instructor's own, from makeGroup
  });

  it("joins only the invite's own group: a token says nothing about another group", async () => {
    const first = await makeGroup("First");
    const second = await makeGroup("Second");
    const newcomer = await createUser();
    const invite = await createInvite(first.owner, first.group.id);
    await joinByInvite(newcomer, invite.token);
    await expect(getGroup(newcomer, second.group.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Another group's staff cannot withdraw it either.
    await expect(revokeInvite(second.owner, first.group.id, invite.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeInvite(second.owner, second.group.id, invite.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "No such invitation.",
    });
  });

  it("lists live invites for staff, newest first, without tokens", async () => {
    const { group, owner, instructor } = await makeGroup();
    const older = await createInvite(owner, group.id);
    const withdrawn = await createInvite(owner, group.id);
    await revokeInvite(owner, group.id, withdrawn.id);
    const expired = await createInvite(owner, group.id);
    await db.invite.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const list = await listInvites(instructor, group.id);
    expect(list.map((invite) => invite.id)).toContain(older.id);
    expect(list.map((invite) => invite.id)).not.toContain(withdrawn.id);
    expect(list.map((invite) => invite.id)).not.toContain(expired.id);
    expect(JSON.stringify(list)).not.toContain(older.token);
  });
});

describe("joining with a code", () => {
  it("joins as a member whatever the case, and forgives spaces and dashes", async () => {
    const { group } = await makeGroup();
    const code = group.joinCode!;
    const newcomer = await createUser();
    expect(await joinByCode(newcomer, { code: ` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} ` }, TEST_IP)).toEqual({
      groupId: group.id,
      name: group.name,
      role: "member",
      wasAlreadyMember: false,
    });
    expect(await joinByCode(newcomer, { code }, TEST_IP)).toMatchObject({ wasAlreadyMember: true, role: "member" });
  });

  it("says so for an unknown code, and asks anonymous people to sign in", async () => {
    await expect(joinByCode(await createUser(), { code: "ZZZZZZZZ" }, TEST_IP)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "No group has that code.",
    });
    await expect(joinByCode(null, { code: "ZZZZZZZZ" }, TEST_IP)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("limits wrong codes per account and per address; a right one does not count, a refused one is not looked at", async () => {
    vi.stubEnv("JOIN_CODE_MAX_FAILURES_PER_ACCOUNT", "3");
    vi.stubEnv("JOIN_CODE_MAX_FAILURES_PER_IP", "5");
    try {
      const { group } = await makeGroup();
      const rightCode = group.joinCode!;
      const wrongCode = rightCode === "ZZZZZZZZ" ? "YYYYYYYY" : "ZZZZZZZZ";
      const guess = (person: Viewer, ip: string, code = wrongCode) => refusal(joinByCode(person, { code }, ip));
      const guesser = await createUser();
      expect(await guess(guesser, "198.51.100.7", rightCode)).toBe("ok");
      for (let attempt = 0; attempt < 3; attempt += 1) expect(await guess(guesser, "198.51.100.7")).toBe("404 No group has that code.");
      // The account's fourth wrong code in the hour is refused, from any address, and so is the right code now.
      expect(await guess(guesser, "198.51.100.8")).toMatch(/^429 Too many wrong join codes\. Try again in /);
      expect(await guess(guesser, "198.51.100.8", rightCode)).toMatch(/^429 /);
      await expect(joinByCode(guesser, { code: wrongCode }, "198.51.100.8")).rejects.toMatchObject({
        retryAfterSeconds: expect.any(Number),
      });

      // One address: other accounts' guesses add up (3 above, then 2), and the address is refused for everyone.
      const [second, third] = [await createUser(), await createUser()];
      for (let attempt = 0; attempt < 2; attempt += 1) expect(await guess(second, "198.51.100.7")).toBe("404 No group has that code.");
      expect(await guess(third, "198.51.100.7", rightCode)).toMatch(/^429 /);
      expect(await guess(third, "198.51.100.9", rightCode)).toBe("ok");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("roles and removal", () => {
  it("lets the owner switch members and instructors, never the owner", async () => {
    const { group, owner, instructor, member } = await makeGroup();
    expect(await updateMemberRole(owner, group.id, member.id, { role: "instructor" })).toEqual({ userId: member.id, role: "instructor" });
    expect(await updateMemberRole(owner, group.id, instructor.id, { role: "member" })).toEqual({ userId: instructor.id, role: "member" });
    await expect(updateMemberRole(owner, group.id, owner.id, { role: "member" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "The owner's role cannot be changed: a group always has exactly one owner.",
    });
    // @ts-expect-error: ownership is never handed out this way
    await expect(updateMemberRole(owner, group.id, member.id, { role: "owner" })).rejects.toThrow(/role must be/);
    await expect(updateMemberRole(owner, group.id, "nobody", { role: "member" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.membership.count({ where: { groupId: group.id, role: "owner" } })).toBe(1);
  });

  it("revokes the links an instructor made when they are made a member or removed; the owner's stay", async () => {
    const { group, owner, instructor } = await makeGroup();
    const theirs = await createInvite(instructor, group.id, { role: "member" });
    const ownersLink = await createInvite(owner, group.id, { role: "member" });
    await updateMemberRole(owner, group.id, instructor.id, { role: "member" });
    expect(await refusal(joinByInvite(await createUser(), theirs.token))).toMatch(/^410 /);
    expect(await refusal(joinByInvite(await createUser(), ownersLink.token))).toBe("ok");

    // Made staff again, a new link works; removed, it stops too.
    await updateMemberRole(owner, group.id, instructor.id, { role: "instructor" });
    const again = await createInvite(instructor, group.id, { role: "member" });
    await removeMember(owner, group.id, instructor.id);
    expect(await refusal(joinByInvite(await createUser(), again.token))).toMatch(/^410 /);
    expect(await db.invite.count({ where: { groupId: group.id, createdById: instructor.id, revokedAt: null } })).toBe(0);
  });

  it("protects the owner: not removable, and cannot leave", async () => {
    const { group, owner, instructor } = await makeGroup();
    await expect(removeMember(owner, group.id, owner.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You own this group, so you cannot leave it: a group always keeps its owner.",
    });
    await expect(removeMember(instructor, group.id, owner.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await getGroup(owner, group.id)).toMatchObject({ role: "owner" });
  });

  it("removes a member, who loses access on their very next call", async () => {
    const { group, owner, member } = await makeGroup();
    expect(await getGroup(member, group.id)).toMatchObject({ role: "member" });
    expect(await removeMember(owner, group.id, member.id)).toEqual({ groupId: group.id, userId: member.id, hasLeft: false });
    await expect(getGroup(member, group.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listMembers(member, group.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listMyGroups(member)).toEqual([]);
  });

  it("lets a member or an instructor leave", async () => {
    const { group, instructor, member } = await makeGroup();
    expect(await removeMember(member, group.id, member.id)).toMatchObject({ hasLeft: true });
    expect(await removeMember(instructor, group.id, instructor.id)).toMatchObject({ hasLeft: true });
    await expect(getGroup(instructor, group.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists members owner first, then instructors, then members; emails only for staff", async () => {
    const { group, owner, instructor, member } = await makeGroup();
    const asStaff = await listMembers(instructor, group.id);
    expect(asStaff.map(({ userId, role, email }) => ({ userId, role, email }))).toEqual([
      { userId: owner.id, role: "owner", email: owner.email },
      { userId: instructor.id, role: "instructor", email: instructor.email },
      { userId: member.id, role: "member", email: member.email },
    ]);
    const asMember = await listMembers(member, group.id);
    expect(asMember.map((row) => Object.keys(row).sort())).toEqual(Array(3).fill(["joinedAt", "name", "role", "userId"]));
    expect(JSON.stringify(asMember)).not.toContain("@example.edu");
  });
});

// ---------------------------------------------------------------- who may do what, cell by cell

type ViewerKind = "owner" | "instructor" | "member" | "outsider" | "anonymous";
type Outcome = "ok" | "UNAUTHENTICATED" | "NOT_FOUND" | "FORBIDDEN";

const ACTIONS = {
  "view group": (viewer: Viewer, fixture: Fixture) => getGroup(viewer, fixture.groupId),
  "list members": (viewer: Viewer, fixture: Fixture) => listMembers(viewer, fixture.groupId),
  "see emails": async (viewer: Viewer, fixture: Fixture) => {
    const members = await listMembers(viewer, fixture.groupId);
    if (!members.every((row) => row.email?.endsWith("@example.edu"))) throw Object.assign(new Error("no emails"), { code: "FORBIDDEN" });
  },
  "update settings": (viewer: Viewer, fixture: Fixture) => updateGroup(viewer, fixture.groupId, { hideUntilPostCount: 1 }),
  "create invite": (viewer: Viewer, fixture: Fixture) => createInvite(viewer, fixture.groupId),
  "revoke invite": (viewer: Viewer, fixture: Fixture) => revokeInvite(viewer, fixture.groupId, fixture.inviteId),
  "change role": (viewer: Viewer, fixture: Fixture) => updateMemberRole(viewer, fixture.groupId, fixture.targetId, { role: "instructor" }),
  "remove member": (viewer: Viewer, fixture: Fixture) => removeMember(viewer, fixture.groupId, fixture.targetId),
} as const;

const EXPECTED: Record<ViewerKind, Record<keyof typeof ACTIONS, Outcome>> = {
  owner: {
    "view group": "ok",
    "list members": "ok",
    "see emails": "ok",
    "update settings": "ok",
    "create invite": "ok",
    "revoke invite": "ok",
    "change role": "ok",
    "remove member": "ok",
  },
  instructor: {
    "view group": "ok",
    "list members": "ok",
    "see emails": "ok",
    "update settings": "FORBIDDEN",
    "create invite": "ok",
    "revoke invite": "ok",
    "change role": "FORBIDDEN",
    "remove member": "FORBIDDEN",
  },
  member: {
    "view group": "ok",
    "list members": "ok",
    "see emails": "FORBIDDEN",
    "update settings": "FORBIDDEN",
    "create invite": "FORBIDDEN",
    "revoke invite": "FORBIDDEN",
    "change role": "FORBIDDEN",
    "remove member": "FORBIDDEN",
  },
  outsider: Object.fromEntries(Object.keys(ACTIONS).map((action) => [action, "NOT_FOUND"])) as Record<keyof typeof ACTIONS, Outcome>,
  anonymous: Object.fromEntries(Object.keys(ACTIONS).map((action) => [action, "UNAUTHENTICATED"])) as Record<keyof typeof ACTIONS, Outcome>,
};

/** A fresh group per cell, so one cell's change (a removal, a revoked invite) never decides another's. */
type Fixture = { groupId: string; inviteId: string; targetId: string; viewers: Record<ViewerKind, Viewer> };

async function makeFixture(): Promise<Fixture> {
  const { group, owner, instructor, member } = await makeGroup();
  const target = await createUser({ name: "Target" });
  await joinByCode(target, { code: group.joinCode! }, TEST_IP);
  const invite = await createInvite(owner, group.id);
  const outsider = await createUser({ name: "Outsider" });
  await createGroup(outsider, { name: "Another group" });
  return { groupId: group.id, inviteId: invite.id, targetId: target.id, viewers: { owner, instructor, member, outsider, anonymous: null } };
}

describe("the permission matrix", () => {
  const cells = (Object.keys(EXPECTED) as ViewerKind[]).flatMap((kind) =>
    (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).map((action) => ({ kind, action, expected: EXPECTED[kind][action] })),
  );
  let fixtures: Fixture[] = [];
  beforeAll(async () => {
    fixtures = [];
    for (let index = 0; index < cells.length; index += 1) fixtures.push(await makeFixture());
  });

  it.each(cells.map((cell, index) => ({ ...cell, index })))("$kind → $action: $expected", async ({ kind, action, expected, index }) => {
    const fixture = fixtures[index];
    const outcome: Outcome = await ACTIONS[action](fixture.viewers[kind], fixture).then(
      () => "ok",
      (error: { code?: Outcome }) => error.code ?? (String(error) as Outcome),
    );
    expect(outcome).toBe(expected);
  });
});
