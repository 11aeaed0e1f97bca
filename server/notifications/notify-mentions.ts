import "server-only";
import { findMentionedNames } from "@/lib/notifications/find-mentions";
import { db } from "@/server/db/client";
import { createNotifications } from "./create-notifications";

/** What the mention pass reads of the annotation or reply just saved. */
export type MentioningAnnotation = { id: string; authorId: string; body: string; groupId: string | null };

/**
 * @mentions in an annotation or reply posted to a group scope: each member of that group whose
 * whole name follows an "@" is told — if they can read it (an instructors-only note mentioning a
 * plain member does not reach them). Outside a group scope, names mean nothing.
 */
export async function notifyMentions(annotation: MentioningAnnotation): Promise<void> {
  // The row as just saved, not read again: most notes mention nobody, and a create under load
  // should not pay a query to learn that.
  if (!annotation.groupId || !annotation.body.includes("@")) return;
  const members = await db.membership.findMany({
    where: { groupId: annotation.groupId },
    select: { user: { select: { id: true, name: true } } },
  });
  const mentioned = new Set(findMentionedNames(annotation.body, [...new Set(members.map((member) => member.user.name))]));
  const recipients = members.filter((member) => mentioned.has(member.user.name)).map((member) => member.user.id);
  await createNotifications("mention", annotation.id, annotation.authorId, recipients);
}
