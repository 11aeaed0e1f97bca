import "server-only";
import type { HelpfulDto } from "@/lib/moderation/schemas";
import { loadAnnotationFor, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";

/** Takes a helpful mark back (idempotent). */
export async function unmarkHelpful(viewer: Viewer, id: string): Promise<HelpfulDto> {
  const { access, annotation } = await loadAnnotationFor(viewer, id, "mark-helpful");
  // The helpful count is part of what readers see: taking the mark back and its live event commit
  // together; taking back a mark that was not there records (and announces) nothing.
  await mutateAnnotations({ actorId: access.id }, async (tx, record) => {
    const { count } = await tx.helpful.deleteMany({ where: { annotationId: annotation.id, userId: access.id } });
    if (count > 0) record({ documentId: annotation.documentId, annotationId: annotation.id, change: "helpful" });
  });
  return {
    annotationId: annotation.id,
    helpfulCount: await db.helpful.count({ where: { annotationId: annotation.id } }),
    isHelpfulToMe: false,
  };
}
