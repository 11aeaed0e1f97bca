import "server-only";
import { AppError } from "@/lib/errors";
import { isGroupRole, isOwnerRole, isPlainMemberRole, isStaffRole, type AssignableRole, type GroupRole } from "@/lib/groups/roles";
import type { GroupPermissions } from "@/lib/groups/schemas";
import { db } from "@/server/db/client";
import type { Viewer } from "./viewer-access";

export type { Viewer } from "./viewer-access";

/**
 * Who may see or change a study group, its members and its invites: the one place that decides,
 * in the same shape as annotations (./annotations.ts) — `canInGroup(who, action, object)` decides,
 * `assertCanInGroup` refuses with 401/404/403, `loadMembershipFor` loads then authorizes. Every
 * function under server/groups/ reads the viewer's membership from the database (never cached, so
 * a removed member loses access on their very next request) and asks here before touching data.
 *
 * Rules:
 * - Anyone signed in creates a group and becomes its one owner; anyone signed in joins with a
 *   live invite link or the group's join code.
 * - A group you are not a member of does not exist for you: 404, like one that does not exist.
 * - Every member sees the group and its member list (names and roles); the owner and instructors
 *   also see emails and the join code, the group's flags, and create and revoke invites. Only the
 *   owner invites instructors.
 * - Only the owner edits the group, changes roles (member ↔ instructor) and removes members.
 * - The owner and instructors review the group's work on a document (per-student numbers, scores,
 *   feedback, the CSV exports).
 *   The owner is never demoted or removed and cannot leave; anyone else may leave.
 * Refusals: 401 for anonymous viewers, 404 for non-members, 403 for members without the role.
 */

/** The viewer's own membership in the group in question; null when they are not a member. */
export type GroupMembership = { userId: string; role: GroupRole } | null;

/** The member an action is aimed at (role change, removal); null when they are not a member. */
export type TargetMember = { userId: string; role: GroupRole } | null;

/** An invitation as far as joining is concerned. */
export type InviteValidity = { expiresAt: Date | null; revokedAt: Date | null; maxUses: number | null; useCount: number };

export type GroupAction =
  | "view"
  | "list-members"
  | "see-member-emails"
  | "see-join-code"
  /** Review the group's work, export its notes. */
  | "review"
  /** See the open flags on the group's annotations. */
  | "see-flags"
  | "update"
  /** Regenerate or switch off the join code; let back in someone the owner removed. */
  | "manage-joining"
  | "invite-members"
  | "invite-instructors"
  | "revoke-invite";

/** Actions aimed at one member: they need the target. */
export type MemberAction = "change-role" | "remove-member";

const STAFF_ACTIONS: readonly GroupAction[] = [
  "see-member-emails",
  "see-join-code",
  "review",
  "see-flags",
  "invite-members",
  "revoke-invite",
];
const OWNER_ACTIONS: readonly GroupAction[] = ["update", "manage-joining", "invite-instructors"];

// ---------------------------------------------------------------- decisions (pure)

export function canInGroup(membership: GroupMembership, action: GroupAction): boolean;
export function canInGroup(membership: GroupMembership, action: MemberAction, target: TargetMember): boolean;
export function canInGroup(membership: GroupMembership, action: GroupAction | MemberAction, target?: TargetMember): boolean {
  if (!membership) return false;
  switch (action) {
    case "change-role":
      return isOwnerRole(membership.role) && !!target && !isOwnerRole(target.role);
    case "remove-member":
      // The owner removes anyone but themselves; every other member may remove themselves (leave).
      if (!target || isOwnerRole(target.role)) return false;
      return isOwnerRole(membership.role) || target.userId === membership.userId;
    default:
      if (STAFF_ACTIONS.includes(action)) return isStaffRole(membership.role);
      if (OWNER_ACTIONS.includes(action)) return isOwnerRole(membership.role);
      return true; // view, list-members: every member
  }
}

/** Inviting with a role is one of two actions. */
export function inviteAction(role: AssignableRole): GroupAction {
  return role === "instructor" ? "invite-instructors" : "invite-members";
}

/** What the viewer may do in the group, for its page: the same decisions the operations enforce. */
export function groupPermissions(membership: GroupMembership): GroupPermissions {
  return {
    update: canInGroup(membership, "update"),
    review: canInGroup(membership, "review"),
    seeFlags: canInGroup(membership, "see-flags"),
    inviteMembers: canInGroup(membership, "invite-members"),
    inviteInstructors: canInGroup(membership, "invite-instructors"),
    revokeInvites: canInGroup(membership, "revoke-invite"),
    manageMembers: isOwnerRole(membership?.role),
    leave: canInGroup(membership, "remove-member", membership),
  };
}

/**
 * The role someone has after using an invite: a newcomer gets the invite's role; an existing
 * member keeps theirs, except that an instructor invite promotes a member (it was made for them by
 * the owner). Nobody is ever demoted by an invite, and the owner stays the owner.
 */
export function roleAfterInvite(current: GroupRole | null, granted: AssignableRole): GroupRole {
  if (current === null) return granted;
  if (isPlainMemberRole(current) && granted === "instructor") return "instructor";
  return current;
}

// ---------------------------------------------------------------- refusals

const REFUSALS: Record<GroupAction, string> = {
  view: "No such group.",
  "list-members": "No such group.",
  "see-member-emails": "Only the owner and instructors can see members' emails.",
  "see-join-code": "Only the owner and instructors can see the join code.",
  review: "Only the group's owner and instructors can review its work.",
  "see-flags": "Only this group's instructors can see its flags.",
  update: "Only the group's owner can change its settings.",
  "manage-joining": "Only the group's owner decides who may join and how.",
  "invite-members": "Only the owner and instructors can invite people.",
  "invite-instructors": "Only the group's owner can invite instructors.",
  "revoke-invite": "Only the owner and instructors can see and withdraw invitations.",
};

export function assertSignedIn(viewer: Viewer, doing = "use study groups"): asserts viewer is { id: string } {
  if (!viewer) throw new AppError("UNAUTHENTICATED", `Sign in to ${doing}.`);
}

/** 401 for anonymous viewers, 404 for non-members (and groups that do not exist), 403 for members without the role. */
export function assertCanInGroup(
  viewer: Viewer,
  membership: GroupMembership,
  action: GroupAction,
): asserts membership is NonNullable<GroupMembership> {
  assertSignedIn(viewer);
  if (!membership) throw new AppError("NOT_FOUND", "No such group.");
  if (canInGroup(membership, action)) return;
  // A plain member asking to invite instructors is told the more basic refusal.
  if (action === "invite-instructors" && !canInGroup(membership, "invite-members"))
    throw new AppError("FORBIDDEN", REFUSALS["invite-members"]);
  throw new AppError("FORBIDDEN", REFUSALS[action]);
}

/** Role changes and removals: who asks, then whether the target is a member, then whether it is allowed. */
export function assertCanOnMember(
  viewer: Viewer,
  membership: GroupMembership,
  action: MemberAction,
  target: TargetMember,
): asserts target is NonNullable<TargetMember> {
  assertCanInGroup(viewer, membership, "view");
  const isLeaving = action === "remove-member" && target?.userId === membership.userId;
  if (!isOwnerRole(membership.role) && !isLeaving) {
    throw new AppError(
      "FORBIDDEN",
      action === "change-role" ? "Only the group's owner can change roles." : "Only the group's owner can remove members.",
    );
  }
  if (!target) throw new AppError("NOT_FOUND", "That person is not a member of this group.");
  if (canInGroup(membership, action, target)) return;
  if (action === "change-role")
    throw new AppError("FORBIDDEN", "The owner's role cannot be changed: a group always has exactly one owner.");
  throw new AppError(
    "FORBIDDEN",
    isLeaving
      ? "You own this group, so you cannot leave it: a group always keeps its owner."
      : "The owner cannot be removed from the group.",
  );
}

/**
 * An invite token is a capability: whoever holds a live one may see the group's name and join it
 * with the invite's role. Unknown → 404; withdrawn, expired or used up → 410, saying which.
 */
export function assertInviteUsable<T extends InviteValidity>(invite: T | null, now = new Date()): asserts invite is T {
  if (!invite) throw new AppError("NOT_FOUND", "This invitation does not exist. Check the link, or ask for a new one.");
  if (invite.revokedAt) throw new AppError("GONE", "This invitation was withdrawn.");
  if (invite.expiresAt && invite.expiresAt <= now) {
    throw new AppError("GONE", `This invitation expired on ${formatInviteDate(invite.expiresAt)}. Ask for a new one.`);
  }
  if (invite.maxUses !== null && invite.useCount >= invite.maxUses) {
    throw new AppError("GONE", "This invitation has already been used. Ask for a new one.");
  }
}

/** The same decision as a yes or no: sign-up asks whether an invitation still lets a class in. */
export function isInviteUsable(invite: InviteValidity | null, now = new Date()): boolean {
  try {
    assertInviteUsable(invite, now);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removal holds until the owner lets the person back in: nobody the owner removed joins again,
 * whichever way they ask (the join code, an old or new invitation).
 */
export async function assertNotRemoved(groupId: string, userId: string): Promise<void> {
  const removal = await db.groupRemoval.findUnique({ where: { groupId_userId: { groupId, userId } }, select: { removedAt: true } });
  if (removal) {
    throw new AppError("FORBIDDEN", "The owner of this group removed you from it. You can join again once they let you back in.");
  }
}

const inviteDateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

function formatInviteDate(date: Date): string {
  return inviteDateFormat.format(date);
}

// ---------------------------------------------------------------- load then authorize

/** Any user's membership in a group (the viewer's, or the target of a role change or removal), read now; null when not a member. */
export async function findMember(groupId: string, userId: string): Promise<GroupMembership> {
  const row = await db.membership.findUnique({ where: { groupId_userId: { groupId, userId } }, select: { userId: true, role: true } });
  return row && isGroupRole(row.role) ? { userId: row.userId, role: row.role } : null;
}

/** The viewer's membership in a group, read from the database on every call; null for anonymous viewers and non-members alike. */
export async function findMembership(viewer: Viewer, groupId: string): Promise<GroupMembership> {
  return viewer ? findMember(groupId, viewer.id) : null;
}

/**
 * Load then authorize, the one way every operation on a single group starts: the viewer's
 * membership, read now, allowed `action` (401/404/403 otherwise).
 */
export async function loadMembershipFor(viewer: Viewer, groupId: string, action: GroupAction): Promise<NonNullable<GroupMembership>> {
  const membership = await findMembership(viewer, groupId);
  assertCanInGroup(viewer, membership, action);
  return membership;
}

/** Load then authorize for an action aimed at one member: the viewer's membership and the target's. */
export async function loadMembersFor(
  viewer: Viewer,
  groupId: string,
  action: MemberAction,
  targetUserId: string,
): Promise<{ membership: NonNullable<GroupMembership>; target: NonNullable<TargetMember> }> {
  const [membership, target] = await Promise.all([findMembership(viewer, groupId), findMember(groupId, targetUserId)]);
  assertCanOnMember(viewer, membership, action, target);
  return { membership: membership!, target };
}
