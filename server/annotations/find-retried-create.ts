import "server-only";
import type { AnnotationDto } from "@/lib/annotations/types";
import { AppError } from "@/lib/errors";
import type { ViewerAccess } from "@/server/authz/annotations";
import { db, Prisma } from "@/server/db/client";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";

/**
 * A create (annotation or reply) is idempotent by client token: when a retried save finds the
 * first attempt already stored, that is the answer. A token someone else used is a conflict.
 */
export async function findRetriedCreate(author: ViewerAccess, clientToken: string | undefined): Promise<AnnotationDto | null> {
  if (!clientToken) return null;
  const earlier = await db.annotation.findUnique({ where: { clientToken }, select: ANNOTATION_SELECT });
  if (!earlier) return null;
  if (earlier.authorId !== author.id) throw new AppError("CONFLICT", "That clientToken is already in use.");
  return toAnnotationDto(earlier, author);
}

/**
 * Runs a create; if a concurrent request with the same client token committed first (the unique
 * index on clientToken refuses the second insert, as PostgreSQL does when two retries race), the
 * answer is that first annotation. On SQLite the writes serialise and the check before the
 * insert already catches it; on PostgreSQL both requests can pass that check at once.
 */
export async function createOnce(
  author: ViewerAccess,
  clientToken: string | undefined,
  create: () => Promise<AnnotationDto>,
): Promise<AnnotationDto> {
  try {
    return await create();
  } catch (error) {
    if (!clientToken || !isClientTokenConflict(error)) throw error;
    const earlier = await findRetriedCreate(author, clientToken);
    if (!earlier) throw error;
    return earlier;
  }
}

function isClientTokenConflict(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  return error.message.includes("clientToken") || JSON.stringify(error.meta ?? {}).includes("clientToken");
}
