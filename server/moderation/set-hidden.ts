import "server-only";
import type { AnnotationDto } from "@/lib/annotations/types";
import { AppError } from "@/lib/errors";
import { loadAnnotationFor, type Viewer } from "@/server/authz/annotations";
import { ANNOTATION_SELECT, toAnnotationDto } from "@/server/annotations/annotation-dto";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";

/**
 * Hides or restores a whole thread (what readers see is decided by the thread's root), and
 * resolves the open flags on it and its replies: either way an instructor has dealt with them.
 * The live events (thread and replies, with who could read them before) commit with the change.
 */
export async function setHidden(viewer: Viewer, id: string, isHidden: boolean): Promise<AnnotationDto> {
  const { access, annotation } = await loadAnnotationFor(viewer, id, "moderate");
  if (annotation.parentId) throw new AppError("UNPROCESSABLE", "Hide or restore the whole thread, not one reply.");
  const now = new Date();
  const row = await mutateAnnotations({ actorId: access.id }, async (tx, record) => {
    await record.threadsBefore([annotation.id], isHidden ? "hidden" : "restored");
    const updated = await tx.annotation.update({
      where: { id: annotation.id },
      data: isHidden ? { hiddenAt: annotation.hiddenAt ?? now, hiddenById: access.id } : { hiddenAt: null, hiddenById: null },
      select: ANNOTATION_SELECT,
    });
    await tx.flag.updateMany({
      where: { resolvedAt: null, annotation: { OR: [{ id: annotation.id }, { parentId: annotation.id }] } },
      data: { resolvedAt: now },
    });
    return updated;
  });
  return toAnnotationDto(row, access);
}
