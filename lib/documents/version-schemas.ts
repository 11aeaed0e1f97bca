import { z } from "zod";
import { ANCHOR_STATUSES } from "@/lib/anchoring/anchor-status";

const ZDateTime = z.iso.datetime({ offset: true });

/** `?version=` on a reading and its annotations: a version number; the latest when absent. */
export const ZVersionQuery = z.object({
  version: z.coerce.number().int().min(1).optional().meta({ description: "A version number (1, 2, …); the latest when absent." }),
});

export const ZAnchoringCounts = z.object({ anchored: z.number().int(), relocated: z.number().int(), orphaned: z.number().int() }).meta({
  description: "How the annotations went onto the new version: position held, found again by their words, or no place good enough.",
});

/**
 * POST /api/documents/{slug}/versions, beside the reading's inputs: the number of the version the new
 * text was made from (a number in JSON, digits in a form). When another version has been added
 * since, the request is refused rather than silently undoing that version's changes.
 */
export const ZBaseVersion = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().min(1))
  .meta({ description: "The version number the text was made from; when it is no longer the latest, nothing is saved (409)." });

/** POST /api/documents/{slug}/versions. */
export const ZReadingVersionCreated = z.object({
  version: z.object({ id: z.string(), number: z.number().int(), createdAt: ZDateTime }),
  anchoring: ZAnchoringCounts,
});
export type ReadingVersionCreated = z.output<typeof ZReadingVersionCreated>;

/** GET /api/documents/{slug}/versions: newest first. */
export const ZReadingVersionList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      number: z.number().int(),
      createdAt: ZDateTime,
      isLatest: z.boolean(),
      /** Characters of canonical text. */
      length: z.number().int(),
    }),
  ),
});
export type ReadingVersionList = z.output<typeof ZReadingVersionList>;

export const ZAnchorStatus = z.enum(ANCHOR_STATUSES);
