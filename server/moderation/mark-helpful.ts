import "server-only";
import type { HelpfulDto } from "@/lib/moderation/schemas";
import type { Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { announce } from "@/server/live/bus";
import { recordAnnotationEvent } from "@/server/live/record-annotation-event";
import { loadAnnotationFor } from "./load-annotation-for";

/** A member marks a peer's annotation helpful (idempotent). */
export async function markHelpful(viewer: Viewer, id: string): Promise<HelpfulDto> {
  const { access, annotation } = await loadAnnotationFor(viewer, id, "mark-helpful");
  // The helpful count is part of what readers see: the mark and its live event commit together.
  await db.$transaction(async (tx) => {
    await tx.helpful.upsert({
      where: { annotationId_userId: { annotationId: annotation.id, userId: access.id } },
      create: { annotationId: annotation.id, userId: access.id },
      update: {},
    });
    await recordAnnotationEvent(tx, { documentId: annotation.documentId, annotationId: annotation.id, kind: "updated", actorId: access.id });
  });
  await announce({ documentId: annotation.documentId });
  return { annotationId: annotation.id, helpfulCount: await db.helpful.count({ where: { annotationId: annotation.id } }), isHelpfulToMe: true };
}
