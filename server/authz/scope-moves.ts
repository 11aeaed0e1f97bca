import "server-only";
import { isAudienceWithin, type Scope } from "@/lib/annotations/scopes";
import { AppError } from "@/lib/errors";
import type { Database } from "@/server/db/client";

/**
 * What a thread's author may not do by moving it to another scope (issue #11):
 *
 * - **Others' words stay with the readers they wrote for.** While anyone else has replied (an
 *   instructor's feedback included), the thread may only move where all its new readers could
 *   already read it: narrower (group → its instructors → only me), never wider or to another group.
 * - **Moderation stays in the group that gave it.** A thread its group's staff hid or scored, or
 *   that members flagged, stays in that group's scopes: moving it elsewhere and back (through a
 *   group its author owns, where they could restore or re-score it) would launder the decision.
 *
 * Checked inside the move's transaction, so a reply or a score that lands meanwhile is seen.
 * Refused moves answer 409 and say why; nothing moves.
 */
type Reader = Pick<Database, "annotation" | "score" | "flag">;

export async function assertScopeMovesAllowed(db: Reader, threadIds: readonly string[], target: Scope): Promise<void> {
  const threads = await db.annotation.findMany({
    where: { id: { in: [...threadIds] } },
    select: { id: true, authorId: true, visibility: true, groupId: true, hiddenAt: true, group: { select: { name: true } } },
  });
  const [othersReplies, scores, flags] = await Promise.all([
    db.annotation.findMany({ where: { parentId: { in: [...threadIds] }, deletedAt: null }, select: { parentId: true, authorId: true } }),
    db.score.findMany({ where: { annotationId: { in: [...threadIds] } }, select: { annotationId: true } }),
    db.flag.findMany({ where: { annotationId: { in: [...threadIds] } }, select: { annotationId: true } }),
  ]);
  const reviewed = new Set([...scores, ...flags].map((row) => row.annotationId));
  for (const thread of threads) {
    const current = { visibility: thread.visibility, groupId: thread.groupId } as Scope;
    const isSameGroup = current.groupId !== null && current.groupId === target.groupId;
    if (current.groupId !== null && !isSameGroup && (thread.hiddenAt !== null || reviewed.has(thread.id))) {
      throw new AppError(
        "CONFLICT",
        `This thread was reviewed in ${thread.group?.name ?? "its group"} (hidden, scored or flagged), so it stays in that group. Nothing was moved.`,
      );
    }
    const hasOthersReplies = othersReplies.some((reply) => reply.parentId === thread.id && reply.authorId !== thread.authorId);
    if (hasOthersReplies && !isAudienceWithin(target, current)) {
      throw new AppError(
        "CONFLICT",
        "Others have replied in this thread, and their replies stay with the readers they wrote for: it can only move to a narrower scope (its group's instructors, or only you). Nothing was moved.",
      );
    }
  }
}
