import "server-only";
import { assertCanCreateAssignment } from "@/server/authz/assignments";
import { readableByWholeGroupWhere } from "@/server/authz/documents";
import { findMembership, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";

/** The readings the staff may assign to the group (what every member can read: public, or shared with it), by title. */
export async function listAssignableReadings(viewer: Viewer, groupId: string): Promise<Array<{ slug: string; title: string }>> {
  assertCanCreateAssignment(viewer, await findMembership(viewer, groupId));
  return db.document.findMany({
    where: readableByWholeGroupWhere(groupId),
    select: { slug: true, title: true },
    orderBy: { title: "asc" },
  });
}
