import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { refusal } from "@/tests/refusal";
import { createUser, TEST_IP } from "@/tests/factories/users";
import { createGroup } from "./create-group";
import { createInvite } from "./create-invite";
import { getInvite } from "./get-invite";
import { joinByCode } from "./join-by-code";
import { joinByInvite } from "./join-by-invite";
import { letBackIn, listRemovedPeople } from "./let-back-in";
import { removeMember } from "./remove-member";
import { updateJoinCode } from "./update-join-code";

// Issue #11, item 6: a removed member rejoined at once with the join code (which could never be
// changed or switched off) or an old invitation link.

afterAll(async () => {
  await db.$disconnect();
});

async function classWithStudent() {
  const owner = await createUser({ name: "Owner" });
  const student = await createUser({ name: "Student" });
  const group = await createGroup(owner, { name: "Seminar" });
  const link = await createInvite(owner, group.id, { expiresInDays: 30 });
  await joinByInvite(student, link.token);
  return { owner, student, group, link };
}

describe("a removal holds until the owner lets them back in", () => {
  it("a removed member cannot rejoin with the join code nor the link they came with", async () => {
    const { owner, student, group, link } = await classWithStudent();
    await removeMember(owner, group.id, student.id);
    expect(await refusal(joinByCode(student, { code: group.joinCode! }, TEST_IP))).toMatch(/^403 The owner of this group removed you/);
    expect(await refusal(joinByInvite(student, link.token))).toMatch(/^403 The owner of this group removed you/);
    const fresh = await createInvite(owner, group.id);
    expect(await refusal(joinByInvite(student, fresh.token))).toMatch(/^403/);
    expect(await db.membership.count({ where: { groupId: group.id, userId: student.id } })).toBe(0);
    expect((await listRemovedPeople(owner, group.id)).map((person) => person.name)).toEqual(["Student"]);

    await letBackIn(owner, group.id, student.id);
    expect(await listRemovedPeople(owner, group.id)).toEqual([]);
    expect(await refusal(joinByCode(student, { code: group.joinCode! }, TEST_IP))).toBe("ok");
  });

  it("leaving is not a removal: whoever left may come back", async () => {
    const { student, group } = await classWithStudent();
    await removeMember(student, group.id, student.id);
    expect(await refusal(joinByCode(student, { code: group.joinCode! }, TEST_IP))).toBe("ok");
  });

  it("only the owner sees the removed and lets them back in", async () => {
    const { owner, student, group } = await classWithStudent();
    const instructor = await createUser({ name: "Instructor" });
    await joinByInvite(instructor, (await createInvite(owner, group.id, { role: "instructor" })).token);
    await removeMember(owner, group.id, student.id);
    expect(await refusal(listRemovedPeople(instructor, group.id))).toMatch(/^403/);
    expect(await refusal(letBackIn(instructor, group.id, student.id))).toMatch(/^403/);
    expect(await refusal(joinByCode(student, { code: group.joinCode! }, TEST_IP))).toMatch(/^403/);
  });
});

describe("the owner controls the join code", () => {
  it("a regenerated code replaces the old one at once; a disabled code joins nobody", async () => {
    const owner = await createUser({ name: "Owner" });
    const group = await createGroup(owner, { name: "Seminar" });
    const { joinCode } = await updateJoinCode(owner, group.id, "regenerate");
    expect(joinCode).not.toBe(group.joinCode);
    expect(await refusal(joinByCode(await createUser(), { code: group.joinCode! }, TEST_IP))).toBe("404 No group has that code.");
    expect(await refusal(joinByCode(await createUser(), { code: joinCode! }, TEST_IP))).toBe("ok");

    expect(await updateJoinCode(owner, group.id, "disable")).toEqual({ joinCode: null });
    expect(await refusal(joinByCode(await createUser(), { code: joinCode! }, TEST_IP))).toBe("404 No group has that code.");
  });

  it("nobody else changes it", async () => {
    const { group, student } = await classWithStudent();
    expect(await refusal(updateJoinCode(student, group.id, "regenerate"))).toMatch(/^403/);
  });
});

describe("instructor invitations are single-use by default", () => {
  it("the first person in uses it up; they may follow it again, nobody else may", async () => {
    const owner = await createUser({ name: "Owner" });
    const group = await createGroup(owner, { name: "Seminar" });
    const invite = await createInvite(owner, group.id, { role: "instructor" });
    const first = await createUser({ name: "First" });
    expect(await joinByInvite(first, invite.token)).toMatchObject({ role: "instructor", wasAlreadyMember: false });
    expect(await joinByInvite(first, invite.token)).toMatchObject({ role: "instructor", wasAlreadyMember: true });
    expect((await getInvite(first, invite.token)).myRole).toBe("instructor");
    const second = await createUser({ name: "Second" });
    expect(await refusal(joinByInvite(second, invite.token))).toBe("410 This invitation has already been used. Ask for a new one.");
    expect(await refusal(getInvite(second, invite.token))).toMatch(/^410/);
  });

  it("two people racing for the last use: exactly one gets in", async () => {
    const owner = await createUser({ name: "Owner" });
    const group = await createGroup(owner, { name: "Seminar" });
    const invite = await createInvite(owner, group.id, { role: "member", maxUses: 1 });
    const racers = await Promise.all([createUser(), createUser(), createUser()]);
    const outcomes = await Promise.all(racers.map((racer) => refusal(joinByInvite(racer, invite.token))));
    expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(1);
    expect(await db.membership.count({ where: { groupId: group.id, role: "member" } })).toBe(1);
  });

  it("a member invitation stays unlimited unless limited", async () => {
    const owner = await createUser({ name: "Owner" });
    const group = await createGroup(owner, { name: "Seminar" });
    const invite = await createInvite(owner, group.id);
    for (const person of await Promise.all([createUser(), createUser(), createUser()])) {
      expect(await refusal(joinByInvite(person, invite.token))).toBe("ok");
    }
  });
});
