import "server-only";
import type { HelpfulDto } from "@/lib/moderation/schemas";
import type { Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { loadAnnotationFor } from "./load-annotation-for";

/** Takes a helpful mark back (idempotent). */
export async function unmarkHelpful(viewer: Viewer, id: string): Promise<HelpfulDto> {
  const { access, annotation } = await loadAnnotationFor(viewer, id, "mark-helpful");
  await db.helpful.deleteMany({ where: { annotationId: annotation.id, userId: access.id } });
  return { annotationId: annotation.id, helpfulCount: await db.helpful.count({ where: { annotationId: annotation.id } }), isHelpfulToMe: false };
}
