import "server-only";
import { ZUpdateGroupSchema, type GroupDetails, type TUpdateGroupSchema } from "@/lib/groups/schemas";
import { loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { getGroup } from "./get-group";

/** The owner changes the name, description, "hide peers' annotations until you post" count, score release or time zone. */
export async function updateGroup(viewer: Viewer, groupId: string, input: TUpdateGroupSchema): Promise<GroupDetails> {
  await loadMembershipFor(viewer, groupId, "update");
  const data = ZUpdateGroupSchema.parse(input);
  await db.group.update({ where: { id: groupId }, data });
  return getGroup(viewer, groupId);
}
