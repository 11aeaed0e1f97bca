import "server-only";
import type { AnnotationDto } from "@/lib/annotations/types";
import { loadAnnotationFor, type Viewer } from "@/server/authz/annotations";
import { ANNOTATION_SELECT, toAnnotationDto } from "@/server/annotations/annotation-dto";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";

/**
 * Hides or restores a whole thread (what readers see is decided by the thread's root), or one
 * reply in it, and resolves the open flags on what was hidden: either way its moderator has dealt
 * with them. Who may: can(…, "hide") — a thread, its group's staff; a reply, its thread's
 * moderators (the group's staff, or the author of a thread shared with everyone signed in). The
 * live events (with who could read each before) commit with the change.
 */
export async function setHidden(viewer: Viewer, id: string, isHidden: boolean): Promise<AnnotationDto> {
  const { access, annotation } = await loadAnnotationFor(viewer, id, "hide");
  const isReply = annotation.parentId !== null;
  const now = new Date();
  const row = await mutateAnnotations({ actorId: access.id }, async (tx, record) => {
    const change = isHidden ? "hidden" : "restored";
    if (isReply) record({ documentId: annotation.documentId, annotationId: annotation.id, change, before: annotation });
    else await record.threadsBefore([annotation.id], change);
    const updated = await tx.annotation.update({
      where: { id: annotation.id },
      data: isHidden ? { hiddenAt: annotation.hiddenAt ?? now, hiddenById: access.id } : { hiddenAt: null, hiddenById: null },
      select: ANNOTATION_SELECT,
    });
    await tx.flag.updateMany({
      where: {
        resolvedAt: null,
        annotation: isReply ? { id: annotation.id } : { OR: [{ id: annotation.id }, { parentId: annotation.id }] },
      },
      data: { resolvedAt: now },
    });
    return updated;
  });
  return toAnnotationDto(row, access);
}
