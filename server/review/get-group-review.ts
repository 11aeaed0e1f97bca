import "server-only";
import { renderMarkdownCached } from "@/server/markdown/render-markdown";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { AppError } from "@/lib/errors";
import { GROUP_VISIBILITIES, isGroupVisibility } from "@/lib/annotations/scopes";
import { isPlainMemberRole, isStaffRole } from "@/lib/groups/roles";
import { ZGroupRole } from "@/lib/groups/schemas";
import { countWords, engagedParagraphs } from "@/lib/review/coverage";
import { isRubricPoints, type RubricPoints } from "@/lib/review/rubric";
import { isScoreRelease } from "@/lib/review/score-release";
import type { GroupReview, MemberReview, ReviewAnnotation } from "@/lib/review/types";
import { loadViewerAccess, readableAnnotationsWhere } from "@/server/authz/annotations";
import { loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { getDocumentBySlug } from "@/server/documents/get-document";

/**
 * An instructor's view of a group's work on one document: per member, what they wrote in the
 * group's scopes (top-level annotations, replies in those threads, words, the scores on both, the
 * paragraphs they engaged with), and every such thread with its replies — each scored on its own,
 * feedback included — and score.
 * The owner and instructors only (404 for non-members, 403 for members). Hidden threads are
 * included (the staff see them) and marked; deleted ones are not.
 */
export async function getGroupReview(viewer: Viewer, groupId: string, documentSlug: string): Promise<GroupReview> {
  await loadMembershipFor(viewer, groupId, "review");
  const document = await getDocumentBySlug(viewer, documentSlug);
  if (!document) throw new AppError("NOT_FOUND", `No document "${documentSlug}".`);
  // The group's staff read every thread in the group's two scopes ("private" and "everyone" threads
  // are nobody's coursework), hidden ones and feedback included; the module's filter says so.
  const readable = readableAnnotationsWhere(await loadViewerAccess(viewer, { documentId: document.id }));

  const [group, memberships, rows, privateCounts, unreleasedScores] = await Promise.all([
    db.group.findUniqueOrThrow({ where: { id: groupId }, select: { id: true, name: true, scoreRelease: true } }),
    db.membership.findMany({
      where: { groupId },
      select: { role: true, user: { select: { id: true, name: true, email: true } } },
      orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
    }),
    db.annotation.findMany({
      where: {
        AND: [readable, { documentId: document.id, groupId, visibility: { in: [...GROUP_VISIBILITIES] }, parentId: null, deletedAt: null }],
      },
      select: {
        id: true,
        visibility: true,
        exact: true,
        start: true,
        end: true,
        body: true,
        hiddenAt: true,
        createdAt: true,
        updatedAt: true,
        author: { select: { id: true, name: true } },
        tags: { select: { name: true }, orderBy: { name: "asc" } },
        score: { select: { points: true } },
        _count: { select: { helpfuls: true } },
        replies: {
          where: { AND: [readable, { deletedAt: null }] },
          select: {
            id: true,
            body: true,
            isFeedback: true,
            feedbackOnId: true,
            createdAt: true,
            updatedAt: true,
            author: { select: { id: true, name: true } },
            score: { select: { points: true } },
          },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        },
      },
      orderBy: [{ start: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    }),
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
    db.score.count({ where: { releasedAt: null, annotation: { groupId, documentId: document.id, deletedAt: null } } }),
  ]);
  const privateNotesOf = new Map(privateCounts.map((row) => [row.authorId, row._count._all]));

  const paragraphs = paragraphRanges(document.version.text);
  const annotations: ReviewAnnotation[] = rows.map((row) => ({
    id: row.id,
    author: row.author,
    quote: row.exact ?? "",
    body: row.body,
    bodyHtml: renderMarkdownCached(row.body),
    tags: row.tags.map((tag) => tag.name),
    visibility: isGroupVisibility(row.visibility) ? row.visibility : "group",
    start: row.start,
    end: row.end,
    isHidden: row.hiddenAt !== null,
    score: pointsOf(row.score),
    helpfulCount: row._count.helpfuls,
    createdAt: row.createdAt.toISOString(),
    replies: row.replies.map((reply) => ({
      id: reply.id,
      author: reply.author,
      body: reply.body,
      bodyHtml: renderMarkdownCached(reply.body),
      isFeedback: reply.isFeedback,
      feedbackOnId: reply.feedbackOnId,
      score: pointsOf(reply.score),
      createdAt: reply.createdAt.toISOString(),
    })),
  }));

  const members: MemberReview[] = memberships.map(({ role, user }) => {
    const own = rows.filter((row) => row.author.id === user.id);
    const replies = rows.flatMap((row) => row.replies).filter((reply) => reply.author.id === user.id && !reply.isFeedback);
    // Feedback an instructor wrote is not their coursework: it counts nowhere.
    const scores = [...own, ...replies].flatMap((item) => (item.score ? [item.score.points] : []));
    const lastActivity = [...own, ...replies].reduce<Date | null>(
      (last, item) => (last && last >= item.updatedAt ? last : item.updatedAt),
      null,
    );
    return {
      userId: user.id,
      name: user.name,
      email: user.email,
      role: ZGroupRole.parse(role),
      annotations: own.length,
      replies: replies.length,
      words: [...own, ...replies].reduce((sum, item) => sum + countWords(item.body), 0),
      scoreTotal: scores.reduce((sum, points) => sum + points, 0),
      scored: scores.length,
      paragraphsEngaged: engagedParagraphs(
        paragraphs,
        own.flatMap((row) => (row.start !== null && row.end !== null ? [{ start: row.start, end: row.end }] : [])),
      ),
      lastActivity: lastActivity?.toISOString() ?? null,
      privateNotes: privateNotesOf.get(user.id) ?? 0,
    };
  });

  return {
    group: { id: group.id, name: group.name, scoreRelease: isScoreRelease(group.scoreRelease) ? group.scoreRelease : "manual" },
    unreleasedScores: group.scoreRelease === "immediate" ? 0 : unreleasedScores,
    document: { slug: document.slug, title: document.title },
    paragraphCount: paragraphs.length,
    students: members.filter((member) => isPlainMemberRole(member.role)),
    staff: members.filter((member) => isStaffRole(member.role)),
    annotations,
  };
}

function pointsOf(score: { points: number } | null): RubricPoints | null {
  return score && isRubricPoints(score.points) ? score.points : null;
}
