import "server-only";
import { ANCHOR_STATUSES, type AnchorStatus } from "@/lib/anchoring/anchor-status";
import { isHighlightColor } from "@/lib/annotations/colors";
import type { Visibility } from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import { sortTags } from "@/lib/annotations/tag-key";
import {
  ACCESS_FIELDS,
  annotationPermissions,
  countReadableFeedback,
  countReadableReplies,
  visibleScore,
  type ViewerAccess,
} from "@/server/authz/annotations";
import type { Prisma } from "@/server/db/client";
import { renderMarkdownCached } from "@/server/markdown/render-markdown";

/**
 * What every annotation read selects, so every endpoint returns the same shape — and, with the
 * access fields, so every DTO can carry the viewer's permissions and every read can be judged.
 */
/** An annotation's own columns, without relations: also what a create reads back (create-annotation.ts). */
export const ANNOTATION_COLUMNS = {
  id: true,
  documentId: true,
  versionId: true,
  parentId: true,
  authorId: true,
  visibility: true,
  groupId: true,
  exact: true,
  prefix: true,
  suffix: true,
  start: true,
  end: true,
  body: true,
  color: true,
  resolvedAt: true,
  deletedAt: true,
  hiddenAt: true,
  anchorStatus: true,
  anchorScore: true,
  quoteWas: true,
  createdAt: true,
  updatedAt: true,
  isFeedback: true,
} as const;

/** An annotation's record on one version (AnnotationAnchor): where it stood there and how surely. */
export const ANCHOR_PLACE_COLUMNS = {
  versionId: true,
  status: true,
  score: true,
  exact: true,
  prefix: true,
  suffix: true,
  start: true,
  end: true,
} as const satisfies Prisma.AnnotationAnchorSelect;

export const ANNOTATION_SELECT = {
  ...ACCESS_FIELDS,
  ...ANNOTATION_COLUMNS,
  group: { select: { name: true, scoreRelease: true } },
  score: { select: { points: true, releasedAt: true } },
  author: { select: { id: true, name: true } },
  document: { select: { slug: true } },
  tags: { select: { name: true }, orderBy: { name: "asc" } },
  _count: { select: { helpfuls: true } },
  // Who wrote each reply, and which are feedback: how many replies and how much feedback a viewer
  // reads differs from one viewer to the next (countReadableReplies, countReadableFeedback).
  replies: {
    where: { deletedAt: null },
    select: { authorId: true, isFeedback: true, hiddenAt: true, feedbackOn: { select: { authorId: true } } },
    orderBy: { id: "asc" },
  },
} as const satisfies Prisma.AnnotationSelect;

export type AnnotationRow = Prisma.AnnotationGetPayload<{ select: typeof ANNOTATION_SELECT }>;

/**
 * The DTO as `viewer` may see it: the same annotation, with what this viewer may do with it.
 *
 * `isReadingOpen: false` is an author's own note on a reading no longer open to them (unshared,
 * deleted, a group left): theirs to read, take elsewhere and delete, but the text around it is the
 * reading's, and its owner may have rewritten it since — each new version re-anchors every note,
 * whose context and position then come from the new text (a former reader followed a private
 * edit through their own notes' 32 characters either side). So it carries only the words its
 * author chose: the quote as they chose it, and no context.
 */
export function toAnnotationDto(row: AnnotationRow, viewer: ViewerAccess | null, { isReadingOpen = true } = {}): AnnotationDto {
  const hasTarget = row.exact !== null && row.start !== null && row.end !== null;
  return {
    id: row.id,
    documentId: row.documentId,
    versionId: row.versionId,
    parentId: row.parentId,
    author: row.author,
    target: !hasTarget
      ? null
      : isReadingOpen
        ? {
            source: `/read/${row.document.slug}`,
            selector: [
              { type: "TextQuoteSelector", exact: row.exact!, prefix: row.prefix ?? "", suffix: row.suffix ?? "" },
              { type: "TextPositionSelector", start: row.start!, end: row.end! },
            ],
          }
        : {
            source: `/read/${row.document.slug}`,
            selector: [
              { type: "TextQuoteSelector", exact: row.quoteWas ?? row.exact!, prefix: "", suffix: "" },
              // Offsets say no words; kept so every target has the same shape.
              { type: "TextPositionSelector", start: row.start!, end: row.end! },
            ],
          },
    anchoring:
      hasTarget && row.parentId === null
        ? {
            status: anchorStatusOf(row.anchorStatus),
            versionId: row.versionId,
            score: row.anchorScore,
            // On words a version changed: what it was written on, so the reader can see they changed under it.
            ...(row.quoteWas !== null && row.anchorStatus !== "orphaned" && isReadingOpen && { quoteWas: row.quoteWas }),
          }
        : null,
    body: row.body,
    bodyHtml: renderMarkdownCached(row.body),
    tags: sortTags(row.tags.map((tag) => tag.name)),
    color: isHighlightColor(row.color) ? row.color : null,
    visibility: row.visibility as Visibility,
    groupId: row.groupId,
    groupName: row.group?.name ?? null,
    isFeedback: row.isFeedback,
    feedbackOn: row.feedbackOn
      ? {
          id: row.feedbackOn.id,
          author: { id: row.feedbackOn.authorId, name: row.feedbackOn.author.name },
          isReply: row.feedbackOn.parentId !== null,
        }
      : null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    isDeleted: row.deletedAt !== null,
    isHidden: row.hiddenAt !== null,
    helpfulCount: row._count.helpfuls,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...viewerFields(row, viewer),
  };
}

/**
 * The DTO fields that differ from one viewer to the next: what they may do, the score they may
 * see, the replies and feedback they read. The live stream builds a DTO once per change and these per reader.
 */
export function viewerFields(
  row: AnnotationRow,
  viewer: ViewerAccess | null,
): Pick<AnnotationDto, "permissions" | "score" | "replyCount" | "feedbackCount"> {
  return {
    permissions: annotationPermissions(viewer, row),
    score: visibleScore(viewer, row),
    replyCount: row.parentId === null ? countReadableReplies(viewer, row, row.replies) : 0,
    feedbackCount: row.parentId === null ? countReadableFeedback(viewer, row, row.replies) : 0,
  };
}

/** A value outside the known statuses is treated as an orphan: it is never painted on a guess. */
export function anchorStatusOf(value: string): AnchorStatus {
  return (ANCHOR_STATUSES as readonly string[]).includes(value) ? (value as AnchorStatus) : "orphaned";
}
