import "server-only";
import type { ReadingDetails, TUpdateReadingSchema } from "@/lib/documents/schemas";
import { isReadingVisibility } from "@/lib/documents/reading-visibility";
import { AppError } from "@/lib/errors";
import { assertCanShareReadingAs, loadDocumentFor } from "@/server/authz/documents";
import type { Viewer } from "@/server/authz/viewer-access";
import { assertReadingKeepsAssignments } from "./assert-reading-keeps-assignments";
import { db } from "@/server/db/client";
import { getReading } from "./get-reading";

/**
 * Changes a reading's metadata or who it is shared with (its owner only). Sharing with a group
 * needs membership of it; with everyone, a deployment that allows it. Leaving a group scope (to
 * private) drops the group. A new sharing that takes the reading from a group with an assignment on
 * it is refused (409): the group's students would be left an assignment they cannot open. With
 * `ifUnmodifiedSince`, a change made against settings changed since is refused (409).
 */
export async function updateReading(viewer: Viewer, slug: string, input: TUpdateReadingSchema): Promise<ReadingDetails> {
  const isSharing = input.visibility !== undefined || input.groupId !== undefined;
  const { access, document } = await loadDocumentFor(viewer, slug, isSharing ? ["update", "share"] : "update");
  let sharing: { visibility: string; groupId: string | null } | null = null;
  if (isSharing) {
    const visibility = input.visibility ?? (isReadingVisibility(document.visibility) ? document.visibility : "private");
    const groupId = input.groupId !== undefined ? input.groupId : visibility === document.visibility ? document.groupId : null;
    // Keeping the sharing as it is is no new sharing: a reading shared with everyone before the site
    // switched PUBLIC_READINGS off can still have its title fixed from a form that sends everything.
    const isUnchanged = visibility === document.visibility && groupId === document.groupId;
    if (!isUnchanged) {
      assertCanShareReadingAs(access!, { visibility, groupId });
      sharing = { visibility, groupId };
    }
  }
  const data = {
    ...sharing,
    ...(input.title !== undefined && { title: input.title }),
    ...(input.author !== undefined && { author: input.author || null }),
    ...(input.language !== undefined && { language: input.language || null }),
    ...(input.sourceUrl !== undefined && { sourceUrl: input.sourceUrl ? new URL(input.sourceUrl).href : null }),
    // A date alone is that day at midnight UTC, which is how the converters store a source's date.
    ...(input.publishedAt !== undefined && {
      publishedAt: input.publishedAt
        ? new Date(input.publishedAt.length === 10 ? `${input.publishedAt}T00:00:00Z` : input.publishedAt)
        : null,
    }),
  };
  if (Object.keys(data).length > 0) {
    await db.$transaction(async (tx) => {
      if (input.ifUnmodifiedSince) {
        // Two tabs (or two devices) on the settings at once: the later form would put back what the earlier one changed.
        const { updatedAt } = await tx.document.findUniqueOrThrow({ where: { id: document.id }, select: { updatedAt: true } });
        if (updatedAt.getTime() > new Date(input.ifUnmodifiedSince).getTime())
          throw new AppError(
            "CONFLICT",
            "This reading's settings were changed since this page was opened (in another tab or on another device): nothing was saved. Reload the page to see them as they are now, then make your change again.",
          );
      }
      if (sharing) await assertReadingKeepsAssignments(tx, viewer!.id, document, sharing);
      await tx.document.update({ where: { id: document.id }, data });
    });
  }
  return getReading(viewer, slug);
}
