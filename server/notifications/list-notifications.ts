import "server-only";
import { AppError } from "@/lib/errors";
import { markdownPlainText } from "@/server/markdown/render-markdown";
import {
  NOTIFICATION_KINDS,
  isAssignmentNotificationKind,
  type NotificationDto,
  type NotificationKind,
  type NotificationPage,
} from "@/lib/notifications/schemas";
import { isGroupRole } from "@/lib/groups/roles";
import { ACCESS_FIELDS, canOnReading, loadViewerAccess, type Viewer, type ViewerAccess } from "@/server/authz/annotations";
import { canBeNotifiedAboutAssignment } from "@/server/authz/assignments";
import { DOCUMENT_ACCESS_FIELDS } from "@/server/authz/documents";
import { db } from "@/server/db/client";

const LIMIT = 100;
const SNIPPET_LENGTH = 140;

/**
 * My latest notifications, newest first, each with who did it and where. What it points at is
 * judged again now: an annotation since deleted, hidden or moved out of my reach (its reading unshared
 * with me included) shows as
 * no longer available, without its text; so does an assignment deleted or no longer mine to see.
 * Pages list with listNotificationsNow (server/assignments/assignment-notifications.ts), which first
 * writes the assignment reminders that have come due.
 */
export async function listNotifications(viewer: Viewer, now = new Date()): Promise<NotificationPage> {
  if (!viewer) throw new AppError("UNAUTHENTICATED", "Sign in to see your notifications.");
  const rows = await db.notification.findMany({
    where: { userId: viewer.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: LIMIT,
    select: {
      id: true,
      kind: true,
      annotationId: true,
      assignmentId: true,
      createdAt: true,
      readAt: true,
      actor: { select: { id: true, name: true } },
    },
  });
  const annotations = await db.annotation.findMany({
    where: { id: { in: [...new Set(rows.flatMap((row) => row.annotationId ?? []))] } },
    select: {
      ...ACCESS_FIELDS,
      documentId: true,
      exact: true,
      body: true,
      document: { select: { ...DOCUMENT_ACCESS_FIELDS, slug: true } },
      parent: { select: { ...ACCESS_FIELDS.parent.select, exact: true } },
    },
  });
  // Hide until you post depends on the document: one access per document.
  const accessByDocument = new Map<string, ViewerAccess | null>();
  for (const documentId of new Set(annotations.map((annotation) => annotation.documentId))) {
    accessByDocument.set(documentId, await loadViewerAccess(viewer, { documentId }));
  }
  const readable = new Map(
    annotations
      .filter((annotation) => canOnReading(accessByDocument.get(annotation.documentId) ?? null, "read", annotation))
      .map((annotation) => [annotation.id, annotation]),
  );

  const assignments = await visibleAssignments(
    viewer,
    rows.flatMap((row) => (row.assignmentId && isAssignmentNotificationKind(row.kind) ? [{ id: row.assignmentId, kind: row.kind }] : [])),
    now,
  );

  const items: NotificationDto[] = rows.map((row) => {
    const annotation = row.annotationId ? readable.get(row.annotationId) : undefined;
    const threadId = annotation?.parentId ?? annotation?.id;
    return {
      id: row.id,
      kind: isKind(row.kind) ? row.kind : "reply",
      actor: row.actor,
      createdAt: row.createdAt.toISOString(),
      isRead: row.readAt !== null,
      annotation:
        annotation && !annotation.deletedAt
          ? {
              quote: (annotation.parentId ? annotation.parent?.exact : annotation.exact) ?? "",
              snippet: snippet(annotation.body),
              href: `/read/${annotation.document.slug}?annotation=${threadId}`,
            }
          : null,
      assignment: row.assignmentId ? (assignments.get(`${row.kind}:${row.assignmentId}`) ?? null) : null,
    };
  });
  return { items, unreadCount: await db.notification.count({ where: { userId: viewer.id, readAt: null } }) };
}

/**
 * The assignments my notifications are about, judged again now (as when they were written): keyed
 * `kind:id`, absent when deleted or no longer mine to see (grades un-released, left the group).
 */
async function visibleAssignments(
  viewer: { id: string },
  about: ReadonlyArray<{ id: string; kind: Parameters<typeof canBeNotifiedAboutAssignment>[1] }>,
  now: Date,
): Promise<Map<string, NonNullable<NotificationDto["assignment"]>>> {
  const visible = new Map<string, NonNullable<NotificationDto["assignment"]>>();
  if (about.length === 0) return visible;
  const rows = await db.assignment.findMany({
    where: { id: { in: [...new Set(about.map((item) => item.id))] } },
    select: { id: true, groupId: true, opensAt: true, gradesReleasedAt: true, title: true, dueAt: true, group: { select: { name: true } } },
  });
  const memberships = await db.membership.findMany({
    where: { userId: viewer.id, groupId: { in: rows.map((row) => row.groupId) } },
    select: { groupId: true, role: true },
  });
  const roleIn = new Map(
    memberships.flatMap((membership) => (isGroupRole(membership.role) ? [[membership.groupId, membership.role]] : [])),
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const { id, kind } of about) {
    const row = byId.get(id);
    const role = row && roleIn.get(row.groupId);
    if (!row || !role || !canBeNotifiedAboutAssignment({ userId: viewer.id, role }, kind, row, now)) continue;
    visible.set(`${kind}:${id}`, { title: row.title, group: row.group.name, dueAt: row.dueAt.toISOString(), href: `/assignments/${id}` });
  }
  return visible;
}

function isKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

function snippet(body: string): string {
  const flat = markdownPlainText(body).replace(/\s+/g, " ").trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH - 1)}…` : flat;
}
