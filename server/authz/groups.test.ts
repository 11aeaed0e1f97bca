import { describe, expect, it } from "vitest";
import type { GroupRole } from "@/lib/groups/schemas";
import {
  assertCanChangeMemberRole,
  assertCanCreateInvite,
  assertCanRemoveMember,
  assertCanUpdateGroup,
  assertCanViewGroup,
  assertInviteUsable,
  canChangeMemberRole,
  canCreateInvite,
  canListMembers,
  canRemoveMember,
  canRevokeInvite,
  canSeeJoinCode,
  canSeeMemberEmails,
  canUpdateGroup,
  canViewGroup,
  roleAfterInvite,
  type GroupMembership,
} from "./groups";

const as = (role: GroupRole, userId: string = role): GroupMembership => ({ userId, role });
const owner = as("owner");
const instructor = as("instructor");
const member = as("member");
const outsider: GroupMembership = null;

describe("group decisions", () => {
  it("lets every member see the group and its members; emails and the join code only to staff", () => {
    for (const membership of [owner, instructor, member]) {
      expect(canViewGroup(membership)).toBe(true);
      expect(canListMembers(membership)).toBe(true);
    }
    expect(canViewGroup(outsider)).toBe(false);
    expect(canListMembers(outsider)).toBe(false);
    expect([owner, instructor, member, outsider].map(canSeeMemberEmails)).toEqual([true, true, false, false]);
    expect([owner, instructor, member, outsider].map(canSeeJoinCode)).toEqual([true, true, false, false]);
  });

  it("lets only the owner change settings", () => {
    expect([owner, instructor, member, outsider].map(canUpdateGroup)).toEqual([true, false, false, false]);
  });

  it("lets staff invite members and withdraw invites, and only the owner invite instructors", () => {
    expect([owner, instructor, member, outsider].map((m) => canCreateInvite(m, "member"))).toEqual([true, true, false, false]);
    expect([owner, instructor, member, outsider].map((m) => canCreateInvite(m, "instructor"))).toEqual([true, false, false, false]);
    expect([owner, instructor, member, outsider].map(canRevokeInvite)).toEqual([true, true, false, false]);
  });

  it("lets only the owner change roles, never the owner's own", () => {
    const target = as("member", "someone");
    expect([owner, instructor, member, outsider].map((m) => canChangeMemberRole(m, target))).toEqual([true, false, false, false]);
    expect(canChangeMemberRole(owner, as("instructor", "teacher"))).toBe(true);
    expect(canChangeMemberRole(owner, owner)).toBe(false);
    expect(canChangeMemberRole(owner, null)).toBe(false);
  });

  it("lets the owner remove others and anyone but the owner leave", () => {
    const target = as("member", "someone");
    expect([owner, instructor, member, outsider].map((m) => canRemoveMember(m, target))).toEqual([true, false, false, false]);
    expect(canRemoveMember(member, member)).toBe(true);
    expect(canRemoveMember(instructor, instructor)).toBe(true);
    expect(canRemoveMember(owner, owner)).toBe(false);
    expect(canRemoveMember(instructor, owner)).toBe(false);
    expect(canRemoveMember(owner, null)).toBe(false);
  });

  it("gives a newcomer the invite's role, promotes a member with an instructor invite, never demotes", () => {
    expect(roleAfterInvite(null, "member")).toBe("member");
    expect(roleAfterInvite(null, "instructor")).toBe("instructor");
    expect(roleAfterInvite("member", "instructor")).toBe("instructor");
    expect(roleAfterInvite("instructor", "member")).toBe("instructor");
    expect(roleAfterInvite("owner", "member")).toBe("owner");
    expect(roleAfterInvite("owner", "instructor")).toBe("owner");
  });
});

describe("group refusals", () => {
  const viewer = { id: "member" };

  it("answers 401 to anonymous viewers, 404 to outsiders, 403 to members without the role", () => {
    expect(() => assertCanViewGroup(null, null)).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
    expect(() => assertCanViewGroup(viewer, null)).toThrow(expect.objectContaining({ code: "NOT_FOUND", message: "No such group." }));
    expect(() => assertCanUpdateGroup(viewer, member)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => assertCanUpdateGroup(viewer, null)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it("says why an invite is refused", () => {
    expect(() => assertCanCreateInvite(viewer, member, "member")).toThrow("Only the owner and instructors can invite people.");
    expect(() => assertCanCreateInvite(viewer, instructor, "instructor")).toThrow("Only the group's owner can invite instructors.");
  });

  it("says clearly that the owner can be neither demoted nor removed, and cannot leave", () => {
    expect(() => assertCanChangeMemberRole(viewer, owner, owner)).toThrow(/exactly one owner/);
    expect(() => assertCanRemoveMember(viewer, owner, owner)).toThrow("You own this group, so you cannot leave it: a group always keeps its owner.");
    expect(() => assertCanRemoveMember(viewer, instructor, owner)).toThrow("Only the group's owner can remove members.");
    expect(() => assertCanRemoveMember(viewer, owner, null)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it("answers 404 for an unknown invite and 410 for a withdrawn or expired one, with the date", () => {
    const now = new Date("2026-03-10T12:00:00Z");
    expect(() => assertInviteUsable(null, now)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => assertInviteUsable({ expiresAt: null, revokedAt: now }, now)).toThrow(
      expect.objectContaining({ code: "GONE", status: 410, message: "This invitation was withdrawn." }),
    );
    expect(() => assertInviteUsable({ expiresAt: new Date("2026-03-01T00:00:00Z"), revokedAt: null }, now)).toThrow(
      expect.objectContaining({ code: "GONE", message: "This invitation expired on 1 March 2026. Ask for a new one." }),
    );
    expect(() => assertInviteUsable({ expiresAt: new Date("2026-03-11T00:00:00Z"), revokedAt: null }, now)).not.toThrow();
  });
});
