import type { HighlightColor } from "./colors";
import type { Visibility } from "./schemas";

export type TextQuoteSelectorDto = { type: "TextQuoteSelector"; exact: string; prefix: string; suffix: string };
export type TextPositionSelectorDto = { type: "TextPositionSelector"; start: number; end: number };

/** An annotation as the API returns it and the reading page holds it. Replies have no target. */
export type AnnotationDto = {
  id: string;
  documentId: string;
  versionId: string;
  /** The thread's root for a reply, null for a top-level annotation. */
  parentId: string | null;
  author: { id: string; name: string };
  target: { source: string; selector: [TextQuoteSelectorDto, TextPositionSelectorDto] } | null;
  /** Markdown. Empty for a plain highlight, and for a deleted annotation kept for its replies. */
  body: string;
  tags: string[];
  color: HighlightColor | null;
  /** Who can see it; "group" and "instructors" name their group. A reply carries its thread's. */
  visibility: Visibility;
  groupId: string | null;
  groupName: string | null;
  replyCount: number;
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
};

export type AnnotationPage = { items: AnnotationDto[]; nextCursor: string | null };

export type ThreadDto = { annotation: AnnotationDto; replies: AnnotationDto[] };
