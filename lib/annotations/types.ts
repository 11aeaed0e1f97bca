import type { AnchorStatus } from "@/lib/anchoring/anchor-status";
import type { HighlightColor } from "./colors";
import type { RubricPoints } from "@/lib/review/rubric";
import type { Visibility } from "./schemas";

export type TextQuoteSelectorDto = { type: "TextQuoteSelector"; exact: string; prefix: string; suffix: string };
export type TextPositionSelectorDto = { type: "TextPositionSelector"; start: number; end: number };

/**
 * What the viewer may do with an annotation, decided by the server (server/authz/annotations.ts)
 * for the viewer who asked; the client shows controls from these and never re-derives them.
 */
export type AnnotationPermissions = {
  edit: boolean;
  delete: boolean;
  reply: boolean;
  /** Resolve or reopen the thread. */
  resolve: boolean;
  /** Change who sees the thread (its scope). */
  move: boolean;
  flag: boolean;
  markHelpful: boolean;
  /** Hide or restore the thread (the group's staff). */
  hide: boolean;
  score: boolean;
  /** Write an instructor's feedback reply. */
  feedback: boolean;
};

export const NO_ANNOTATION_PERMISSIONS: AnnotationPermissions = {
  edit: false,
  delete: false,
  reply: false,
  resolve: false,
  move: false,
  flag: false,
  markHelpful: false,
  hide: false,
  score: false,
  feedback: false,
};

/** What the author may do with their own new, top-level annotation: for a page's optimistic copy until the server answers. */
export const OWN_ANNOTATION_PERMISSIONS: AnnotationPermissions = {
  ...NO_ANNOTATION_PERMISSIONS,
  edit: true,
  delete: true,
  reply: true,
  resolve: true,
  move: true,
};

/** What the author may do with their own new reply, likewise. */
export const OWN_REPLY_PERMISSIONS: AnnotationPermissions = { ...NO_ANNOTATION_PERMISSIONS, edit: true, delete: true, reply: true };

/** An annotation as the API returns it and the reading page holds it. Replies have no target. */
export type AnnotationDto = {
  id: string;
  documentId: string;
  versionId: string;
  /** The thread's root for a reply, null for a top-level annotation. */
  parentId: string | null;
  author: { id: string; name: string };
  target: { source: string; selector: [TextQuoteSelectorDto, TextPositionSelectorDto] } | null;
  /**
   * Where the target stands on the version being shown: `anchored` (its position holds) or
   * `relocated` (re-anchored by its words, with `score`), and then the selectors count into that
   * version, `versionId`; or `orphaned` (no good enough place there), and then the selectors are
   * those of `versionId`, the last version it had a place on. Null for a reply.
   */
  anchoring: AnnotationAnchoring | null;
  /** Markdown. Empty for a plain highlight, and for a deleted annotation kept for its replies. */
  body: string;
  /** `body` rendered and sanitized on the server (server/markdown/render-markdown.ts): what pages show. */
  bodyHtml: string;
  tags: string[];
  color: HighlightColor | null;
  /** Who can see it; "group" and "instructors" name their group. A reply carries its thread's. */
  visibility: Visibility;
  groupId: string | null;
  groupName: string | null;
  /** Replies in the thread, never counting feedback. */
  replyCount: number;
  /** Pieces of private feedback in the thread the viewer may read (0 on a reply). */
  feedbackCount: number;
  /** An instructor's private feedback, read only by the author of what it is about and the group's staff. */
  isFeedback: boolean;
  /** What a piece of feedback is about: the thread's annotation or one of its replies; null otherwise. */
  feedbackOn: { id: string; author: { id: string; name: string }; isReply: boolean } | null;
  /** Its rubric score (0–3) if the viewer may see it: the group's staff, or its author once released. */
  score: RubricPoints | null;
  resolvedAt: string | null;
  isDeleted: boolean;
  /** Hidden by one of the group's instructors: only its author and the group's staff still see it. */
  isHidden: boolean;
  /** How many readers marked it helpful. */
  helpfulCount: number;
  /** Whether the viewer marked it helpful; present where the server knows the viewer (the reading page's list). */
  isHelpfulToMe?: boolean;
  createdAt: string;
  updatedAt: string;
  /** What the viewer who asked may do with it. */
  permissions: AnnotationPermissions;
};

/** `quoteWas`: for one whose words a later version changed, the words it was written on. */
export type AnnotationAnchoring = { status: AnchorStatus; versionId: string; score: number; quoteWas?: string };

export type AnnotationPage = { items: AnnotationDto[]; nextCursor: string | null };

export type ThreadDto = { annotation: AnnotationDto; replies: AnnotationDto[] };
