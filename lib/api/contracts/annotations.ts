import { defineContract } from "@/lib/api/contract";
import {
  ZAnnotationDto,
  ZAnnotationList,
  ZAnnotationPage,
  ZAnnotationStubs,
  ZAnnotationWithReplies,
  ZDeleteResult,
  ZImportSummary,
  ZWebAnnotation,
} from "@/lib/api/responses";
import {
  ZCreateAnnotationSchema,
  ZCreateReplySchema,
  ZDeleteAnnotationQuery,
  ZListAnnotationsQuery,
  ZListAnnotationStubsQuery,
  ZMoveAnnotationsSchema,
  ZUpdateAnnotationSchema,
} from "@/lib/annotations/schemas";
import { ZAnnotationIdParams, ZDocumentSlugParams } from "./params";
import { IMPORT_TOO_LARGE, WRITE_RATE_LIMITED } from "./limits";

export const listAnnotationsContract = defineContract({
  method: "GET",
  path: "/api/documents/{slug}/annotations",
  summary: "Annotations on a document that you can see, in document order (filters, cursor).",
  tag: "Annotations",
  auth: "read",
  params: ZDocumentSlugParams,
  query: ZListAnnotationsQuery,
  responses: {
    200: { description: "One page of top-level annotations; pass `nextCursor` as `cursor` for the next.", schema: ZAnnotationPage },
  },
});

export const listAnnotationStubsContract = defineContract({
  method: "GET",
  path: "/api/documents/{slug}/annotations/stubs",
  summary: "Every annotation you can see placed on the document's latest version, without its words (the reading page's compact form).",
  description:
    "What a large reading's page paints and orders its sidebar by; the same filters as the list. Fetch the annotations themselves " +
    "by window with `GET /api/documents/{slug}/annotations?ids=…`.",
  tag: "Annotations",
  auth: "read",
  params: ZDocumentSlugParams,
  query: ZListAnnotationStubsQuery,
  responses: { 200: { description: "The stubs, in document order.", schema: ZAnnotationStubs } },
});

export const createAnnotationContract = defineContract({
  method: "POST",
  path: "/api/documents/{slug}/annotations",
  summary: "Highlight or annotate a passage.",
  description:
    "Offsets count UTF-16 code units over the document's canonical text. A TextQuoteSelector alone is anchored by its quote and " +
    "context. `clientToken` makes retries idempotent: a retried create answers the first result.",
  tag: "Annotations",
  auth: "write",
  params: ZDocumentSlugParams,
  body: ZCreateAnnotationSchema,
  responses: { 201: { description: "The new annotation.", schema: ZAnnotationDto } },
  errors: {
    429: WRITE_RATE_LIMITED,
    404: "No such document, or a group you are not in.",
    422:
      "The quote does not match the text at its position (the message says why), or `versionId` names a version this reading " +
      "does not have, or comparing that older version with the latest took longer than READING_PLACING_TIMEOUT_MS: nothing was saved.",
  },
});

export const getAnnotationContract = defineContract({
  method: "GET",
  path: "/api/annotations/{id}",
  summary: "One annotation with its replies (or a W3C Web Annotation with Accept: application/ld+json).",
  tag: "Annotations",
  auth: "read",
  params: ZAnnotationIdParams,
  responses: {
    200: {
      description: "The annotation and its replies (a reply comes with none); with `Accept: application/ld+json`, a W3C Web Annotation.",
      schema: ZAnnotationWithReplies,
      otherContent: { "application/ld+json": ZWebAnnotation },
    },
  },
  errors: { 404: "No such annotation, or one you may not see (the same answer)." },
});

export const updateAnnotationContract = defineContract({
  method: "PATCH",
  path: "/api/annotations/{id}",
  summary: "Edit, move, recolour, change visibility, resolve or reopen an annotation.",
  tag: "Annotations",
  auth: "write",
  params: ZAnnotationIdParams,
  body: ZUpdateAnnotationSchema,
  responses: { 200: { description: "The annotation as it is now.", schema: ZAnnotationDto } },
  errors: {
    409: "`ifUnmodifiedSince` was given and the annotation changed since: nothing was changed.",
    422: "A new target whose quote does not match the text.",
    429: WRITE_RATE_LIMITED,
  },
});

export const deleteAnnotationContract = defineContract({
  method: "DELETE",
  path: "/api/annotations/{id}",
  summary: "Delete an annotation (kept as an empty placeholder while it has replies).",
  tag: "Annotations",
  auth: "write",
  params: ZAnnotationIdParams,
  query: ZDeleteAnnotationQuery,
  responses: { 200: { description: "What happened to it.", schema: ZDeleteResult } },
  errors: {
    409: "`ifUnmodifiedSince` was given and the annotation changed since: nothing was deleted.",
    429: WRITE_RATE_LIMITED,
  },
});

export const undoDeleteAnnotationContract = defineContract({
  method: "POST",
  path: "/api/annotations/{id}/undelete",
  summary: "Undo your delete of an annotation or reply, shortly after: it comes back with its tags, score and replies.",
  tag: "Annotations",
  auth: "write",
  params: ZAnnotationIdParams,
  responses: { 200: { description: "The annotation as it is again.", schema: ZAnnotationDto } },
  errors: {
    404: "Nothing of yours was deleted under this id.",
    409: "The reply's thread has moved where you can no longer read it: the reply was not put back.",
    410: "Too late: the undo window (two minutes) has passed, or the reply's thread is gone.",
    429: WRITE_RATE_LIMITED,
  },
});

export const createReplyContract = defineContract({
  method: "POST",
  path: "/api/annotations/{id}/replies",
  summary: "Reply in an annotation's thread.",
  tag: "Annotations",
  auth: "write",
  params: ZAnnotationIdParams,
  body: ZCreateReplySchema,
  responses: { 201: { description: "The new reply.", schema: ZAnnotationDto } },
  errors: { 429: WRITE_RATE_LIMITED },
});

export const moveAnnotationsContract = defineContract({
  method: "POST",
  path: "/api/annotations/move",
  summary: "Move several of my annotations to another scope at once (all or nothing), replies with them.",
  tag: "Annotations",
  auth: "write",
  body: ZMoveAnnotationsSchema,
  responses: { 200: { description: "The moved annotations.", schema: ZAnnotationList } },
  errors: { 404: "Names any id you cannot move; nothing moved.", 429: WRITE_RATE_LIMITED },
});

export const importAnnotationsContract = defineContract({
  method: "POST",
  path: "/api/documents/{slug}/import",
  summary: "Bring in annotations from a W3C Web Annotation or Hypothesis file (≤ 10 MB).",
  description:
    "Each annotation becomes your private annotation, anchored at its position when the quote is really there, otherwise by its " +
    "quote and context; replies join their thread when it is in the same file. Only your own words are imported: an item the " +
    "file says someone else wrote (its W3C `creator`, its Hypothesis `user`) is not. Whatever is not imported comes back in " +
    "`orphans` with the reason. Importing the same file again creates nothing.",
  tag: "Annotations",
  auth: "write",
  params: ZDocumentSlugParams,
  upload: {
    description:
      "One W3C Annotation, an array, an AnnotationPage or an AnnotationCollection with embedded pages (our JSON-LD export included), " +
      "or a Hypothesis export (`{ export_date, annotations }`, or an array of Hypothesis API annotations).",
    contentTypes: ["application/json", "application/ld+json"],
  },
  responses: {
    200: { description: "What was imported, and what was not (could not be placed, or someone else wrote it).", schema: ZImportSummary },
  },
  errors: {
    429: `${WRITE_RATE_LIMITED} An import counts as one write per 100 annotations it writes (those imported already do not count).`,
    400: "A malformed item refuses the whole file, naming the item (one over the limits is left out and reported in `orphans`).",
    409: "Nothing was imported: the same file is being imported at this moment (try again), or another account already holds its import tokens.",
    413: IMPORT_TOO_LARGE,
  },
});
