import "server-only";
import type { DocumentNotes } from "@/lib/exports/document-notes";
import { collectNotes } from "@/server/annotations/list-my-notes";
import type { Viewer } from "@/server/authz/annotations";
import { assertCanReviewGroup } from "@/server/authz/groups";
import { findMembership } from "@/server/groups/find-membership";

/**
 * A group's annotations, for its owner and instructors to export in the same formats as personal
 * notes: every thread posted to the group or to its instructors, with its replies and feedback.
 */
export async function listGroupNotes(viewer: Viewer, groupId: string, documentSlug?: string): Promise<DocumentNotes[]> {
  assertCanReviewGroup(viewer, await findMembership(viewer, groupId));
  return collectNotes(viewer!, { groupId, visibility: { in: ["group", "instructors"] } }, documentSlug);
}
