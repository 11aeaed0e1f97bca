import "server-only";
import { AppError } from "@/lib/errors";
import type { AssignableRole, GroupRole } from "@/lib/groups/schemas";

/**
 * Who may see or change a study group: the one place that decides. Every function under
 * server/groups/ reads the viewer's membership from the database (never cached, so a removed
 * member loses access on their very next request) and asks here before touching data.
 *
 * Rules:
 * - Anyone signed in creates a group and becomes its one owner; anyone signed in joins with a
 *   live invite link or the group's join code.
 * - A group you are not a member of does not exist for you: 404, like one that does not exist.
 * - Every member sees the group and its member list (names and roles); the owner and instructors
 *   also see emails and the join code, and create and revoke invites. Only the owner invites
 *   instructors.
 * - Only the owner edits the group, changes roles (member ↔ instructor) and removes members.
 * - The owner and instructors review the group's work on a document (per-student numbers, scores,
 *   feedback, the CSV exports).
 *   The owner is never demoted or removed and cannot leave; anyone else may leave.
 * Refusals: 401 for anonymous viewers, 404 for non-members, 403 for members without the role.
 */
export type Viewer = { id: string } | null;

/** The viewer's own membership in the group in question; null when they are not a member. */
export type GroupMembership = { userId: string; role: GroupRole } | null;

/** The member an action is aimed at (role change, removal); null when they are not a member. */
export type TargetMember = { userId: string; role: GroupRole } | null;

/** An invitation as far as joining is concerned. */
export type InviteValidity = { expiresAt: Date | null; revokedAt: Date | null };

const isStaff = (membership: GroupMembership) => membership?.role === "owner" || membership?.role === "instructor";
const isOwner = (membership: GroupMembership) => membership?.role === "owner";

// ---------------------------------------------------------------- decisions (pure)

export function canViewGroup(membership: GroupMembership): boolean {
  return membership !== null;
}

export function canListMembers(membership: GroupMembership): boolean {
  return membership !== null;
}

export function canSeeMemberEmails(membership: GroupMembership): boolean {
  return isStaff(membership);
}

export function canSeeJoinCode(membership: GroupMembership): boolean {
  return isStaff(membership);
}

export function canReviewGroup(membership: GroupMembership): boolean {
  return isStaff(membership);
}

export function canUpdateGroup(membership: GroupMembership): boolean {
  return isOwner(membership);
}

export function canCreateInvite(membership: GroupMembership, role: AssignableRole): boolean {
  return role === "instructor" ? isOwner(membership) : isStaff(membership);
}

export function canRevokeInvite(membership: GroupMembership): boolean {
  return isStaff(membership);
}

export function canChangeMemberRole(membership: GroupMembership, target: TargetMember): boolean {
  return isOwner(membership) && target !== null && target.role !== "owner";
}

/** The owner removes anyone but themselves; every other member may remove themselves (leave). */
export function canRemoveMember(membership: GroupMembership, target: TargetMember): boolean {
  if (!membership || !target || target.role === "owner") return false;
  return isOwner(membership) || target.userId === membership.userId;
}

/**
 * The role someone has after using an invite: a newcomer gets the invite's role; an existing
 * member keeps theirs, except that an instructor invite promotes a member (it was made for them by
 * the owner). Nobody is ever demoted by an invite, and the owner stays the owner.
 */
export function roleAfterInvite(current: GroupRole | null, granted: AssignableRole): GroupRole {
  if (current === null) return granted;
  if (current === "member" && granted === "instructor") return "instructor";
  return current;
}

// ---------------------------------------------------------------- refusals

export function assertSignedIn(viewer: Viewer, doing = "use study groups"): asserts viewer is { id: string } {
  if (!viewer) throw new AppError("UNAUTHENTICATED", `Sign in to ${doing}.`);
}

/** 401 for anonymous viewers, 404 for non-members (and groups that do not exist). */
export function assertCanViewGroup(viewer: Viewer, membership: GroupMembership): asserts membership is NonNullable<GroupMembership> {
  assertSignedIn(viewer);
  if (!canViewGroup(membership)) throw new AppError("NOT_FOUND", "No such group.");
}

export function assertCanListMembers(viewer: Viewer, membership: GroupMembership): asserts membership is NonNullable<GroupMembership> {
  assertCanViewGroup(viewer, membership);
}

export function assertCanUpdateGroup(viewer: Viewer, membership: GroupMembership): asserts membership is NonNullable<GroupMembership> {
  assertCanViewGroup(viewer, membership);
  if (!canUpdateGroup(membership)) throw new AppError("FORBIDDEN", "Only the group's owner can change its settings.");
}

export function assertCanReviewGroup(viewer: Viewer, membership: GroupMembership): asserts membership is NonNullable<GroupMembership> {
  assertCanViewGroup(viewer, membership);
  if (!canReviewGroup(membership)) throw new AppError("FORBIDDEN", "Only the group's owner and instructors can review its work.");
}

export function assertCanCreateInvite(
  viewer: Viewer,
  membership: GroupMembership,
  role: AssignableRole,
): asserts membership is NonNullable<GroupMembership> {
  assertCanViewGroup(viewer, membership);
  if (canCreateInvite(membership, role)) return;
  throw new AppError(
    "FORBIDDEN",
    isStaff(membership) ? "Only the group's owner can invite instructors." : "Only the owner and instructors can invite people.",
  );
}

export function assertCanRevokeInvite(viewer: Viewer, membership: GroupMembership): asserts membership is NonNullable<GroupMembership> {
  assertCanViewGroup(viewer, membership);
  if (!canRevokeInvite(membership)) throw new AppError("FORBIDDEN", "Only the owner and instructors can withdraw invitations.");
}

export function assertCanChangeMemberRole(
  viewer: Viewer,
  membership: GroupMembership,
  target: TargetMember,
): asserts target is NonNullable<TargetMember> {
  assertCanViewGroup(viewer, membership);
  if (!isOwner(membership)) throw new AppError("FORBIDDEN", "Only the group's owner can change roles.");
  if (!target) throw new AppError("NOT_FOUND", "That person is not a member of this group.");
  if (!canChangeMemberRole(membership, target)) {
    throw new AppError("FORBIDDEN", "The owner's role cannot be changed: a group always has exactly one owner.");
  }
}

export function assertCanRemoveMember(
  viewer: Viewer,
  membership: GroupMembership,
  target: TargetMember,
): asserts target is NonNullable<TargetMember> {
  assertCanViewGroup(viewer, membership);
  const isLeaving = target?.userId === membership.userId;
  if (!isOwner(membership) && !isLeaving) throw new AppError("FORBIDDEN", "Only the group's owner can remove members.");
  if (!target) throw new AppError("NOT_FOUND", "That person is not a member of this group.");
  if (canRemoveMember(membership, target)) return;
  throw new AppError(
    "FORBIDDEN",
    isLeaving
      ? "You own this group, so you cannot leave it: a group always keeps its owner."
      : "The owner cannot be removed from the group.",
  );
}

/**
 * An invite token is a capability: whoever holds a live one may see the group's name and join it
 * with the invite's role. Unknown → 404; withdrawn or expired → 410, saying which.
 */
export function assertInviteUsable<T extends InviteValidity>(invite: T | null, now = new Date()): asserts invite is T {
  if (!invite) throw new AppError("NOT_FOUND", "This invitation does not exist. Check the link, or ask for a new one.");
  if (invite.revokedAt) throw new AppError("GONE", "This invitation was withdrawn.");
  if (invite.expiresAt && invite.expiresAt <= now) {
    throw new AppError("GONE", `This invitation expired on ${formatInviteDate(invite.expiresAt)}. Ask for a new one.`);
  }
}

const inviteDateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

function formatInviteDate(date: Date): string {
  return inviteDateFormat.format(date);
}
