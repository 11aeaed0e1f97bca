import "server-only";
import type { AnnotationDto } from "@/lib/annotations/types";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";

/**
 * A create (annotation or reply) is idempotent by client token: when a retried save finds the
 * first attempt already stored, that is the answer. A token someone else used is a conflict.
 */
export async function findRetriedCreate(authorId: string, clientToken: string | undefined): Promise<AnnotationDto | null> {
  if (!clientToken) return null;
  const earlier = await db.annotation.findUnique({ where: { clientToken }, select: ANNOTATION_SELECT });
  if (!earlier) return null;
  if (earlier.authorId !== authorId) throw new AppError("CONFLICT", "That clientToken is already in use.");
  return toAnnotationDto(earlier);
}
