import "server-only";
import { AppError } from "@/lib/errors";
import type { ReleaseScoresResult } from "@/lib/review/score-release";
import { loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { getDocumentBySlug } from "@/server/documents/get-document";

/**
 * "Release scores": from now on, each student sees the scores given so far on their annotations
 * and replies in the group on this document (server/authz `visibleScore`). For the group's owner
 * and instructors — those who review (404 for non-members, 403 for members). Scores given later
 * wait for the next release, unless the group releases at once.
 */
export async function releaseScores(viewer: Viewer, groupId: string, documentSlug: string): Promise<ReleaseScoresResult> {
  await loadMembershipFor(viewer, groupId, "review");
  const document = await getDocumentBySlug(viewer, documentSlug);
  if (!document) throw new AppError("NOT_FOUND", `No document "${documentSlug}".`);
  const { count } = await releaseScoresOfGroupWork(groupId, document.id, new Date());
  return { released: count };
}

/**
 * How many scores on the group's work (not deleted) on the document wait for a release: none where
 * the group shows each score as it is given. Said beside "Release scores" on the review page and,
 * once grades are out, on the assignment page. Callers authorize. A caller that has read the
 * group's `scoreRelease` already passes it, so the count and what the page says of the mode agree.
 */
export async function countUnreleasedScores(groupId: string, documentId: string, group?: { scoreRelease: string }): Promise<number> {
  const { scoreRelease } = group ?? (await db.group.findUniqueOrThrow({ where: { id: groupId }, select: { scoreRelease: true } }));
  if (scoreRelease === "immediate") return 0;
  return db.score.count({ where: { releasedAt: null, annotation: { groupId, documentId, deletedAt: null } } });
}

/**
 * The write behind a release: every score not yet released on the group's annotations and replies
 * on the document is released `at`. Lazy (a Prisma promise), so releasing an assignment's grades
 * can run it in the same transaction (server/assignments/release-grades.ts). Callers authorize.
 */
export function releaseScoresOfGroupWork(groupId: string, documentId: string, at: Date) {
  return db.score.updateMany({
    where: { releasedAt: null, annotation: { groupId, documentId } },
    data: { releasedAt: at },
  });
}
