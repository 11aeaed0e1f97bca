import "server-only";
import { isAudienceWithin, type Scope } from "@/lib/annotations/scopes";
import { AppError } from "@/lib/errors";
import { STAFF_ROLES } from "@/lib/groups/roles";
import type { Database } from "@/server/db/client";

/**
 * What a thread's author may not do by moving it to another scope (issue #11):
 *
 * - **Others' words stay with the readers they wrote for.** While anyone else has replied (an
 *   instructor's feedback included), the thread may only move where all its new readers could
 *   already read it: narrower (group → its instructors → only me), never wider or to another group.
 * - **…and with the people who wrote them.** Narrower still keeps every one of those repliers: a
 *   reply is readable exactly when its thread is, so a move that left a replier out would take
 *   their own words from them (and from the grades that count them). A thread a classmate answered
 *   stays in the group; one only the staff answered may go to the instructors; only a thread no one
 *   else answered becomes "only me". (Deleting the note is always open to its author: replies stay.)
 * - **Moderation stays in the group that gave it.** A thread its group's staff hid or scored, or
 *   that members flagged, or holding a reply they hid, stays in that group's scopes: moving it
 *   elsewhere and back (through a group its author owns, where they could restore or re-score it)
 *   would launder the decision. A note shared with everyone whose author hid a reply under it
 *   stays shared with everyone, where its author looks after its replies.
 *
 * Checked inside the move's transaction, so a reply or a score that lands meanwhile is seen.
 * Refused moves answer 409 and say why; nothing moves.
 */
type Reader = Pick<Database, "annotation" | "score" | "flag" | "membership" | "group">;

export async function assertScopeMovesAllowed(db: Reader, threadIds: readonly string[], target: Scope): Promise<void> {
  const threads = await db.annotation.findMany({
    where: { id: { in: [...threadIds] } },
    select: { id: true, authorId: true, visibility: true, groupId: true, hiddenAt: true, group: { select: { name: true } } },
  });
  const [othersReplies, scores, flags] = await Promise.all([
    db.annotation.findMany({
      where: { parentId: { in: [...threadIds] }, deletedAt: null },
      select: { parentId: true, authorId: true, hiddenAt: true },
    }),
    db.score.findMany({ where: { annotationId: { in: [...threadIds] } }, select: { annotationId: true } }),
    db.flag.findMany({ where: { annotationId: { in: [...threadIds] } }, select: { annotationId: true } }),
  ]);
  const reviewed = new Set([...scores, ...flags].map((row) => row.annotationId));
  for (const thread of threads) {
    const current = { visibility: thread.visibility, groupId: thread.groupId } as Scope;
    const isSameGroup = current.groupId !== null && current.groupId === target.groupId;
    const hasHiddenReply = othersReplies.some((reply) => reply.parentId === thread.id && reply.hiddenAt !== null);
    if (current.groupId !== null && !isSameGroup && (thread.hiddenAt !== null || reviewed.has(thread.id) || hasHiddenReply)) {
      throw new AppError(
        "CONFLICT",
        `This thread was reviewed in ${thread.group?.name ?? "its group"} (it, or a reply in it, was hidden, scored or flagged), so it stays in that group. Nothing was moved.`,
      );
    }
    // Under a note shared with everyone its author looks after the replies; in a group its staff
    // would, who never hid this one and would hand it back (QA round 5).
    if (current.visibility === "everyone" && target.visibility !== "everyone" && hasHiddenReply) {
      throw new AppError(
        "CONFLICT",
        "You hid a reply in this thread, so it stays shared with everyone signed in, where you look after its replies: show the reply again first to move the thread. Nothing was moved.",
      );
    }
    const repliers = new Set(
      othersReplies.filter((reply) => reply.parentId === thread.id && reply.authorId !== thread.authorId).map((reply) => reply.authorId),
    );
    if (repliers.size === 0) continue;
    if (!isAudienceWithin(target, current)) {
      throw new AppError(
        "CONFLICT",
        "Others have replied in this thread, and their replies stay with the readers they wrote for: it can only move to a narrower scope that still includes everyone who replied. Nothing was moved.",
      );
    }
    const leftOut = await repliersLeftOut(db, [...repliers], current, target);
    if (leftOut > 0) {
      const who = leftOut === 1 ? "1 person who replied" : `${leftOut} people who replied`;
      const where = await scopeName(db, target);
      throw new AppError(
        "CONFLICT",
        `Others have replied in this thread, so it cannot move to ${where}: ${who} could no longer read their own words. You can still delete your note (the replies stay). Nothing was moved.`,
      );
    }
  }
}

/** A scope as the move's refusal names it: "“Only me”", "“Seminar 301”", "the instructors of “Seminar 301” only". */
async function scopeName(db: Reader, scope: Scope): Promise<string> {
  if (scope.groupId === null) return scope.visibility === "everyone" ? "everyone signed in" : "“Only me”";
  const group = await db.group.findUnique({ where: { id: scope.groupId }, select: { name: true } });
  const name = group ? `“${group.name}”` : "that group";
  return scope.visibility === "instructors" ? `the instructors of ${name} only` : name;
}

/**
 * How many of these repliers read the thread now but could not in `target`. One who can no longer
 * read it anyway (they left the group) holds nothing back: the move takes nothing from them.
 */
async function repliersLeftOut(db: Reader, repliers: string[], current: Scope, target: Scope): Promise<number> {
  const [now, after] = await Promise.all([readersAmong(db, repliers, current), readersAmong(db, repliers, target)]);
  return [...now].filter((id) => !after.has(id)).length;
}

/** Which of these people read a thread in `scope` (its author aside): everyone signed in; a group's members; its staff; nobody. */
async function readersAmong(db: Reader, people: string[], scope: Scope): Promise<Set<string>> {
  if (scope.groupId === null) return new Set(scope.visibility === "everyone" ? people : []);
  const members = await db.membership.findMany({
    where: {
      groupId: scope.groupId,
      userId: { in: people },
      ...(scope.visibility === "instructors" ? { role: { in: [...STAFF_ROLES] } } : {}),
    },
    select: { userId: true },
  });
  return new Set(members.map((member) => member.userId));
}
