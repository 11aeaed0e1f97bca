import "server-only";
import type { RubricPoints } from "@/lib/review/rubric";
import { assertCanAssess, loadAnnotationFor, type Viewer } from "@/server/authz/annotations";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";

export type ScoreDto = { annotationId: string; points: RubricPoints | null };

/**
 * An instructor scores a student's annotation or reply on the rubric, or clears the score
 * (`points` null). Only the staff of its group, never their own writing, never feedback, and only
 * in a group's scopes: a private note is not coursework (server/authz `assertCanAssess`). Whoever
 * set it last is the scorer. Its author sees it once released: at once in a group that releases
 * at once (then it counts as released, so switching the group to "by hand" later takes nothing
 * back), otherwise from the review page's "Release scores"; changing a released score keeps it
 * released. It goes through the one mutation path but records no live event: the stream must not
 * tell a class that someone was just scored.
 */
export async function setScore(viewer: Viewer, annotationId: string, points: RubricPoints | null): Promise<ScoreDto> {
  const { access, annotation } = await loadAnnotationFor(viewer, annotationId, "moderate", { group: { select: { scoreRelease: true } } });
  assertCanAssess(access, annotation);
  const releasedAt = annotation.group?.scoreRelease === "immediate" ? new Date() : null;
  await mutateAnnotations({ actorId: access.id }, async (tx) => {
    if (points === null) {
      await tx.score.deleteMany({ where: { annotationId } });
    } else {
      await tx.score.upsert({
        where: { annotationId },
        create: { annotationId, scorerId: access.id, points, releasedAt },
        update: { scorerId: access.id, points, ...(releasedAt && { releasedAt }) },
      });
    }
  });
  return { annotationId, points };
}
