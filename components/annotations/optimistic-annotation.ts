import type { CreateAnnotationBody } from "@/components/api/api-client";
import { pendingId } from "@/lib/annotations/annotation-state";
import { plainTextHtml } from "@/lib/annotations/plain-text-html";
import { scopeFromInput } from "@/lib/annotations/scopes";
import { OWN_ANNOTATION_PERMISSIONS, OWN_REPLY_PERMISSIONS, type AnnotationDto } from "@/lib/annotations/types";

export type Author = { id: string; name: string };

type NewAnnotation = {
  slug: string;
  token: string;
  input: Omit<CreateAnnotationBody, "clientToken">;
  author: Author;
  position: { start: number; end: number };
  quote: { exact: string; prefix: string; suffix: string };
  groupName: string | null;
};

/** My new annotation as its card shows it before the server has it: a pending id, no replies, nothing hidden. */
export function optimisticAnnotation({ slug, token, input, author, position, quote, groupName }: NewAnnotation): AnnotationDto {
  const scope = scopeFromInput(input.visibility ?? "private");
  const now = new Date().toISOString();
  return {
    id: pendingId(token),
    documentId: "",
    versionId: "",
    parentId: null,
    author,
    target: {
      source: `/read/${slug}`,
      selector: [
        { type: "TextQuoteSelector", ...quote },
        { type: "TextPositionSelector", ...position },
      ],
    },
    // Made on the version on screen, where it is placed exactly as selected.
    anchoring: { status: "anchored", versionId: "", score: 1 },
    body: input.body ?? "",
    bodyHtml: plainTextHtml(input.body ?? ""),
    tags: input.tags ?? [],
    color: input.color ?? null,
    visibility: scope.visibility,
    groupId: scope.groupId,
    groupName,
    replyCount: 0,
    feedbackCount: 0,
    isFeedback: false,
    feedbackOn: null,
    score: null,
    isHidden: false,
    helpfulCount: 0,
    // Mine, as the server will say once it has it (lib/annotations/types.ts).
    permissions: OWN_ANNOTATION_PERMISSIONS,
    resolvedAt: null,
    isDeleted: false,
    createdAt: now,
    updatedAt: now,
  };
}

/** My reply before the server has it; it carries its thread's scope once saved. */
export function optimisticReply(token: string, parentId: string, body: string, author: Author): AnnotationDto {
  const now = new Date().toISOString();
  return {
    id: pendingId(token),
    documentId: "",
    versionId: "",
    parentId,
    author,
    target: null,
    anchoring: null,
    body,
    bodyHtml: plainTextHtml(body),
    tags: [],
    color: null,
    visibility: "private",
    groupId: null,
    groupName: null,
    replyCount: 0,
    feedbackCount: 0,
    isFeedback: false,
    feedbackOn: null,
    score: null,
    isHidden: false,
    helpfulCount: 0,
    resolvedAt: null,
    isDeleted: false,
    createdAt: now,
    updatedAt: now,
    permissions: OWN_REPLY_PERMISSIONS,
  };
}
