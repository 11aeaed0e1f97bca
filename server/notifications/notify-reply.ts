import "server-only";
import { db } from "@/server/db/client";
import { createNotifications } from "./create-notifications";

/** A reply in my thread, by someone else: tells the thread's author. */
export async function notifyReply(replyId: string): Promise<void> {
  const reply = await db.annotation.findUnique({
    where: { id: replyId },
    select: { authorId: true, parent: { select: { authorId: true } } },
  });
  if (!reply?.parent) return;
  await createNotifications("reply", replyId, reply.authorId, [reply.parent.authorId]);
}
