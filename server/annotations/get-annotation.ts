import "server-only";
import type { AnnotationDto, ThreadDto } from "@/lib/annotations/types";
import { assertCan, can, loadAnnotationFor, readableAnnotationsWhere, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";
import { loadAnnotationRowsInOrder } from "./load-annotation-rows";

export async function getAnnotation(viewer: Viewer, id: string): Promise<AnnotationDto> {
  const { access, annotation, isReadingOpen } = await loadAnnotationFor(viewer, id, "read", ANNOTATION_SELECT);
  return toAnnotationDto(annotation, access, { isReadingOpen });
}

/**
 * An annotation with its replies, oldest first. A reply's id gives its whole thread.
 *
 * Authorized by loadAnnotationFor on the row's access fields alone; the replies are chosen by the
 * reading rule as ids; then every row is read by the raw loader and judged again by `can` as it
 * comes (a reply made private in between is left out). Why not `select: ANNOTATION_SELECT` here:
 * Prisma compiled its nine relations anew for the row and again for the replies, ~2/3 of what
 * opening one thread on a large reading cost the server (README, "Performance at class scale").
 */
export async function getThread(viewer: Viewer, id: string): Promise<ThreadDto> {
  const { access, annotation, isReadingOpen } = await loadAnnotationFor(viewer, id, "read");
  const rootId = annotation.parentId ?? annotation.id;
  const replyIds = await db.annotation.findMany({
    where: { AND: [readableAnnotationsWhere(access), { parentId: rootId, deletedAt: null }] },
    select: { id: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const [root, ...replies] = await loadAnnotationRowsInOrder([rootId, ...replyIds.map((reply) => reply.id)]);
  assertCan(access, "read", root?.id === rootId ? root : null);
  return {
    annotation: toAnnotationDto(root, access, { isReadingOpen }),
    replies: replies
      .filter((reply) => reply.deletedAt === null && can(access, "read", reply))
      .map((reply) => toAnnotationDto(reply, access)),
  };
}
