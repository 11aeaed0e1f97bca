import "server-only";
import type { AnnotationDto, ThreadDto } from "@/lib/annotations/types";
import { assertCan, loadAnnotationFor, readableAnnotationsWhere, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";

export async function getAnnotation(viewer: Viewer, id: string): Promise<AnnotationDto> {
  const { access, annotation } = await loadAnnotationFor(viewer, id, "read", ANNOTATION_SELECT);
  return toAnnotationDto(annotation, access);
}

/** An annotation with its replies, oldest first. A reply's id gives its whole thread. */
export async function getThread(viewer: Viewer, id: string): Promise<ThreadDto> {
  const { access, annotation: row } = await loadAnnotationFor(viewer, id, "read", ANNOTATION_SELECT);
  const root = row.parentId ? await db.annotation.findUnique({ where: { id: row.parentId }, select: ANNOTATION_SELECT }) : row;
  assertCan(access, "read", root);
  const replies = await db.annotation.findMany({
    where: { AND: [readableAnnotationsWhere(access), { parentId: root!.id, deletedAt: null }] },
    select: ANNOTATION_SELECT,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return { annotation: toAnnotationDto(root!, access), replies: replies.map((reply) => toAnnotationDto(reply, access)) };
}
