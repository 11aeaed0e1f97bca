import "server-only";
import type { FlagDto } from "@/lib/moderation/schemas";
import { ACCESS_FIELDS, canOnReading, loadViewerAccess, type Viewer } from "@/server/authz/annotations";
import { DOCUMENT_ACCESS_FIELDS } from "@/server/authz/documents";
import { assertSignedIn, loadMembershipFor } from "@/server/authz/groups";
import { db } from "@/server/db/client";

/**
 * A group's open flags, newest first, for its instructors and owner: what was flagged (the thread's
 * quote, the flagged text, its author), why and by whom. A group the viewer is not in answers 404,
 * like the rest of the group API; a plain member, 403. A group's threads can sit on a reading that
 * another group shares; flags on a reading the viewer may not open are left out.
 */
export async function listFlags(viewer: Viewer, groupId: string): Promise<FlagDto[]> {
  assertSignedIn(viewer, "see flags");
  await loadMembershipFor(viewer, groupId, "see-flags");
  // Flags span the group's documents: no one document scopes hide-until-you-post (it never hides from staff).
  const access = await loadViewerAccess(viewer, { documentId: null });

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
          document: { select: { ...DOCUMENT_ACCESS_FIELDS, slug: true } },
          parent: { select: { ...ACCESS_FIELDS.parent.select, exact: true } },
        },
      },
    },
  });
  return flags
    .filter((flag) => canOnReading(access, "moderate", flag.annotation))
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
