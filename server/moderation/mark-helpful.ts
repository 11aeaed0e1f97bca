import "server-only";
import type { HelpfulDto } from "@/lib/moderation/schemas";
import type { Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { loadAnnotationFor } from "./load-annotation-for";

/** A member marks a peer's annotation helpful (idempotent). */
export async function markHelpful(viewer: Viewer, id: string): Promise<HelpfulDto> {
  const { access, annotation } = await loadAnnotationFor(viewer, id, "mark-helpful");
  await db.helpful.upsert({
    where: { annotationId_userId: { annotationId: annotation.id, userId: access.id } },
    create: { annotationId: annotation.id, userId: access.id },
    update: {},
  });
  return { annotationId: annotation.id, helpfulCount: await db.helpful.count({ where: { annotationId: annotation.id } }), isHelpfulToMe: true };
}
