import "server-only";
import { DELETED_READING_VISIBILITY } from "@/lib/documents/reading-visibility";
import { AppError } from "@/lib/errors";
import { ACCESS_FIELDS } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { announceCredentialsChanged } from "@/server/outbox/bus";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import { verifyPassword } from "./password";
import { type AttemptSource, throttlePasswordCheck } from "./sign-in-throttle";

/** The name others see on what stays of a closed account: the replies kept under its threads' places, its scores and feedback. */
export const CLOSED_ACCOUNT_NAME = "Deleted account";

export type CloseAccountInput = { email: string; password: string };
export type CloseAccountResult = { deletedAnnotations: number; deletedReplies: number; keptThreads: number; deletedReadings: number };

/**
 * Closes an account for good (QA round 4, #8: there was no way to leave). Whose words are whose
 * decides what goes:
 *
 * - **Everything that is only theirs goes**: their annotations and replies, readings, reading
 *   progress, preferences, API tokens, connected sign-in services, notifications, group
 *   memberships, invite links, helpful marks and flags.
 * - **What others wrote stays theirs**: a thread of theirs that others answered is emptied and
 *   kept (as deleting it always does), so the answers still read; a reading of theirs that others
 *   annotated closes to everyone (as deleting a reading does) and each author keeps their notes;
 *   one a group set as an assignment stays as it is shared (it is the group's coursework now).
 * - **What they did for others stays**: scores and feedback they gave as an instructor, assignments
 *   they set, grades built on those. So the person is not deleted but emptied: no name (shown as
 *   "Deleted account"), no address (a placeholder no mail reaches), no way to sign in (no
 *   password, no connected service, every session ended).
 *
 * Refused (409, nothing done) while they own a group: its members' work there is not theirs to take
 * away, and a group needs its owner; they delete it (or it ends) first. Asks for the account's
 * address typed out, and its password when it has one (counted as a sign-in attempt). One
 * transaction, with live events for every note that leaves an open page.
 */
export async function closeAccount(userId: string, input: CloseAccountInput, source: AttemptSource): Promise<CloseAccountResult> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (input.email.trim().toLowerCase() !== user.email) {
    throw new AppError("UNPROCESSABLE", `Type your account's address, ${user.email}, to confirm.`);
  }
  if (user.passwordHash) {
    const verified = await throttlePasswordCheck({ email: user.email, ...source }, async () =>
      (await verifyPassword(user.passwordHash!, input.password)) ? true : null,
    );
    if (!verified) throw new AppError("UNPROCESSABLE", "That is not your password.");
  }
  const ownedGroups = await db.group.findMany({
    where: { memberships: { some: { userId, role: "owner" } } },
    select: { name: true },
    orderBy: { name: "asc" },
  });
  if (ownedGroups.length > 0) {
    const names = ownedGroups.map((group) => `“${group.name}”`).join(", ");
    throw new AppError(
      "CONFLICT",
      `You own ${ownedGroups.length === 1 ? "a group" : `${ownedGroups.length} groups`}: ${names}. Its members' work is theirs, and a group needs its owner: delete ${ownedGroups.length === 1 ? "it" : "them"} first, on ${ownedGroups.length === 1 ? "its page" : "their pages"}. Nothing was deleted.`,
    );
  }

  const result = await mutateAnnotations(
    {
      actorId: userId,
      transaction: { timeout: 120_000, maxWait: 30_000 },
      // Its own scripts writing as fast as they may must not keep the person from leaving (QA round 5).
      isOutsideWriteRate: true,
    },
    async (tx, record) => {
      // A reading a group set as an assignment is the group's coursework now: it stays, as it is shared.
      const readings = await tx.document.findMany({ where: { ownerId: userId, assignments: { none: {} } }, select: { id: true } });

      // Their replies first (not the feedback they gave as an instructor: that is the student's now);
      // then a thread of theirs still holding an undeleted reply holds someone else's.
      const theirReplies = { authorId: userId, parentId: { not: null }, isFeedback: false };
      const replies = await tx.annotation.findMany({ where: theirReplies, select: { ...ACCESS_FIELDS, documentId: true } });
      await tx.annotation.deleteMany({ where: theirReplies });
      const threads = await tx.annotation.findMany({
        where: { authorId: userId, parentId: null },
        select: { ...ACCESS_FIELDS, documentId: true, replies: { where: { deletedAt: null }, select: { id: true }, take: 1 } },
      });
      const live = threads.filter((thread) => thread.deletedAt === null);
      const keptCount = live.filter((thread) => thread.replies.length > 0).length;
      const toEmpty = { authorId: userId, parentId: null, deletedAt: null, replies: { some: { deletedAt: null } } };
      await tx.annotationTag.deleteMany({ where: { annotation: toEmpty } });
      await tx.annotation.updateMany({ where: toEmpty, data: { body: "", deletedAt: new Date() } });
      await tx.annotation.deleteMany({ where: { authorId: userId, parentId: null, replies: { none: { deletedAt: null } } } });
      for (const row of [...replies, ...live]) {
        if (row.deletedAt === null) record({ documentId: row.documentId, annotationId: row.id, change: "deleted", before: row });
      }

      // Their readings: gone, or (others annotated them) closed to everyone, as deleting a reading does.
      let deletedReadings = 0;
      for (const reading of readings) {
        const othersNotes = await tx.annotation.count({ where: { documentId: reading.id } });
        if (othersNotes === 0) await tx.document.delete({ where: { id: reading.id } });
        else await tx.document.update({ where: { id: reading.id }, data: { visibility: DELETED_READING_VISIBILITY, groupId: null } });
        deletedReadings += 1;
      }

      const mine = { where: { userId } };
      // What others were told about their words (replies, mentions) points at nothing now; feedback stays.
      await tx.notification.deleteMany({ where: { actorId: userId, kind: { not: "feedback" } } });
      await tx.helpful.deleteMany(mine);
      await tx.flag.deleteMany(mine);
      await tx.membership.deleteMany(mine);
      await tx.invite.deleteMany({ where: { createdById: userId } });
      await tx.apiToken.deleteMany(mine);
      await tx.account.deleteMany(mine);
      await tx.readerPreference.deleteMany(mine);
      await tx.readingProgress.deleteMany(mine);
      await tx.readingSession.deleteMany(mine);
      await tx.notification.deleteMany(mine);
      await tx.emailVerification.deleteMany(mine);
      await tx.deletedAnnotation.deleteMany({ where: { authorId: userId } });
      await tx.gradeOverride.deleteMany(mine);
      await tx.releasedGrade.deleteMany(mine);
      await tx.readerPresence.deleteMany(mine);
      await tx.user.update({
        where: { id: userId },
        data: {
          name: CLOSED_ACCOUNT_NAME,
          // Unique, and no mail reaches it: the address is free for a new account at once.
          email: `closed-${userId}@closed.invalid`,
          passwordHash: null,
          emailVerifiedAt: null,
          sessionVersion: { increment: 1 },
        },
      });
      return {
        deletedAnnotations: live.length - keptCount,
        deletedReplies: replies.filter((reply) => reply.deletedAt === null).length,
        keptThreads: keptCount,
        deletedReadings,
      };
    },
  );
  await announceCredentialsChanged(); // its devices' live streams end now
  return result;
}
