import { defineContract } from "@/lib/api/contract";
import { ZRecordReadingProgressSchema } from "@/lib/reading-progress/schemas";
import { ZDocumentSlugParams } from "./params";

export const recordReadingProgressContract = defineContract({
  method: "POST",
  path: "/api/documents/{slug}/reading-progress",
  summary: "Records how far I have read a reading and for how long (what the reading page sends every 30 s and when it is left).",
  description:
    "Idempotent: `furthestParagraph` only ever moves the stored furthest point further, and `activeSeconds` is this page view's " +
    "running total (kept per `session`, never more than the time since the session's first batch plus a minute), so a resent batch " +
    "changes nothing. Shown only to the reader and to the staff of their groups that assign the reading.",
  tag: "Documents",
  auth: "write",
  params: ZDocumentSlugParams,
  body: ZRecordReadingProgressSchema,
  responses: { 204: { description: "Recorded." } },
  errors: {
    404: "No reading you may read by this slug, a version that is not one of its versions, or READING_PROGRESS=off on this server.",
    429: "More than 20 batches at once or 12 a minute, sustained: nothing was recorded; wait `Retry-After` seconds.",
  },
});
