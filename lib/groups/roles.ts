/**
 * The words of authorization, defined once for server and client: a member's role in a group
 * and which roles are the group's staff. Only server/authz/ decides what a role may do; the
 * client reads the decisions the server sends (`permissions` on each annotation and group).
 */

/** A member's role in a group. There is exactly one owner: the person who created it. */
export const GROUP_ROLES = ["owner", "instructor", "member"] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

/** The group's teaching staff: they read "instructors" threads, moderate, review and invite. */
export const STAFF_ROLES: readonly GroupRole[] = ["owner", "instructor"];

/** The roles an invite can grant and the owner can give: ownership is never handed out. */
export const ASSIGNABLE_ROLES = ["member", "instructor"] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export const GROUP_ROLE_LABELS: Record<GroupRole, string> = { owner: "Owner", instructor: "Instructor", member: "Member" };

/** "an instructor", "a member", "an owner": for sentences that name a role. */
export const GROUP_ROLE_WITH_ARTICLE: Record<GroupRole, string> = { owner: "an owner", instructor: "an instructor", member: "a member" };

export function isGroupRole(value: string): value is GroupRole {
  return (GROUP_ROLES as readonly string[]).includes(value);
}

export function isStaffRole(role: GroupRole | null | undefined): boolean {
  return role != null && STAFF_ROLES.includes(role);
}

export function isOwnerRole(role: GroupRole | null | undefined): boolean {
  return role === "owner";
}

/** A plain member: neither owner nor instructor (hide until you post applies to them only). */
export function isPlainMemberRole(role: GroupRole | null | undefined): boolean {
  return role === "member";
}
