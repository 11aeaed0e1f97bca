import "server-only";
import { AppError } from "@/lib/errors";
import type { RubricPoints } from "@/lib/review/rubric";
import { loadAnnotationFor, type Viewer } from "@/server/authz/annotations";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";

export type ScoreDto = { annotationId: string; points: RubricPoints | null };

/**
 * An instructor scores a student's thread on the rubric, or clears the score (`points` null).
 * Only the staff of the annotation's group ("moderate"), only top-level annotations in a group
 * scope: a reply or a private note is not coursework. Whoever set it last is the scorer.
 * It goes through the one mutation path but records no live event: a score is not part of what
 * readers see, and the stream must not tell a class that a thread was just scored.
 */
export async function setScore(viewer: Viewer, annotationId: string, points: RubricPoints | null): Promise<ScoreDto> {
  const { access, annotation } = await loadAnnotationFor(viewer, annotationId, "moderate");
  if (annotation.parentId !== null || annotation.groupId === null) {
    throw new AppError("UNPROCESSABLE", "Only a group's top-level annotations are scored, not replies.");
  }
  await mutateAnnotations({ actorId: access.id }, async (tx) => {
    if (points === null) {
      await tx.score.deleteMany({ where: { annotationId } });
    } else {
      await tx.score.upsert({
        where: { annotationId },
        create: { annotationId, scorerId: access.id, points },
        update: { scorerId: access.id, points },
      });
    }
  });
  return { annotationId, points };
}
