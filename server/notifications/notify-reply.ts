import "server-only";
import { db } from "@/server/db/client";
import { createNotifications } from "./create-notifications";

/**
 * A reply in my thread, by someone else: tells the thread's author. Feedback tells only the author
 * of what it is about ("Your instructor left feedback"), never the thread's author as a reply would.
 */
export async function notifyReply(replyId: string): Promise<void> {
  const reply = await db.annotation.findUnique({
    where: { id: replyId },
    select: { authorId: true, isFeedback: true, parent: { select: { authorId: true } }, feedbackOn: { select: { authorId: true } } },
  });
  if (!reply?.parent) return;
  if (reply.isFeedback) {
    if (reply.feedbackOn) await createNotifications("feedback", replyId, reply.authorId, [reply.feedbackOn.authorId]);
    return;
  }
  await createNotifications("reply", replyId, reply.authorId, [reply.parent.authorId]);
}
