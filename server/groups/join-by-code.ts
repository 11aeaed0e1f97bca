import "server-only";
import { AppError } from "@/lib/errors";
import { unknownJoinCodeMessage, ZJoinByCodeSchema, type JoinResult, type TJoinByCodeSchema } from "@/lib/groups/schemas";
import { assertNotRemoved, assertSignedIn, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { addMembership } from "./add-membership";

/** Joins as a member with the group's join code (any case). Joining again changes nothing. */
export async function joinByCode(viewer: Viewer, input: TJoinByCodeSchema): Promise<JoinResult> {
  assertSignedIn(viewer, "join a group");
  const { code } = ZJoinByCodeSchema.parse(input);
  const group = await db.group.findUnique({ where: { joinCode: code }, select: { id: true, name: true } });
  if (!group) throw new AppError("NOT_FOUND", unknownJoinCodeMessage(code));
  await assertNotRemoved(group.id, viewer.id);
  return addMembership(viewer.id, group, "member");
}
