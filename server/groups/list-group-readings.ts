import "server-only";
import { readableDocumentsWhere } from "@/server/authz/documents";
import { loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";

export type GroupReading = { slug: string; title: string; author: string | null; noteCount: number; lastActivity: Date };

/**
 * What a group is reading: the readings shared with it and the documents its members have annotated
 * for the whole group (only those the viewer may read), the most recently active first, with how
 * many threads each has. Members only (404 for anyone else). Only
 * the group scope counts: notes to the instructors are a private channel, and a count of them per
 * document would tell members who writes to the staff. (Assigning readings to a group is another
 * issue; until then, where the group writes is what it reads.)
 */
export async function listGroupReadings(viewer: Viewer, groupId: string): Promise<GroupReading[]> {
  await loadMembershipFor(viewer, groupId, "view");
  const rows = await db.annotation.groupBy({
    by: ["documentId"],
    where: { groupId, visibility: "group", parentId: null, deletedAt: null },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  const documents = await db.document.findMany({
    where: {
      AND: [
        readableDocumentsWhere(viewer),
        {
          OR: [
            { annotations: { some: { groupId, visibility: "group", parentId: null, deletedAt: null } } },
            { visibility: "group", groupId },
          ],
        },
      ],
    },
    select: { id: true, slug: true, title: true, author: true, createdAt: true },
  });
  const notes = new Map(rows.map((row) => [row.documentId, row]));
  return documents
    .map(({ id, slug, title, author, createdAt }) => {
      const row = notes.get(id);
      return { slug, title, author, noteCount: row?._count._all ?? 0, lastActivity: row?._max.createdAt ?? createdAt };
    })
    .sort((a, b) => b.lastActivity.getTime() - a.lastActivity.getTime() || a.title.localeCompare(b.title));
}
