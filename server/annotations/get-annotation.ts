import "server-only";
import type { AnnotationDto, ThreadDto } from "@/lib/annotations/types";
import { ACCESS_FIELDS, assertCan, loadViewerAccess, readableAnnotationsWhere, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";

/** What a single read decides with: the DTO's columns plus every column the decision needs (feedback, hidden threads). */
const READ_SELECT = { ...ANNOTATION_SELECT, ...ACCESS_FIELDS } as const;

export async function getAnnotation(viewer: Viewer, id: string): Promise<AnnotationDto> {
  const row = await db.annotation.findUnique({ where: { id }, select: READ_SELECT });
  assertCan(await loadViewerAccess(viewer, { documentId: row?.documentId }), "read", row);
  return toAnnotationDto(row!);
}

/** An annotation with its replies, oldest first. A reply's id gives its whole thread. */
export async function getThread(viewer: Viewer, id: string): Promise<ThreadDto> {
  const row = await db.annotation.findUnique({ where: { id }, select: READ_SELECT });
  const access = await loadViewerAccess(viewer, { documentId: row?.documentId });
  assertCan(access, "read", row);
  const root = row!.parentId ? await db.annotation.findUnique({ where: { id: row!.parentId }, select: READ_SELECT }) : row;
  assertCan(access, "read", root);
  const replies = await db.annotation.findMany({
    where: { AND: [readableAnnotationsWhere(access), { parentId: root!.id, deletedAt: null }] },
    select: ANNOTATION_SELECT,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return { annotation: toAnnotationDto(root!), replies: replies.map(toAnnotationDto) };
}
