import "server-only";
import type { FlagDto } from "@/lib/moderation/schemas";
import { AppError } from "@/lib/errors";
import { ACCESS_FIELDS, can, loadViewerAccess, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";

/**
 * A group's open flags, newest first, for its instructors and owner: what was flagged (the thread's
 * quote, the flagged text, its author), why and by whom. A group the viewer is not in answers 404,
 * like the rest of the group API; a plain member, 403.
 */
export async function listFlags(viewer: Viewer, groupId: string): Promise<FlagDto[]> {
  const access = await loadViewerAccess(viewer);
  if (!access) throw new AppError("UNAUTHENTICATED", "Sign in to see flags.");
  const role = access.memberships.get(groupId);
  if (!role) throw new AppError("NOT_FOUND", "No such group.");
  if (role === "member") throw new AppError("FORBIDDEN", "Only this group's instructors can see its flags.");

  const flags = await db.flag.findMany({
    where: { resolvedAt: null, annotation: { groupId } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: {
      id: true,
      reason: true,
      createdAt: true,
      user: { select: { id: true, name: true } },
      annotation: {
        select: {
          ...ACCESS_FIELDS,
          exact: true,
          body: true,
          author: { select: { id: true, name: true } },
          document: { select: { slug: true } },
          parent: { select: { ...ACCESS_FIELDS.parent.select, exact: true } },
        },
      },
    },
  });
  return flags
    .filter((flag) => can(access, "moderate", flag.annotation))
    .map(({ annotation, ...flag }) => {
      const threadId = annotation.parentId ?? annotation.id;
      const thread = annotation.parentId ? annotation.parent : annotation;
      return {
        id: flag.id,
        reason: flag.reason,
        createdAt: flag.createdAt.toISOString(),
        flaggedBy: flag.user,
        annotation: {
          id: annotation.id,
          threadId,
          quote: thread?.exact ?? "",
          body: annotation.body,
          author: annotation.author,
          isHidden: (thread?.hiddenAt ?? null) !== null,
          href: `/read/${annotation.document.slug}?annotation=${threadId}`,
        },
      };
    });
}
