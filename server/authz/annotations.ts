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
 * - A reply is readable exactly when its thread is: the thread's author and visibility decide.
 * - Only the author changes or deletes an annotation or reply; anyone who can read a thread can
 *   reply to it (until it is deleted); only the thread's author resolves or reopens it.
 * - What a viewer may not read answers 404, exactly like what does not exist.
 */
export type Viewer = { id: string } | null;

export type AnnotationAction = "read" | "reply" | "update" | "delete" | "resolve";

/**
 * The columns a decision needs; select these whenever a decision is to be made. A reply is
 * judged by its thread (the root annotation): its author and visibility decide who reads it.
 */
export const ACCESS_FIELDS = {
  id: true,
  authorId: true,
  visibility: true,
  groupId: true,
  parentId: true,
  deletedAt: true,
  parent: { select: { authorId: true, visibility: true, deletedAt: true } },
} as const satisfies Prisma.AnnotationSelect;

type ThreadFields = { authorId: string; visibility: string; deletedAt: Date | null };
export type AnnotationAccessFields = ThreadFields & { parentId: string | null; parent?: ThreadFields | null };

function readableByViewer(viewerId: string): Prisma.AnnotationWhereInput {
  return { OR: [{ authorId: viewerId }, { visibility: "everyone" }] };
}

/** The Prisma filter for "annotations this viewer may read": used by every list and export. */
export function readableAnnotationsWhere(viewer: Viewer): Prisma.AnnotationWhereInput {
  if (!viewer) return { id: { in: [] } };
  return {
    OR: [
      { parentId: null, ...readableByViewer(viewer.id) },
      { parent: readableByViewer(viewer.id) },
    ],
  };
}

export function canAnnotate(viewer: Viewer): viewer is { id: string } {
  return viewer !== null;
}

export function can(viewer: Viewer, action: AnnotationAction, annotation: AnnotationAccessFields): boolean {
  if (!viewer) return false;
  const thread = annotation.parentId ? annotation.parent : annotation;
  if (!thread) return false; // a reply whose thread is gone
  const isReadable = thread.authorId === viewer.id || thread.visibility === "everyone";
  const isAuthor = annotation.authorId === viewer.id;
  switch (action) {
    case "read":
      return isReadable;
    case "reply":
      return isReadable && thread.deletedAt === null;
    case "update":
    case "delete":
      return isReadable && isAuthor && annotation.deletedAt === null;
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
