import "server-only";
import { isGroupRole, isPlainMemberRole, STAFF_ROLES, type GroupRole } from "@/lib/groups/roles";
import { db, Prisma } from "@/server/db/client";
import { inChunks } from "@/server/db/in-chunks";

/** Who asks: a signed-in user's id, or null for an anonymous reader. */
export type Viewer = { id: string } | null;

/** A signed-in viewer with what every decision needs, loaded once per request by `loadViewerAccess`. */
export type ViewerAccess = {
  id: string;
  memberships: ReadonlyMap<string, GroupRole>;
  /** Groups whose peers' group-scoped writing is hidden from this viewer (hide until you post), by id. */
  hiddenGroups: ReadonlyMap<string, HiddenGroup>;
};

/**
 * A group that hides its members' writing from this viewer until they post. Its staff are never
 * hidden (the instructor's prompt is what students answer), nor is the viewer's own writing.
 */
export type HiddenGroup = {
  /** The group's owner and instructors, whose threads and replies stay readable. */
  staffIds: ReadonlySet<string>;
  /** How many annotations the group asks for, and how many the viewer has posted here. */
  threshold: number;
  posted: number;
};

/**
 * Where "hide until you post" is judged: the document the request is about, or null for a request
 * about no one document. Required, so no caller can leave it out by accident; and null fails
 * closed — every group that hides until you post is hidden from its plain members — so a caller
 * that forgets the document hides too much, never too little.
 */
export type DocumentScope = { documentId: string | null };

/**
 * The viewer's memberships, read now (never cached across requests: a removed member loses access
 * on their very next request), and the groups hidden from them in `scope`. Null for anonymous viewers.
 */
export async function loadViewerAccess(viewer: Viewer, scope: DocumentScope): Promise<ViewerAccess | null> {
  if (!viewer) return null;
  return (await loadViewerAccesses([viewer.id], scope)).get(viewer.id)!;
}

/**
 * `loadViewerAccess` for many viewers at once, in two queries whatever their number: the live
 * stream re-authorizes every change for every reader of a document, and asking once per reader
 * would make each change cost a round trip per reader. The single-viewer form goes through here
 * too, so both decide identically.
 */
export async function loadViewerAccesses(userIds: readonly string[], scope: DocumentScope): Promise<Map<string, ViewerAccess>> {
  const ids = [...new Set(userIds)];
  // In chunks: a live channel asks for every reader of a document at once (hundreds, or thousands).
  // A raw statement: every signed-in request asks this, and Prisma compiles its findMany anew on
  // every call (~3–5 ms of server CPU under load, this ~1 ms). The same rows, every membership.
  const rows = await inChunks(
    ids,
    (chunk) =>
      db.$queryRaw<{ userId: string; groupId: string; role: string; hideUntilPostCount: number }[]>`
      SELECT m."userId", m."groupId", m."role", g."hideUntilPostCount"
      FROM "Membership" m JOIN "Group" g ON g."id" = m."groupId"
      WHERE m."userId" IN (${Prisma.join(chunk)})`,
  );
  const memberships = rows.flatMap((row) =>
    isGroupRole(row.role)
      ? [{ userId: row.userId, groupId: row.groupId, role: row.role, group: { hideUntilPostCount: Number(row.hideUntilPostCount) } }]
      : [],
  );
  const hiding = memberships.filter((row) => isPlainMemberRole(row.role) && row.group.hideUntilPostCount > 0);
  const hidden = await hiddenGroups(scope.documentId, hiding);
  const accesses = new Map<string, ViewerAccess>(
    ids.map((id) => [
      id,
      { id, memberships: new Map<string, GroupRole>(), hiddenGroups: hidden.get(id) ?? new Map<string, HiddenGroup>() },
    ]),
  );
  for (const row of memberships) (accesses.get(row.userId)!.memberships as Map<string, GroupRole>).set(row.groupId, row.role);
  return accesses;
}

/**
 * What counts as posting in a group that hides: a top-level annotation, not deleted, with something
 * written (a comment that shows nothing is stored as "": server/annotations/stored-body.ts), in
 * either of the group's scopes. One definition for one document and for many.
 */
const COUNTS_AS_POSTED = {
  parentId: null,
  deletedAt: null,
  body: { not: "" },
  group: { hideUntilPostCount: { gt: 0 } },
} satisfies Prisma.AnnotationWhereInput;

/**
 * `loadViewerAccess` for one viewer on many documents (a library lists hundreds), in three queries
 * whatever their number: the memberships, the viewer's posts per document and group that hides,
 * and the staff of those groups. Each document's access is the one `loadViewerAccess` gives for it.
 */
export async function loadViewerAccessByDocument(
  viewer: Viewer,
  documentIds: readonly string[],
): Promise<Map<string, ViewerAccess | null>> {
  const anywhere = await loadViewerAccess(viewer, { documentId: null });
  if (!anywhere || anywhere.hiddenGroups.size === 0) return new Map(documentIds.map((id) => [id, anywhere]));
  const posted = await inChunks([...documentIds], (ids) =>
    db.annotation.groupBy({
      by: ["documentId", "groupId"],
      where: { authorId: anywhere.id, documentId: { in: ids }, groupId: { in: [...anywhere.hiddenGroups.keys()] }, ...COUNTS_AS_POSTED },
      _count: { _all: true },
    }),
  );
  const countOf = new Map(posted.map((row) => [`${row.documentId} ${row.groupId}`, row._count._all]));
  return new Map(
    documentIds.map((documentId) => {
      const hidden = new Map<string, HiddenGroup>();
      for (const [groupId, group] of anywhere.hiddenGroups) {
        const count = countOf.get(`${documentId} ${groupId}`) ?? 0;
        if (count < group.threshold) hidden.set(groupId, { ...group, posted: count });
      }
      return [documentId, { ...anywhere, hiddenGroups: hidden }];
    }),
  );
}

/**
 * Hide until you post: per viewer, the groups (among those they are a plain member of and that
 * hide) in which they have posted fewer top-level, undeleted annotations on this document than
 * the group asks for. Only annotations with something written count: an empty highlight is not a
 * contribution, and unlocked the gate for nothing (issue #11). Both group scopes count as posting in the group.
 * Without a document, all of them (fail closed).
 */
async function hiddenGroups(
  documentId: string | null,
  hidingMemberships: { userId: string; groupId: string; group: { hideUntilPostCount: number } }[],
): Promise<Map<string, Map<string, HiddenGroup>>> {
  const hidden = new Map<string, Map<string, HiddenGroup>>();
  if (hidingMemberships.length === 0) return hidden;
  // The viewers in chunks (as many as a channel has readers); their groups by relation (only those
  // that hide), not as a second id list whose length would multiply with the first.
  const posted =
    documentId === null
      ? []
      : await inChunks([...new Set(hidingMemberships.map((row) => row.userId))], (authorIds) =>
          db.annotation.groupBy({
            by: ["authorId", "groupId"],
            where: { authorId: { in: authorIds }, documentId, ...COUNTS_AS_POSTED },
            _count: { _all: true },
          }),
        );
  const counts = new Map(posted.map((row) => [`${row.authorId} ${row.groupId}`, row._count._all]));
  const stillHiding = hidingMemberships.filter((row) => (counts.get(`${row.userId} ${row.groupId}`) ?? 0) < row.group.hideUntilPostCount);
  const staff =
    stillHiding.length === 0
      ? []
      : await db.membership.findMany({
          where: { groupId: { in: [...new Set(stillHiding.map((row) => row.groupId))] }, role: { in: [...STAFF_ROLES] } },
          select: { groupId: true, userId: true },
        });
  for (const row of stillHiding) {
    if (!hidden.has(row.userId)) hidden.set(row.userId, new Map());
    hidden.get(row.userId)!.set(row.groupId, {
      staffIds: new Set(staff.filter((member) => member.groupId === row.groupId).map((member) => member.userId)),
      threshold: row.group.hideUntilPostCount,
      posted: counts.get(`${row.userId} ${row.groupId}`) ?? 0,
    });
  }
  return hidden;
}

/** The viewer's role in a group, or null when they are not in it. */
export function roleIn(viewer: ViewerAccess, groupId: string | null): GroupRole | null {
  return groupId === null ? null : (viewer.memberships.get(groupId) ?? null);
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
