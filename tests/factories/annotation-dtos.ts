// Annotation DTOs and document notes for the pure tests (export writers, client state, cards): no database.
import { plainTextHtml } from "@/lib/annotations/plain-text-html";
import { NO_ANNOTATION_PERMISSIONS, type AnnotationDto } from "@/lib/annotations/types";
import type { DocumentNotes } from "@/lib/exports/document-notes";

export const ORIGIN = "https://notes.example.edu";
export const EXPORTED_AT = new Date("2025-03-04T05:06:07.000Z");

export function annotation(overrides: Partial<AnnotationDto> & { id: string; exact?: string; start?: number }): AnnotationDto {
  const { exact = "a quoted passage", start = 0, ...rest } = overrides;
  return {
    documentId: "doc-1",
    versionId: "ver-1",
    parentId: null,
    author: { id: "user-ayesha", name: "Ayesha" },
    target: {
      source: "/read/essay",
      selector: [
        { type: "TextQuoteSelector", exact, prefix: "before ", suffix: " after" },
        { type: "TextPositionSelector", start, end: start + exact.length },
      ],
    },
    anchoring: { status: "anchored", versionId: "ver-1", score: 1 },
    body: "",
    bodyHtml: plainTextHtml(overrides.body ?? ""),
    tags: [],
    color: "yellow",
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
    createdAt: "2025-01-02T10:00:00.000Z",
    updatedAt: "2025-01-02T10:00:00.000Z",
    permissions: NO_ANNOTATION_PERMISSIONS,
    ...rest,
  };
}

export function reply(overrides: Partial<AnnotationDto> & { id: string; parentId: string }): AnnotationDto {
  return annotation({ target: null, anchoring: null, color: null, author: { id: "user-bilal", name: "Bilal" }, ...overrides });
}

export function notes(overrides: Partial<DocumentNotes> = {}): DocumentNotes {
  return {
    document: { slug: "essay", title: "An Essay", author: "Arslan Ghazi" },
    annotations: [],
    replies: [],
    ...overrides,
  };
}
