import "server-only";
import { ZUpdateGroupSchema, type GroupDetails, type TUpdateGroupSchema } from "@/lib/groups/schemas";
import { assertCanUpdateGroup, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { findMembership } from "./find-membership";
import { getGroup } from "./get-group";

/** The owner changes the name, description or "hide peers' annotations until you post" count. */
export async function updateGroup(viewer: Viewer, groupId: string, input: TUpdateGroupSchema): Promise<GroupDetails> {
  assertCanUpdateGroup(viewer, await findMembership(viewer, groupId));
  const data = ZUpdateGroupSchema.parse(input);
  await db.group.update({ where: { id: groupId }, data });
  return getGroup(viewer, groupId);
}
