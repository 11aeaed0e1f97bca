import "server-only";
import { renderMarkdownCached } from "@/server/markdown/render-markdown";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { isPlainMemberRole, isStaffRole } from "@/lib/groups/roles";
import { MemberTally } from "@/lib/review/member-tally";
import { isScoreRelease } from "@/lib/review/score-release";
import type { GroupReview, MemberReview, ReviewAnnotation, ReviewThreadText } from "@/lib/review/types";
import type { Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { countUnreleasedScores } from "./release-scores";
import { findReviewMembers, findReviewThreads, loadReviewScope, toReviewThread } from "./review-threads";

/**
 * An instructor's view of a group's work on one document: per member, what they wrote in the
 * group's scopes (top-level annotations, replies in those threads, words, the scores on both, the
 * paragraphs they engaged with), and every such thread with its replies — each scored on its own,
 * feedback included — and score.
 * The owner and instructors only (404 for non-members, 403 for members). Hidden threads are
 * included (the staff see them) and marked; deleted ones are not.
 */
export async function getGroupReview(viewer: Viewer, groupId: string, documentSlug: string): Promise<GroupReview> {
  const scope = await loadReviewScope(viewer, groupId, documentSlug);
  const { document } = scope;

  // The group's row is read once: its scoreRelease is both the mode shown and what decides whether
  // any score waits for a release (counted as soon as it is known, beside the other reads).
  const groupRow = readGroup(groupId);
  const [group, memberships, rows, privateCounts, unreleasedScores] = await Promise.all([
    groupRow,
    findReviewMembers(groupId),
    findReviewThreads(scope),
    // How many private notes each member has here. Staff learn the number only (the review
    // permission above covers that much), so "all of Ana's notes are private" can be flagged.
    db.annotation.groupBy({
      by: ["authorId"],
      where: {
        documentId: document.id,
        parentId: null,
        deletedAt: null,
        visibility: "private",
        author: { memberships: { some: { groupId } } },
      },
      _count: { _all: true },
    }),
    groupRow.then((row) => countUnreleasedScores(groupId, document.id, row)),
  ]);
  const privateNotesOf = new Map(privateCounts.map((row) => [row.authorId, row._count._all]));

  const paragraphs = paragraphRanges(document.version.text);
  const tally = new MemberTally(paragraphs);
  for (const row of rows) tally.add(row);
  const annotations = rows.map(toReviewThread);

  const members: MemberReview[] = memberships.map(({ role, user }) => ({
    userId: user.id,
    name: user.name,
    email: user.email,
    role,
    ...tally.of(user.id),
    privateNotes: privateNotesOf.get(user.id) ?? 0,
  }));

  return {
    group: { id: group.id, name: group.name, scoreRelease: isScoreRelease(group.scoreRelease) ? group.scoreRelease : "manual" },
    unreleasedScores,
    document: { slug: document.slug, title: document.title },
    paragraphCount: paragraphs.length,
    students: members.filter((member) => isPlainMemberRole(member.role)),
    staff: members.filter((member) => isStaffRole(member.role)),
    annotations,
  };
}

async function readGroup(groupId: string) {
  return db.group.findUniqueOrThrow({ where: { id: groupId }, select: { id: true, name: true, scoreRelease: true } });
}

/**
 * A thread with its Markdown rendered, for the page of threads shown: a class's thousands of
 * threads are tallied whole, but rendered only a page at a time (~3 ms per distinct comment).
 */
export function renderReviewThread(thread: ReviewThreadText): ReviewAnnotation {
  return {
    ...thread,
    bodyHtml: renderMarkdownCached(thread.body),
    replies: thread.replies.map((reply) => ({ ...reply, bodyHtml: renderMarkdownCached(reply.body) })),
  };
}
