import "server-only";
import { isGroupRole, isStaffRole } from "@/lib/groups/roles";
import { scopeKey, type Scope } from "@/lib/annotations/scopes";
import type { MentionCandidate } from "@/lib/notifications/find-mentions";
import { db } from "@/server/db/client";
import { canReadDocument, DOCUMENT_ACCESS_FIELDS } from "./documents";
import { loadViewerAccesses } from "./viewer-access";

/** A note's scope as stored on its row (a reply has its thread's). */
export type MentionScope = { visibility: string; groupId: string | null };

/**
 * Who can be @mentioned in a note: the members of its audience, and nobody else. A group note can
 * mention any member of its group; an instructors-only note the group's owner and instructors;
 * a private or public note nobody (mentions notify group members only). The editor's @ list and
 * the mention pass after a save both ask here, so what the list offers is what gets notified.
 * (The notification itself still asks `can(access, "read", …)`: hide until you post, hidden notes.)
 */
export function mentionAudience(
  scope: MentionScope,
  members: readonly { userId: string; name: string; role: string }[],
): MentionCandidate[] {
  if (scope.groupId === null || (scope.visibility !== "group" && scope.visibility !== "instructors")) return [];
  const isStaffOnly = scope.visibility === "instructors";
  return members
    .filter((member) => !isStaffOnly || (isGroupRole(member.role) && isStaffRole(member.role)))
    .map((member) => ({ id: member.userId, name: member.name }));
}

/** The members a note in `scope` can mention (see mentionAudience), read from the database. */
export async function loadMentionAudience(scope: MentionScope): Promise<MentionCandidate[]> {
  if (scope.groupId === null) return [];
  const rows = await db.membership.findMany({
    where: { groupId: scope.groupId },
    select: { userId: true, role: true, user: { select: { name: true } } },
  });
  return mentionAudience(
    scope,
    rows.map((row) => ({ userId: row.userId, role: row.role, name: row.user.name })),
  );
}

/**
 * For the editor's @ list on a reading: for each scope the viewer can post to in their groups (by
 * scope key), the members that a note there can mention, by name, without the viewer themselves,
 * and without the members who may not open the reading (a reading shared with one group, annotated
 * in another's scope): no notification would reach them, so the list does not offer them.
 */
export async function listMentionCandidates(viewer: { id: string }, documentId: string): Promise<Record<string, MentionCandidate[]>> {
  const [rows, document] = await Promise.all([
    db.membership.findMany({
      where: { group: { memberships: { some: { userId: viewer.id } } } },
      select: { groupId: true, userId: true, role: true, user: { select: { name: true } } },
      orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
    }),
    db.document.findUniqueOrThrow({ where: { id: documentId }, select: DOCUMENT_ACCESS_FIELDS }),
  ]);
  const others = [...new Set(rows.map((row) => row.userId).filter((userId) => userId !== viewer.id))];
  const accesses = await loadViewerAccesses(others, { documentId });
  const byGroup = new Map<string, { userId: string; role: string; name: string }[]>();
  for (const row of rows) {
    if (row.userId === viewer.id || !canReadDocument(accesses.get(row.userId) ?? null, document)) continue;
    byGroup.set(row.groupId, [...(byGroup.get(row.groupId) ?? []), { userId: row.userId, role: row.role, name: row.user.name }]);
  }
  const candidates: Record<string, MentionCandidate[]> = {};
  for (const [groupId, members] of byGroup) {
    for (const visibility of ["group", "instructors"] as const) {
      const scope: Scope = { visibility, groupId };
      candidates[scopeKey(scope)] = mentionAudience(scope, members);
    }
  }
  return candidates;
}
