import "server-only";
import { db } from "@/server/db/client";

/**
 * The zone a group's assignment times are typed in, or null (none set, or no such group). Not a
 * secret and gated by nothing: it only decides how a form's wall-clock times are read, and the
 * action that reads them then asks server/authz whether the caller may create the assignment.
 */
export async function groupTimeZone(groupId: string): Promise<string | null> {
  const group = await db.group.findUnique({ where: { id: groupId }, select: { timeZone: true } });
  return group?.timeZone ?? null;
}
