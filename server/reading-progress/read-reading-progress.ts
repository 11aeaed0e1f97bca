import "server-only";
import type { ReadingProgressDto } from "@/lib/reading-progress/schemas";
import { db } from "@/server/db/client";
import { isReadingProgressOn } from "./reading-progress-switch";

export type ReadingProgress = ReadingProgressDto & {
  /** 0–1 of the reading, by the furthest paragraph seen: what grading reads. */
  fraction: number;
};

/**
 * The reading progress of `userIds` on a document, each reader present (nothing read: 0 %, 0 min).
 * Null when the deployment does not record reading progress: then it is neither shown nor graded.
 * Callers have authorized the viewer for these readers (server/authz/assignments.ts, "see-progress").
 */
export async function readReadingProgress(documentId: string, userIds: readonly string[]): Promise<Map<string, ReadingProgress> | null> {
  if (!isReadingProgressOn()) return null;
  const [furthest, time] = await Promise.all([
    db.readingProgress.findMany({ where: { documentId, userId: { in: [...userIds] } }, select: { userId: true, furthestPermille: true } }),
    db.readingSession.groupBy({
      by: ["userId"],
      where: { documentId, userId: { in: [...userIds] } },
      _sum: { activeSeconds: true },
    }),
  ]);
  const permilleOf = new Map(furthest.map((row) => [row.userId, row.furthestPermille]));
  const secondsOf = new Map(time.map((row) => [row.userId, row._sum.activeSeconds ?? 0]));
  return new Map(
    userIds.map((userId) => {
      const permille = permilleOf.get(userId) ?? 0;
      return [
        userId,
        {
          fraction: permille / 1000,
          furthestPercent: Math.floor(permille / 10),
          activeMinutes: Math.floor((secondsOf.get(userId) ?? 0) / 60),
        },
      ];
    }),
  );
}
