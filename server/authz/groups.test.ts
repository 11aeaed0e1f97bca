import { describe, expect, it } from "vitest";
import type { GroupRole } from "@/lib/groups/schemas";
import {
  assertCanInGroup,
  assertCanOnMember,
  assertInviteUsable,
  canInGroup,
  groupPermissions,
  inviteAction,
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
      expect(canInGroup(membership, "view")).toBe(true);
      expect(canInGroup(membership, "list-members")).toBe(true);
    }
    expect(canInGroup(outsider, "view")).toBe(false);
    expect(canInGroup(outsider, "list-members")).toBe(false);
    expect([owner, instructor, member, outsider].map((m) => canInGroup(m, "see-member-emails"))).toEqual([true, true, false, false]);
    expect([owner, instructor, member, outsider].map((m) => canInGroup(m, "see-join-code"))).toEqual([true, true, false, false]);
  });

  it("lets only the owner change settings", () => {
    expect([owner, instructor, member, outsider].map((m) => canInGroup(m, "update"))).toEqual([true, false, false, false]);
  });

  it("lets staff invite members and withdraw invites, and only the owner invite instructors", () => {
    expect([owner, instructor, member, outsider].map((m) => canInGroup(m, inviteAction("member")))).toEqual([true, true, false, false]);
    expect([owner, instructor, member, outsider].map((m) => canInGroup(m, inviteAction("instructor")))).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect([owner, instructor, member, outsider].map((m) => canInGroup(m, "revoke-invite"))).toEqual([true, true, false, false]);
  });

  it("lets only the owner change roles, never the owner's own", () => {
    const target = as("member", "someone");
    expect([owner, instructor, member, outsider].map((m) => canInGroup(m, "change-role", target))).toEqual([true, false, false, false]);
    expect(canInGroup(owner, "change-role", as("instructor", "teacher"))).toBe(true);
    expect(canInGroup(owner, "change-role", owner)).toBe(false);
    expect(canInGroup(owner, "change-role", null)).toBe(false);
  });

  it("lets the owner remove others and anyone but the owner leave", () => {
    const target = as("member", "someone");
    expect([owner, instructor, member, outsider].map((m) => canInGroup(m, "remove-member", target))).toEqual([true, false, false, false]);
    expect(canInGroup(member, "remove-member", member)).toBe(true);
    expect(canInGroup(instructor, "remove-member", instructor)).toBe(true);
    expect(canInGroup(owner, "remove-member", owner)).toBe(false);
    expect(canInGroup(instructor, "remove-member", owner)).toBe(false);
    expect(canInGroup(owner, "remove-member", null)).toBe(false);
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

describe("the group page's permissions", () => {
  it("are the decisions above, per role, written out by hand", () => {
    const none = {
      update: false,
      review: false,
      seeFlags: false,
      inviteMembers: false,
      inviteInstructors: false,
      revokeInvites: false,
      manageMembers: false,
      leave: false,
    };
    expect(groupPermissions(owner)).toEqual({
      update: true,
      review: true,
      seeFlags: true,
      inviteMembers: true,
      inviteInstructors: true,
      revokeInvites: true,
      manageMembers: true,
      leave: false,
    });
    expect(groupPermissions(instructor)).toEqual({
      ...none,
      review: true,
      seeFlags: true,
      inviteMembers: true,
      revokeInvites: true,
      leave: true,
    });
    expect(groupPermissions(member)).toEqual({ ...none, leave: true });
    expect(groupPermissions(outsider)).toEqual(none);
  });
});

describe("group refusals", () => {
  const viewer = { id: "member" };

  it("answers 401 to anonymous viewers, 404 to outsiders, 403 to members without the role", () => {
    expect(() => assertCanInGroup(null, null, "view")).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
    expect(() => assertCanInGroup(viewer, null, "view")).toThrow(expect.objectContaining({ code: "NOT_FOUND", message: "No such group." }));
    expect(() => assertCanInGroup(viewer, member, "update")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => assertCanInGroup(viewer, null, "update")).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it("says why an invite is refused", () => {
    expect(() => assertCanInGroup(viewer, member, inviteAction("member"))).toThrow("Only the owner and instructors can invite people.");
    expect(() => assertCanInGroup(viewer, instructor, inviteAction("instructor"))).toThrow(
      "Only the group's owner can invite instructors.",
    );
  });

  it("says clearly that the owner can be neither demoted nor removed, and cannot leave", () => {
    expect(() => assertCanOnMember(viewer, owner, "change-role", owner)).toThrow(/exactly one owner/);
    expect(() => assertCanOnMember(viewer, owner, "remove-member", owner)).toThrow(
      "You own this group, so you cannot leave it: a group always keeps its owner.",
    );
    expect(() => assertCanOnMember(viewer, instructor, "remove-member", owner)).toThrow("Only the group's owner can remove members.");
    expect(() => assertCanOnMember(viewer, owner, "remove-member", null)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it("answers 404 for an unknown invite and 410 for a withdrawn or expired one, with the date", () => {
    const now = new Date("2026-03-10T12:00:00Z");
    expect(() => assertInviteUsable(null, now)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => assertInviteUsable({ expiresAt: null, revokedAt: now, maxUses: null, useCount: 0 }, now)).toThrow(
      expect.objectContaining({ code: "GONE", status: 410, message: "This invitation was withdrawn." }),
    );
    expect(() =>
      assertInviteUsable({ expiresAt: new Date("2026-03-01T00:00:00Z"), revokedAt: null, maxUses: null, useCount: 0 }, now),
    ).toThrow(expect.objectContaining({ code: "GONE", message: "This invitation expired on 1 March 2026. Ask for a new one." }));
    expect(() =>
      assertInviteUsable({ expiresAt: new Date("2026-03-11T00:00:00Z"), revokedAt: null, maxUses: null, useCount: 0 }, now),
    ).not.toThrow();
    expect(() => assertInviteUsable({ expiresAt: null, revokedAt: null, maxUses: 1, useCount: 1 }, now)).toThrow(
      expect.objectContaining({ code: "GONE", message: "This invitation has already been used. Ask for a new one." }),
    );
    expect(() => assertInviteUsable({ expiresAt: null, revokedAt: null, maxUses: 2, useCount: 1 }, now)).not.toThrow();
  });
});
