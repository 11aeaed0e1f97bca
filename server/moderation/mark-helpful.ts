import "server-only";
import type { HelpfulDto } from "@/lib/moderation/schemas";
import { loadAnnotationFor, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";

/** A member marks a peer's annotation helpful (idempotent). */
export async function markHelpful(viewer: Viewer, id: string): Promise<HelpfulDto> {
  const { access, annotation } = await loadAnnotationFor(viewer, id, "mark-helpful");
  // The helpful count is part of what readers see: the mark and its live event commit together.
  await mutateAnnotations({ actorId: access.id }, async (tx, record) => {
    await tx.helpful.upsert({
      where: { annotationId_userId: { annotationId: annotation.id, userId: access.id } },
      create: { annotationId: annotation.id, userId: access.id },
      update: {},
    });
    record({ documentId: annotation.documentId, annotationId: annotation.id, change: "helpful" });
  });
  return {
    annotationId: annotation.id,
    helpfulCount: await db.helpful.count({ where: { annotationId: annotation.id } }),
    isHelpfulToMe: true,
  };
}
