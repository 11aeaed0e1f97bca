import "server-only";
import { AppError } from "@/lib/errors";
import { unknownJoinCodeMessage, ZJoinByCodeSchema, type JoinResult, type TJoinByCodeSchema } from "@/lib/groups/schemas";
import { assertNotRemoved, assertSignedIn, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { addMembership } from "./add-membership";
import { lookUpJoinCode } from "./join-code-guesses";

/**
 * Joins as a member with the group's join code (any case), from the client address `ip`: wrong
 * codes are limited per account and per address (./join-code-guesses.ts). Joining again changes nothing.
 */
export async function joinByCode(viewer: Viewer, input: TJoinByCodeSchema, ip: string): Promise<JoinResult> {
  assertSignedIn(viewer, "join a group");
  const { code } = ZJoinByCodeSchema.parse(input);
  const group = await lookUpJoinCode({ userId: viewer.id, ip }, () =>
    db.group.findUnique({ where: { joinCode: code }, select: { id: true, name: true } }),
  );
  if (!group) throw new AppError("NOT_FOUND", unknownJoinCodeMessage(code));
  await assertNotRemoved(group.id, viewer.id);
  return addMembership(viewer.id, group, "member");
}
