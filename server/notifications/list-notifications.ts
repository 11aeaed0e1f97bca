import "server-only";
import { AppError } from "@/lib/errors";
import { NOTIFICATION_KINDS, type NotificationDto, type NotificationKind, type NotificationPage } from "@/lib/notifications/schemas";
import { ACCESS_FIELDS, can, loadViewerAccess, type Viewer, type ViewerAccess } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { countUnreadNotifications } from "./count-unread-notifications";

const LIMIT = 100;
const SNIPPET_LENGTH = 140;

/**
 * My latest notifications, newest first, each with who did it and where. What it points at is
 * judged again now: an annotation since deleted, hidden or moved out of my reach shows as
 * no longer available, without its text.
 */
export async function listNotifications(viewer: Viewer): Promise<NotificationPage> {
  if (!viewer) throw new AppError("UNAUTHENTICATED", "Sign in to see your notifications.");
  const rows = await db.notification.findMany({
    where: { userId: viewer.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: LIMIT,
    select: { id: true, kind: true, annotationId: true, createdAt: true, readAt: true, actor: { select: { id: true, name: true } } },
  });
  const annotations = await db.annotation.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.annotationId))] } },
    select: {
      ...ACCESS_FIELDS,
      documentId: true,
      exact: true,
      body: true,
      document: { select: { slug: true } },
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
      .filter((annotation) => can(accessByDocument.get(annotation.documentId) ?? null, "read", annotation))
      .map((annotation) => [annotation.id, annotation]),
  );

  const items: NotificationDto[] = rows.map((row) => {
    const annotation = readable.get(row.annotationId);
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
    };
  });
  return { items, unreadCount: await countUnreadNotifications(viewer) };
}

function isKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

function snippet(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH - 1)}…` : flat;
}
