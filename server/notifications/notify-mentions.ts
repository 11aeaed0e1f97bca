import "server-only";
import { findMentionedNames } from "@/lib/notifications/find-mentions";
import { db } from "@/server/db/client";
import { createNotifications } from "./create-notifications";

/**
 * @mentions in an annotation or reply posted to a group scope: each member of that group whose
 * whole name follows an "@" is told — if they can read it (an instructors-only note mentioning a
 * plain member does not reach them). Outside a group scope, names mean nothing.
 */
export async function notifyMentions(annotationId: string): Promise<void> {
  const annotation = await db.annotation.findUnique({ where: { id: annotationId }, select: { authorId: true, body: true, groupId: true } });
  if (!annotation?.groupId || !annotation.body.includes("@")) return;
  const members = await db.membership.findMany({
    where: { groupId: annotation.groupId },
    select: { user: { select: { id: true, name: true } } },
  });
  const mentioned = new Set(findMentionedNames(annotation.body, [...new Set(members.map((member) => member.user.name))]));
  const recipients = members.filter((member) => mentioned.has(member.user.name)).map((member) => member.user.id);
  await createNotifications("mention", annotationId, annotation.authorId, recipients);
}
