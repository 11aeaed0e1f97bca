// Groups, memberships and invites for server-side tests, written straight to the database.
import { randomBytes } from "node:crypto";
import type { GroupRole } from "@/lib/groups/schemas";
import { db } from "@/server/db/client";
import { generateInviteToken } from "@/server/groups/group-secrets";

type Person = { id: string };
export type TestGroup = { id: string; name: string; joinCode: string };

/** Who belongs to a group, by role; the creator is its owner unless listed otherwise. */
export type Members = Partial<Record<GroupRole, readonly Person[]>>;

/**
 * A group made by `createdBy`, who is its owner (as when someone creates a group in the app) unless
 * `members` gives them another role or `creatorJoins` is false, with the given members.
 * `hideUntilPostCount` switches on "hide until you post".
 */
export async function createGroup(
  createdBy: Person,
  fields: { name?: string; joinCode?: string; hideUntilPostCount?: number; members?: Members; creatorJoins?: boolean } = {},
): Promise<TestGroup> {
  const joinCode = fields.joinCode ?? randomBytes(6).toString("hex").toUpperCase();
  const group = await db.group.create({
    data: {
      name: fields.name ?? `Group ${joinCode}`,
      joinCode,
      createdById: createdBy.id,
      hideUntilPostCount: fields.hideUntilPostCount ?? 0,
    },
    select: { id: true, name: true },
  });
  const listed = new Set(Object.values(fields.members ?? {}).flatMap((people) => people!.map((person) => person.id)));
  const creatorJoins = fields.creatorJoins !== false && !listed.has(createdBy.id);
  await addMembers(group, { ...fields.members, owner: [...(creatorJoins ? [createdBy] : []), ...(fields.members?.owner ?? [])] });
  return { ...group, joinCode };
}

/** Adds people to a group with the given roles. */
export async function addMembers(group: { id: string }, members: Members): Promise<void> {
  const data = Object.entries(members).flatMap(([role, people]) =>
    people!.map((person) => ({ groupId: group.id, userId: person.id, role })),
  );
  await db.membership.createMany({ data });
}

/** An invite link's token for a group (only its hash is stored, as in the app). */
export async function createInvite(
  group: { id: string },
  createdBy: Person,
  fields: { role?: GroupRole; expiresAt?: Date | null; revokedAt?: Date | null } = {},
): Promise<{ id: string; token: string }> {
  const { token, tokenHash } = generateInviteToken();
  const invite = await db.invite.create({
    data: {
      groupId: group.id,
      createdById: createdBy.id,
      tokenHash,
      role: fields.role ?? "member",
      expiresAt: fields.expiresAt ?? null,
      revokedAt: fields.revokedAt ?? null,
    },
    select: { id: true },
  });
  return { id: invite.id, token };
}
