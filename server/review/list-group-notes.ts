import "server-only";
import { GROUP_VISIBILITIES } from "@/lib/annotations/scopes";
import type { DocumentNotes } from "@/lib/exports/document-notes";
import { collectNotes } from "@/server/annotations/list-my-notes";
import type { Viewer } from "@/server/authz/annotations";
import { loadMembershipFor } from "@/server/authz/groups";

/**
 * A group's annotations, for its owner and instructors to export in the same formats as personal
 * notes: every thread posted to the group or to its instructors, with its replies and feedback.
 */
export async function listGroupNotes(viewer: Viewer, groupId: string, documentSlug?: string): Promise<DocumentNotes[]> {
  await loadMembershipFor(viewer, groupId, "review");
  return collectNotes(viewer!, { groupId, visibility: { in: [...GROUP_VISIBILITIES] } }, documentSlug);
}
