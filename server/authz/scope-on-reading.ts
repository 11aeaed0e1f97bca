import "server-only";
import { defaultScopeKey, parseScopeKey, type ReaderGroup, type Scope } from "@/lib/annotations/scopes";
import { db } from "@/server/db/client";

/** Who may open a reading (server/authz/documents.ts): everyone, one group's members, or its owner alone. */
export type ReadingSharing = { visibility: string; groupId: string | null };

/**
 * The scope a reader's note editor starts with on this reading: the one they used last
 * (`remembered`), unless its audience cannot open the reading — a group's scope on a reading only
 * its owner or another group can open, "Everyone signed in" on a private one — and then what
 * defaultScopeKey picks among the groups that can. On their own private upload an instructor's
 * notes started as "Group: …", read by no one but them and counted as the group's on its page (an
 * independent check); there they start as "Only me", and a note saved so leaves the scope
 * remembered as it was (create-annotation.ts). Every choice stays offered: this is where the editor
 * starts, not what it allows.
 */
export function scopeOnReading(remembered: string | null, groups: readonly ReaderGroup[], sharing: ReadingSharing): string | null {
  const openTo = groups.filter((group) => isOpenToGroup(sharing, group.id));
  const scope = remembered === null ? null : parseScopeKey(remembered);
  const reaches =
    scope !== null &&
    (scope.visibility === "private" ||
      (scope.visibility === "everyone" ? sharing.visibility !== "private" : openTo.some((group) => group.id === scope.groupId)));
  return reaches ? remembered : defaultScopeKey(null, openTo);
}

/** Whether a group's members, as members, can open the reading: it is public, or shared with that group. */
export function isOpenToGroup(sharing: ReadingSharing, groupId: string): boolean {
  return sharing.visibility === "public" || isSharedWithGroup(sharing, groupId);
}

/** A reading shared with this group itself (not merely public). */
export function isSharedWithGroup(sharing: ReadingSharing, groupId: string): boolean {
  return sharing.visibility === "group" && sharing.groupId === groupId;
}

/**
 * A note only its writer may read, on a reading only its owner can open: the one scope such a note
 * can have that reaches anyone at all (scopeOnReading starts there), so no choice of the reader's.
 */
export function isPrivateNoteOnPrivateReading(sharing: ReadingSharing, scope: Scope): boolean {
  return sharing.visibility === "private" && scope.visibility === "private";
}

/** The reading's sharing, for scopeOnReading (the page has authorized the read already). */
export function readingSharing(documentId: string): Promise<ReadingSharing> {
  return db.document.findUniqueOrThrow({ where: { id: documentId }, select: { visibility: true, groupId: true } });
}
