import "server-only";
import { AppError } from "@/lib/errors";
import type { RubricPoints } from "@/lib/review/rubric";
import { ACCESS_FIELDS, assertCan, loadViewerAccess, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";

export type ScoreDto = { annotationId: string; points: RubricPoints | null };

/**
 * An instructor scores a student's thread on the rubric, or clears the score (`points` null).
 * Only the staff of the annotation's group ("moderate"), only top-level annotations in a group
 * scope: a reply or a private note is not coursework. Whoever set it last is the scorer.
 */
export async function setScore(viewer: Viewer, annotationId: string, points: RubricPoints | null): Promise<ScoreDto> {
  const annotation = await db.annotation.findUnique({ where: { id: annotationId }, select: { ...ACCESS_FIELDS, documentId: true } });
  assertCan(await loadViewerAccess(viewer, { documentId: annotation?.documentId }), "moderate", annotation);
  if (annotation!.parentId !== null || annotation!.groupId === null) {
    throw new AppError("UNPROCESSABLE", "Only a group's top-level annotations are scored, not replies.");
  }
  if (points === null) {
    await db.score.deleteMany({ where: { annotationId } });
  } else {
    await db.score.upsert({
      where: { annotationId },
      create: { annotationId, scorerId: viewer!.id, points },
      update: { scorerId: viewer!.id, points },
    });
  }
  return { annotationId, points };
}
