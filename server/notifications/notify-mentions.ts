import "server-only";
import { resolveMentions } from "@/lib/notifications/find-mentions";
import { loadMentionAudience, type MentionScope } from "@/server/authz/mentions";
import { createNotifications } from "./create-notifications";

/** What the mention pass reads of the annotation or reply just saved. */
export type MentioningAnnotation = {
  id: string;
  authorId: string;
  body: string;
  visibility: MentionScope["visibility"];
  groupId: string | null;
};

/**
 * @mentions in an annotation or reply: each member of its audience (server/authz/mentions.ts) it
 * mentions is told — chosen from the @ list (`chosenIds`, exactly that member) or typed as a whole
 * name — if they can read it now (createNotifications asks). Outside a group scope, names mean nothing.
 * After an edit, `bodyBefore` is the words it replaced: a member whose "@Name" they already had was
 * told then (or, in a scope that told nobody, is not told by an edit of other words), so only the
 * newly mentioned are. Without the ids chosen back then, a name counts for every member who has it.
 */
export async function notifyMentions(annotation: MentioningAnnotation, chosenIds: readonly string[], bodyBefore = ""): Promise<void> {
  // The row as just saved, not read again: most notes mention nobody, and a create under load
  // should not pay a query to learn that.
  if (!annotation.groupId || !annotation.body.includes("@")) return;
  const audience = await loadMentionAudience(annotation);
  const mentionedBefore = new Set(resolveMentions(bodyBefore, audience, []));
  const mentioned = resolveMentions(annotation.body, audience, chosenIds).filter((userId) => !mentionedBefore.has(userId));
  await createNotifications("mention", annotation.id, annotation.authorId, mentioned);
}
