import "server-only";
import type { HelpfulDto } from "@/lib/moderation/schemas";
import type { Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { announce } from "@/server/live/bus";
import { recordAnnotationEvent } from "@/server/live/record-annotation-event";
import { loadAnnotationFor } from "./load-annotation-for";

/** Takes a helpful mark back (idempotent). */
export async function unmarkHelpful(viewer: Viewer, id: string): Promise<HelpfulDto> {
  const { access, annotation } = await loadAnnotationFor(viewer, id, "mark-helpful");
  // The helpful count is part of what readers see: taking the mark back and its live event commit together.
  const isChanged = await db.$transaction(async (tx) => {
    const { count } = await tx.helpful.deleteMany({ where: { annotationId: annotation.id, userId: access.id } });
    if (count > 0) {
      await recordAnnotationEvent(tx, { documentId: annotation.documentId, annotationId: annotation.id, kind: "updated", actorId: access.id });
    }
    return count > 0;
  });
  if (isChanged) await announce({ documentId: annotation.documentId });
  return { annotationId: annotation.id, helpfulCount: await db.helpful.count({ where: { annotationId: annotation.id } }), isHelpfulToMe: false };
}
