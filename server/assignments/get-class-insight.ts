import "server-only";
import { GROUP_VISIBILITIES } from "@/lib/annotations/scopes";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { coverageByAuthor, paragraphInsight, type InsightThread, type ParagraphInsight } from "@/lib/assignments/insight";
import { loadAssignmentFor } from "@/server/authz/assignments";
import type { Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { selectAssignment } from "./assignment-dto";

export type ClassInsight = {
  paragraphs: ParagraphInsight[];
  /** Threads with no place on the current version (orphaned or page notes): counted here, not on the map. */
  unplaced: number;
  /** Each author's engaged paragraphs, for the per-student coverage strip. */
  coverage: Map<string, number[]>;
  paragraphCount: number;
};

/**
 * The staff's class insight on an assignment: the group's threads on the reading (its two group
 * scopes, hidden ones included as on the review page, deleted ones not) placed on the current
 * version's paragraphs, with their non-feedback replies counted. Only the work of people still in
 * the group: someone removed (or gone) has left the gradebooks and the review's CSVs, so the class
 * they describe is the same class. The owner and instructors only ("manage": 404 for outsiders,
 * 403 for students).
 */
export async function getClassInsight(viewer: Viewer, assignmentId: string): Promise<ClassInsight> {
  const { assignment } = await loadAssignmentFor(viewer, assignmentId, "manage", selectAssignment);
  const version = await db.documentVersion.findFirstOrThrow({
    where: { documentId: assignment.documentId },
    orderBy: { number: "desc" },
    select: { id: true, text: true },
  });
  const byMember = { author: { memberships: { some: { groupId: assignment.groupId } } } };
  const rows = await db.annotation.findMany({
    where: {
      ...byMember,
      documentId: assignment.documentId,
      groupId: assignment.groupId,
      visibility: { in: [...GROUP_VISIBILITIES] },
      parentId: null,
      deletedAt: null,
    },
    select: {
      id: true,
      versionId: true,
      start: true,
      end: true,
      exact: true,
      color: true,
      anchorStatus: true,
      author: { select: { id: true, name: true } },
      tags: { select: { name: true } },
      _count: { select: { replies: { where: { ...byMember, deletedAt: null, isFeedback: false } } } },
    },
    orderBy: [{ start: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const threads: InsightThread[] = rows.map((row) => {
    // Re-anchoring moves a placed thread onto the latest version; anything else has no place on it.
    const isPlaced = row.versionId === version.id && row.anchorStatus !== "orphaned";
    return {
      id: row.id,
      start: isPlaced ? row.start : null,
      end: isPlaced ? row.end : null,
      author: row.author,
      quote: row.exact ?? "",
      color: row.color,
      tags: row.tags.map((tag) => tag.name),
      replies: row._count.replies,
    };
  });
  const paragraphs = paragraphRanges(version.text);
  return {
    paragraphs: paragraphInsight(paragraphs, threads, { color: assignment.questionColor, tag: assignment.questionTag }),
    unplaced: threads.filter((thread) => thread.start === null || thread.end === null).length,
    coverage: coverageByAuthor(paragraphs, threads),
    paragraphCount: paragraphs.length,
  };
}
