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
 */
export async function notifyMentions(annotation: MentioningAnnotation, chosenIds: readonly string[]): Promise<void> {
  // The row as just saved, not read again: most notes mention nobody, and a create under load
  // should not pay a query to learn that.
  if (!annotation.groupId || !annotation.body.includes("@")) return;
  const audience = await loadMentionAudience(annotation);
  await createNotifications("mention", annotation.id, annotation.authorId, resolveMentions(annotation.body, audience, chosenIds));
}
