import "server-only";
import type { Scope } from "@/lib/annotations/scopes";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import type { Prisma } from "@/server/db/client";

/**
 * Who may see or change an annotation: the one place that decides. Pages, route handlers,
 * exports and (later) the live stream all call these; nothing else compares author ids,
 * visibilities or memberships.
 *
 * Rules:
 * - Annotations are for signed-in readers: anonymous readers see none (the article stays public).
 * - "private": only the author. "everyone": every signed-in reader. "group": the author and the
 *   members (any role) of its group. "instructors": the author and its group's instructors and
 *   owner — a private channel between a student and the teaching staff.
 * - Hide until you post: in a group with hideUntilPostCount N > 0, a plain member who has posted
 *   fewer than N top-level annotations in that group on a document does not see peers'
 *   group-scoped threads there (their own always; instructors and owners see everything).
 * - A reply is readable exactly when its thread is: the thread's author and scope decide.
 * - Only the author changes or deletes an annotation or reply, and only the author moves a thread
 *   to another scope; anyone who can read a thread can reply to it (until it is deleted); only the
 *   thread's author resolves or reopens it. Posting into a group scope needs membership.
 * - What a viewer may not read answers 404, exactly like what does not exist; so does a group the
 *   viewer is not in.
 * - Memberships are read from the database on every request (`loadViewerAccess`): a removed member
 *   loses access on their very next request.
 */
export type Viewer = { id: string } | null;

export type GroupRole = "owner" | "instructor" | "member";

/** A signed-in viewer with what a decision needs, loaded once per request by `loadViewerAccess`. */
export type ViewerAccess = {
  id: string;
  memberships: ReadonlyMap<string, GroupRole>;
  /** Groups whose peers' group-scoped threads are hidden from this viewer on the document at hand. */
  hiddenGroupIds: ReadonlySet<string>;
};

export type AnnotationAction =
  | "read"
  | "reply"
  | "update"
  | "delete"
  | "resolve"
  | "move"
  /** Members of the thread's group report it to the instructors. */
  | "flag"
  /** Members of the thread's group mark it helpful. */
  | "mark-helpful"
  /** The group's instructors (and owner): hide or restore, score, give feedback. */
  | "moderate";

/**
 * The columns a decision needs; select these whenever a decision is to be made. A reply is
 * judged by its thread (the root annotation): its author and scope decide who reads it.
 */
export const ACCESS_FIELDS = {
  id: true,
  authorId: true,
  visibility: true,
  groupId: true,
  parentId: true,
  deletedAt: true,
  hiddenAt: true,
  isFeedback: true,
  parent: { select: { authorId: true, visibility: true, groupId: true, deletedAt: true, hiddenAt: true } },
} as const satisfies Prisma.AnnotationSelect;

type ThreadFields = { authorId: string; visibility: string; groupId: string | null; deletedAt: Date | null; hiddenAt?: Date | null };
export type AnnotationAccessFields = ThreadFields & {
  parentId: string | null;
  parent?: ThreadFields | null;
  /** An instructor's feedback reply: only its author, the thread's author and the group's staff read it. */
  isFeedback?: boolean;
};

const STAFF_ROLES: readonly GroupRole[] = ["owner", "instructor"];

function isGroupRole(role: string): role is GroupRole {
  return role === "owner" || role === "instructor" || role === "member";
}

/**
 * The viewer's memberships, read now (never cached across requests), and — given the document the
 * request is about — the groups hidden from them there until they post. Null for anonymous viewers.
 */
export async function loadViewerAccess(viewer: Viewer, options: { documentId?: string } = {}): Promise<ViewerAccess | null> {
  if (!viewer) return null;
  return (await loadViewerAccesses([viewer.id], options)).get(viewer.id)!;
}

/**
 * `loadViewerAccess` for many viewers at once, in two queries whatever their number: the live
 * stream re-authorizes every change for every reader of a document, and asking once per reader
 * would make each change cost a round trip per reader. The single-viewer form goes through here
 * too, so both decide identically.
 */
export async function loadViewerAccesses(userIds: readonly string[], options: { documentId?: string } = {}): Promise<Map<string, ViewerAccess>> {
  const ids = [...new Set(userIds)];
  const rows =
    ids.length === 0
      ? []
      : await db.membership.findMany({
          where: { userId: { in: ids } },
          select: { userId: true, groupId: true, role: true, group: { select: { hideUntilPostCount: true } } },
        });
  const hidden = options.documentId
    ? await hiddenGroupsOnDocument(
        options.documentId,
        rows.filter((row) => row.role === "member" && row.group.hideUntilPostCount > 0),
      )
    : new Map<string, Set<string>>();
  const accesses = new Map<string, ViewerAccess>(
    ids.map((id) => [id, { id, memberships: new Map<string, GroupRole>(), hiddenGroupIds: hidden.get(id) ?? new Set<string>() }]),
  );
  for (const row of rows) {
    if (isGroupRole(row.role)) (accesses.get(row.userId)!.memberships as Map<string, GroupRole>).set(row.groupId, row.role);
  }
  return accesses;
}

/**
 * Hide until you post: per viewer, the groups (among those they are a plain member of and that
 * hide) in which they have posted fewer top-level, undeleted annotations on this document than
 * the group asks for. Both group scopes count as posting in the group.
 */
async function hiddenGroupsOnDocument(
  documentId: string,
  hidingMemberships: { userId: string; groupId: string; group: { hideUntilPostCount: number } }[],
): Promise<Map<string, Set<string>>> {
  const hidden = new Map<string, Set<string>>();
  if (hidingMemberships.length === 0) return hidden;
  const posted = await db.annotation.groupBy({
    by: ["authorId", "groupId"],
    where: {
      authorId: { in: [...new Set(hidingMemberships.map((row) => row.userId))] },
      documentId,
      parentId: null,
      deletedAt: null,
      groupId: { in: [...new Set(hidingMemberships.map((row) => row.groupId))] },
    },
    _count: { _all: true },
  });
  const counts = new Map(posted.map((row) => [`${row.authorId} ${row.groupId}`, row._count._all]));
  for (const row of hidingMemberships) {
    if ((counts.get(`${row.userId} ${row.groupId}`) ?? 0) >= row.group.hideUntilPostCount) continue;
    if (!hidden.has(row.userId)) hidden.set(row.userId, new Set());
    hidden.get(row.userId)!.add(row.groupId);
  }
  return hidden;
}

function readableThreadWhere(viewer: ViewerAccess): Prisma.AnnotationWhereInput {
  const staffOfGroup = { group: { memberships: { some: { userId: viewer.id, role: { in: [...STAFF_ROLES] } } } } };
  const conditions: Prisma.AnnotationWhereInput[] = [
    {
      OR: [
        { authorId: viewer.id },
        { visibility: "everyone" },
        { visibility: "group", group: { memberships: { some: { userId: viewer.id } } } },
        { visibility: "instructors", ...staffOfGroup },
      ],
    },
    // A thread an instructor hid is gone for everyone but its author and the group's staff.
    { OR: [{ hiddenAt: null }, { authorId: viewer.id }, staffOfGroup] },
  ];
  if (viewer.hiddenGroupIds.size > 0) {
    conditions.push({ NOT: { visibility: "group", groupId: { in: [...viewer.hiddenGroupIds] }, authorId: { not: viewer.id } } });
  }
  return { AND: conditions };
}

/**
 * The Prisma filter for "annotations this viewer may read": used by every list and export. The
 * memberships are matched in the query itself (relation filters), so the database decides with the
 * rows as they are now. Feedback replies are narrower than their thread: the thread's author, the
 * reply's author and the group's staff.
 */
export function readableAnnotationsWhere(viewer: ViewerAccess | null): Prisma.AnnotationWhereInput {
  if (!viewer) return { id: { in: [] } };
  const thread = readableThreadWhere(viewer);
  const feedbackReaders: Prisma.AnnotationWhereInput = {
    OR: [
      { isFeedback: false },
      { authorId: viewer.id },
      { parent: { authorId: viewer.id } },
      { parent: { group: { memberships: { some: { userId: viewer.id, role: { in: [...STAFF_ROLES] } } } } } },
    ],
  };
  return { OR: [{ parentId: null, ...thread }, { AND: [{ parent: thread }, feedbackReaders] }] };
}

function isStaffOf(viewer: ViewerAccess, groupId: string | null): boolean {
  const role = groupId ? viewer.memberships.get(groupId) : undefined;
  return role !== undefined && STAFF_ROLES.includes(role);
}

function canReadThread(viewer: ViewerAccess, thread: ThreadFields): boolean {
  if (thread.hiddenAt && thread.authorId !== viewer.id && !isStaffOf(viewer, thread.groupId)) return false;
  if (thread.authorId === viewer.id || thread.visibility === "everyone") return true;
  const role = thread.groupId ? viewer.memberships.get(thread.groupId) : undefined;
  if (!role) return false;
  if (thread.visibility === "group") return !viewer.hiddenGroupIds.has(thread.groupId!);
  if (thread.visibility === "instructors") return STAFF_ROLES.includes(role);
  return false;
}

export function canAnnotate(viewer: Viewer): viewer is { id: string } {
  return viewer !== null;
}

export function can(viewer: ViewerAccess | null, action: AnnotationAction, annotation: AnnotationAccessFields): boolean {
  if (!viewer) return false;
  const thread = annotation.parentId ? annotation.parent : annotation;
  if (!thread) return false; // a reply whose thread is gone
  const isFeedbackReader =
    !annotation.isFeedback || annotation.authorId === viewer.id || thread.authorId === viewer.id || isStaffOf(viewer, thread.groupId);
  const isReadable = canReadThread(viewer, thread) && isFeedbackReader;
  const isAuthor = annotation.authorId === viewer.id;
  const isGroupMember = thread.groupId !== null && viewer.memberships.has(thread.groupId);
  switch (action) {
    case "read":
      return isReadable;
    case "reply":
      return isReadable && thread.deletedAt === null;
    case "update":
    case "delete":
      return isReadable && isAuthor && annotation.deletedAt === null;
    case "move":
    case "resolve":
      return isAuthor && annotation.parentId === null && annotation.deletedAt === null;
    case "flag":
    case "mark-helpful":
      return isReadable && isGroupMember && !isAuthor && annotation.deletedAt === null;
    case "moderate":
      return isReadable && isStaffOf(viewer, thread.groupId) && annotation.deletedAt === null;
  }
}

/**
 * Throws the right error for a refused action: 401 for anonymous viewers, 404 when the viewer may
 * not even read the annotation (indistinguishable from a missing one), 403 otherwise.
 */
export function assertCan(viewer: ViewerAccess | null, action: AnnotationAction, annotation: AnnotationAccessFields | null): void {
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
    move: "Only the thread's author can change who sees it.",
    flag: "Only members of this annotation's group can flag it, and not their own.",
    "mark-helpful": "Only members of this annotation's group can mark it helpful, and not their own.",
    moderate: "Only this group's instructors can do this.",
  };
  throw new AppError("FORBIDDEN", messages[action]);
}

export function assertCanAnnotate(viewer: Viewer): asserts viewer is { id: string } {
  if (!canAnnotate(viewer)) throw new AppError("UNAUTHENTICATED", "Sign in to see and write annotations.");
}

/** Posting or moving into a group scope needs membership (any role); a group you are not in does not exist for you. */
export function assertCanPostTo(viewer: ViewerAccess, scope: Scope): void {
  if (scope.groupId !== null && !viewer.memberships.has(scope.groupId)) throw new AppError("NOT_FOUND", "No such group.");
}

/** The groups the viewer belongs to, with their role, by name: for the reader's scope choices. */
export async function listMyGroupMemberships(userId: string): Promise<{ id: string; name: string; role: GroupRole }[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, group: { select: { id: true, name: true } } },
    orderBy: [{ group: { name: "asc" } }, { groupId: "asc" }],
  });
  return rows.flatMap((row) => (isGroupRole(row.role) ? [{ id: row.group.id, name: row.group.name, role: row.role }] : []));
}
