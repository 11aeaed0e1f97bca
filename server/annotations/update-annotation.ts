import "server-only";
import type { TUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import { AppError } from "@/lib/errors";
import { ACCESS_FIELDS, assertCan, assertCanPostTo, loadViewerAccess, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { announce } from "@/server/live/bus";
import { recordAnnotationEvents } from "@/server/live/record-annotation-event";
import { threadEventsBefore } from "@/server/live/thread-events";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";
import { anchorTarget } from "./create-annotation";

/**
 * Edits body, tags, colour or visibility (moving the thread to another scope, replies with it), moves the highlight to a new span (`target`), or
 * resolves/reopens the thread (`resolved`). All or nothing: one transaction, with its live events
 * (a move records one per reply too, with who could read them before).
 */
export async function updateAnnotation(viewer: Viewer, id: string, input: TUpdateAnnotationSchema): Promise<AnnotationDto> {
  const existing = await db.annotation.findUnique({
    where: { id },
    select: { ...ACCESS_FIELDS, version: { select: { text: true } } },
  });
  const access = await loadViewerAccess(viewer);
  const { resolved, ...edits } = input;
  if (resolved !== undefined) assertCan(access, "resolve", existing);
  if (Object.keys(edits).length > 0) assertCan(access, "update", existing);
  const annotation = existing!;

  const isReply = annotation.parentId !== null;
  if (isReply && (edits.target || edits.color || edits.visibility || edits.tags)) {
    throw new AppError("BAD_REQUEST", "A reply has only a body: its target, colour, tags and visibility are its thread's.");
  }
  if (edits.visibility) {
    assertCan(access, "move", annotation);
    assertCanPostTo(access!, edits.visibility);
  }
  const anchor = edits.target ? anchorTarget(annotation.version.text, edits.target) : {};

  const actor = { kind: "updated" as const, actorId: access!.id };
  const row = await db.$transaction(async (tx) => {
    const events = edits.visibility ? await threadEventsBefore(tx, [id], actor) : [];
    if (edits.tags) {
      await tx.annotationTag.deleteMany({ where: { annotationId: id } });
      await tx.annotationTag.createMany({ data: edits.tags.map((name) => ({ annotationId: id, name })) });
    }
    if (edits.visibility) {
      // Replies are readable exactly when their thread is.
      await tx.annotation.updateMany({ where: { parentId: id }, data: { ...edits.visibility } });
    }
    const updated = await tx.annotation.update({
      where: { id },
      data: {
        ...anchor,
        ...(edits.body !== undefined && { body: edits.body }),
        ...(edits.color && { color: edits.color }),
        ...edits.visibility,
        ...(resolved !== undefined && { resolvedAt: resolved ? new Date() : null }),
      },
      select: ANNOTATION_SELECT,
    });
    await recordAnnotationEvents(tx, events.length > 0 ? events : [{ documentId: updated.documentId, annotationId: id, ...actor }]);
    return updated;
  });
  await announce({ documentId: row.documentId });
  return toAnnotationDto(row);
}
