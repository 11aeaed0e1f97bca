import "server-only";
import { GROUP_VISIBILITIES } from "@/lib/annotations/scopes";
import { loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { isSharedWithGroup } from "@/server/authz/scope-on-reading";
import { db } from "@/server/db/client";

/**
 * The reading a group's review opens on when none is asked for, among those the reviewer may read
 * (`readable`, the library's order); the group's owner and instructors only (as loadMembershipFor). The library's first was the reviewer's newest upload, often a
 * private reading no student can open: the review showed every student at 0 and the assigned
 * reading, with the class's work, sat behind "Change" (an independent check). In order:
 * 1. the reading of the group's assignment that is open now and due soonest, else the one due last;
 * 2. the reading with the most threads the group's other members posted to the group;
 * 3. a reading shared with the group; 4. the library's first.
 */
export async function defaultReviewReading(
  viewer: Viewer,
  groupId: string,
  readable: readonly { slug: string; visibility: string; group: { id: string } | null }[],
): Promise<string | undefined> {
  // What the group holds is the staff's to see: asked before anything is read.
  const { userId } = await loadMembershipFor(viewer, groupId, "review");
  const isReadable = new Set(readable.map((document) => document.slug));
  const now = new Date();
  const assignments = await db.assignment.findMany({
    where: { groupId, closedAt: null },
    select: { document: { select: { slug: true } }, opensAt: true, dueAt: true },
    orderBy: { dueAt: "asc" },
  });
  const ofReadable = assignments.filter((assignment) => isReadable.has(assignment.document.slug));
  const assigned =
    ofReadable.find((assignment) => assignment.opensAt <= now && assignment.dueAt >= now) ??
    ofReadable.filter((assignment) => assignment.dueAt < now).at(-1) ??
    ofReadable[0];
  if (assigned) return assigned.document.slug;

  const busiest = await db.annotation.groupBy({
    by: ["documentId"],
    where: {
      groupId,
      visibility: { in: [...GROUP_VISIBILITIES] },
      parentId: null,
      deletedAt: null,
      authorId: { not: userId },
      author: { memberships: { some: { groupId } } },
    },
    _count: { _all: true },
    orderBy: { _count: { documentId: "desc" } },
    take: 20,
  });
  const slugs = await db.document.findMany({
    where: { id: { in: busiest.map((row) => row.documentId) } },
    select: { id: true, slug: true },
  });
  const slugOf = new Map(slugs.map((document) => [document.id, document.slug]));
  const withWork = busiest.map((row) => slugOf.get(row.documentId)).find((slug) => slug !== undefined && isReadable.has(slug));
  if (withWork) return withWork;

  return (
    readable.find((document) => isSharedWithGroup({ visibility: document.visibility, groupId: document.group?.id ?? null }, groupId)) ??
    readable[0]
  )?.slug;
}
