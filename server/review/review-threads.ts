import "server-only";
import { GROUP_VISIBILITIES, isGroupVisibility } from "@/lib/annotations/scopes";
import { AppError } from "@/lib/errors";
import { inClassOrder } from "@/lib/groups/class-order";
import { ZGroupRole, type GroupRole } from "@/lib/groups/schemas";
import type { ReadableDocument } from "@/lib/documents/types";
import type { ReviewThreadText } from "@/lib/review/types";
import { isRubricPoints, type RubricPoints } from "@/lib/review/rubric";
import { loadViewerAccess, readableAnnotationsWhere } from "@/server/authz/annotations";
import { loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db, type Prisma } from "@/server/db/client";
import { getDocumentBySlug } from "@/server/documents/get-document";

/**
 * What an instructor's review reads, shared by the review page (getGroupReview) and its CSV
 * downloads (stream-review-csv.ts): who may read it, which threads, in which order, with which fields.
 */
export type ReviewScope = {
  groupId: string;
  document: ReadableDocument;
  /**
   * The group's threads on the document in the group's two scopes, hidden ones included; a deleted
   * one only while a student's reply in it lives on (its author deleted it, replies kept it as a placeholder).
   */
  threadWhere: Prisma.AnnotationWhereInput;
  select: ReturnType<typeof reviewThreadSelect>;
};

/**
 * The owner and instructors only (404 for non-members, 403 for members); a document the viewer may
 * not read answers like a missing one. Every refusal happens here, before anything is read.
 */
export async function loadReviewScope(viewer: Viewer, groupId: string, documentSlug: string): Promise<ReviewScope> {
  await loadMembershipFor(viewer, groupId, "review");
  const document = await getDocumentBySlug(viewer, documentSlug);
  if (!document) throw new AppError("NOT_FOUND", `No document "${documentSlug}".`);
  // The group's staff read every thread in the group's two scopes ("private" and "everyone" threads
  // are nobody's coursework), hidden ones and feedback included; the module's filter says so.
  const readable = readableAnnotationsWhere(await loadViewerAccess(viewer, { documentId: document.id }));
  const replyWhere: Prisma.AnnotationWhereInput = { AND: [readable, { deletedAt: null }] };
  return {
    groupId,
    document,
    threadWhere: {
      AND: [
        readable,
        { documentId: document.id, groupId, visibility: { in: [...GROUP_VISIBILITIES] }, parentId: null },
        // A reply in a thread whose annotation was deleted is still its writer's work: the grade
        // counts it (server/assignments/grade-students.ts countWork), so the review shows it, to be
        // read, scored and given feedback, under the placeholder of the deleted annotation.
        { OR: [{ deletedAt: null }, { replies: { some: { AND: [replyWhere, { isFeedback: false }] } } }] },
      ],
    },
    select: reviewThreadSelect(replyWhere),
  };
}

function reviewThreadSelect(replyWhere: Prisma.AnnotationWhereInput) {
  return {
    id: true,
    visibility: true,
    exact: true,
    start: true,
    end: true,
    body: true,
    hiddenAt: true,
    deletedAt: true,
    createdAt: true,
    updatedAt: true,
    author: { select: { id: true, name: true } },
    tags: { select: { name: true }, orderBy: { name: "asc" } },
    score: { select: { points: true } },
    _count: { select: { helpfuls: true } },
    replies: {
      where: replyWhere,
      select: {
        id: true,
        body: true,
        isFeedback: true,
        feedbackOnId: true,
        hiddenAt: true,
        createdAt: true,
        updatedAt: true,
        author: { select: { id: true, name: true } },
        score: { select: { points: true } },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    },
  } satisfies Prisma.AnnotationSelect;
}

export type ReviewThreadRow = Prisma.AnnotationGetPayload<{ select: ReturnType<typeof reviewThreadSelect> }>;

/**
 * Reading order. Notes with no place in the text (orphaned, page notes) come last on both
 * databases: left to the database, SQLite would put them first and PostgreSQL last. The id breaks
 * ties, so (start, createdAt, id) is also the keyset cursor.
 */
export const REVIEW_ORDER = [
  { start: { sort: "asc", nulls: "last" } },
  { createdAt: "asc" },
  { id: "asc" },
] satisfies Prisma.AnnotationOrderByWithRelationInput[];

/** Every thread of the review at once, for the page. */
export function findReviewThreads(scope: ReviewScope): Promise<ReviewThreadRow[]> {
  return db.annotation.findMany({ where: scope.threadWhere, select: scope.select, orderBy: REVIEW_ORDER });
}

/**
 * The review's threads with their replies, at most `batchSize` threads at a time, in REVIEW_ORDER:
 * keyset pagination (each page starts after the last row of the one before), so memory holds one
 * page, nothing is skipped or repeated when rows tie, and no query carries more than one page's ids
 * (Prisma reads a page's replies with one IN list of its ids). The placed threads come first, then
 * the orphans, each pass in an order the (documentId, start) index can serve: one "nulls last" order
 * had SQLite filter and sort every thread of the group again for every page.
 */
export async function* reviewThreadPages(scope: ReviewScope, batchSize: number): AsyncGenerator<ReviewThreadRow[]> {
  yield* keysetPages(scope, { start: { not: null } }, [{ start: "asc" }, { createdAt: "asc" }, { id: "asc" }], batchSize);
  yield* keysetPages(scope, { start: null }, [{ createdAt: "asc" }, { id: "asc" }], batchSize);
}

async function* keysetPages(
  scope: ReviewScope,
  part: Prisma.AnnotationWhereInput,
  orderBy: Prisma.AnnotationOrderByWithRelationInput[],
  batchSize: number,
): AsyncGenerator<ReviewThreadRow[]> {
  let last: ReviewThreadRow | undefined;
  for (;;) {
    const page = await db.annotation.findMany({
      where: { AND: [scope.threadWhere, part, last ? after(last) : {}] },
      select: scope.select,
      orderBy,
      take: batchSize,
    });
    if (page.length > 0) yield page;
    if (page.length < batchSize) return;
    last = page[page.length - 1];
  }
}

/** The rows after `row` in (start, createdAt, id) order, within one pass: its start is null, or every row's is not. */
function after(row: { start: number | null; createdAt: Date; id: string }): Prisma.AnnotationWhereInput {
  const laterInTie: Prisma.AnnotationWhereInput = {
    OR: [{ createdAt: { gt: row.createdAt } }, { createdAt: row.createdAt, id: { gt: row.id } }],
  };
  if (row.start === null) return laterInTie;
  // `start >= row.start` on its own, so the index's range can be used.
  return { start: { gte: row.start }, OR: [{ start: { gt: row.start } }, laterInTie] };
}

/** The group's members in class order (the assignment page's), each with their role: the review's rows. */
export async function findReviewMembers(
  groupId: string,
): Promise<{ role: GroupRole; user: { id: string; name: string; email: string } }[]> {
  const memberships = await db.membership.findMany({
    where: { groupId },
    select: { role: true, user: { select: { id: true, name: true, email: true } } },
  });
  return memberships.map(({ role, user }) => ({ role: ZGroupRole.parse(role), user })).sort((a, b) => inClassOrder(a.user, b.user));
}

/** How many threads and replies the review holds, for the export size limit. */
export async function countReviewItems(scope: ReviewScope): Promise<number> {
  const [threads, replies] = await Promise.all([
    db.annotation.count({ where: scope.threadWhere }),
    db.annotation.count({ where: { AND: [scope.select.replies.where, { parent: scope.threadWhere }] } }),
  ]);
  return threads + replies;
}

/** A thread as the review shows it, without rendered Markdown (the page adds it; a CSV has no use for it). */
export function toReviewThread(row: ReviewThreadRow): ReviewThreadText {
  return {
    id: row.id,
    author: row.author,
    quote: row.exact ?? "",
    body: row.body,
    tags: row.tags.map((tag) => tag.name),
    visibility: isGroupVisibility(row.visibility) ? row.visibility : "group",
    start: row.start,
    end: row.end,
    isHidden: row.hiddenAt !== null,
    isDeleted: row.deletedAt !== null,
    // A deleted annotation is no longer work to grade (the grade leaves it out): no score is shown.
    score: row.deletedAt === null ? pointsOf(row.score) : null,
    helpfulCount: row._count.helpfuls,
    createdAt: row.createdAt.toISOString(),
    replies: row.replies.map((reply) => ({
      id: reply.id,
      author: reply.author,
      body: reply.body,
      isFeedback: reply.isFeedback,
      feedbackOnId: reply.feedbackOnId,
      score: pointsOf(reply.score),
      isHidden: reply.hiddenAt !== null,
      createdAt: reply.createdAt.toISOString(),
    })),
  };
}

function pointsOf(score: { points: number } | null): RubricPoints | null {
  return score && isRubricPoints(score.points) ? score.points : null;
}
