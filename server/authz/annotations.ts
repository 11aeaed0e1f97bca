import "server-only";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/server/db/generated/client";

/**
 * Who may see or change an annotation: the one place that decides. Pages, route handlers,
 * exports and (later) the live stream all call these; nothing else compares author ids or
 * visibilities. Groups and instructors grow here.
 *
 * Rules today:
 * - Annotations are for signed-in readers: anonymous readers see none (the article stays public).
 * - "private": only the author. "everyone": every signed-in reader.
 * - A reply carries its thread's visibility, so it is readable exactly when its thread is.
 * - Only the author changes or deletes an annotation or reply; anyone who can read a thread can
 *   reply to it; only the thread's author resolves or reopens it.
 * - What a viewer may not read answers 404, exactly like what does not exist.
 */
export type Viewer = { id: string } | null;

export type AnnotationAction = "read" | "reply" | "update" | "delete" | "resolve";

/** The columns a decision needs; select these whenever a decision is to be made. */
export const ACCESS_FIELDS = {
  id: true,
  authorId: true,
  visibility: true,
  groupId: true,
  parentId: true,
  deletedAt: true,
} as const satisfies Prisma.AnnotationSelect;

export type AnnotationAccessFields = { authorId: string; visibility: string; parentId: string | null; deletedAt: Date | null };

/** The Prisma filter for "annotations this viewer may read": used by every list and export. */
export function readableAnnotationsWhere(viewer: Viewer): Prisma.AnnotationWhereInput {
  if (!viewer) return { id: { in: [] } };
  return { OR: [{ authorId: viewer.id }, { visibility: "everyone" }] };
}

export function canAnnotate(viewer: Viewer): viewer is { id: string } {
  return viewer !== null;
}

export function can(viewer: Viewer, action: AnnotationAction, annotation: AnnotationAccessFields): boolean {
  if (!viewer) return false;
  const isAuthor = annotation.authorId === viewer.id;
  const isReadable = isAuthor || annotation.visibility === "everyone";
  switch (action) {
    case "read":
      return isReadable;
    case "reply":
      return isReadable;
    case "update":
    case "delete":
      return isAuthor && annotation.deletedAt === null;
    case "resolve":
      return isAuthor && annotation.parentId === null && annotation.deletedAt === null;
  }
}

/**
 * Throws the right error for a refused action: 401 for anonymous viewers, 404 when the viewer may
 * not even read the annotation (indistinguishable from a missing one), 403 otherwise.
 */
export function assertCan(viewer: Viewer, action: AnnotationAction, annotation: AnnotationAccessFields | null): void {
  if (!viewer) throw new AppError("UNAUTHENTICATED", "Sign in to see and write annotations.");
  if (!annotation || !can(viewer, "read", annotation)) throw new AppError("NOT_FOUND", "No such annotation.");
  if (can(viewer, action, annotation)) return;
  if (annotation.deletedAt) throw new AppError("NOT_FOUND", "This annotation was deleted.");
  const messages: Record<AnnotationAction, string> = {
    read: "You cannot see this annotation.",
    reply: "You cannot reply to this annotation.",
    update: "Only its author can change this annotation.",
    delete: "Only its author can delete this annotation.",
    resolve: "Only the thread's author can resolve or reopen it.",
  };
  throw new AppError("FORBIDDEN", messages[action]);
}

export function assertCanAnnotate(viewer: Viewer): asserts viewer is { id: string } {
  if (!canAnnotate(viewer)) throw new AppError("UNAUTHENTICATED", "Sign in to see and write annotations.");
}
