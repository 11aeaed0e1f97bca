import { z } from "zod";

/** A running total of one page view can't exceed a day; anything claiming more is not a reading page. */
export const MAX_SESSION_SECONDS = 24 * 60 * 60;

export const ZRecordReadingProgressSchema = z
  .object({
    session: z
      .string()
      .regex(/^[A-Za-z0-9-]{8,64}$/, "session is the page view's random id (8–64 letters, digits, dashes).")
      .meta({ description: "A random id the reading page chooses once per opening; batches of one page view share it." }),
    version: z.string().min(1).max(64).meta({ description: "The id of the version on screen (the article body's data-document-version)." }),
    furthestParagraph: z.int().min(0).max(1_000_000).meta({
      description:
        "0-based index of the furthest paragraph seen on screen; recorded as far as the reader's active time on the reading could have read at 1,000 words a minute.",
    }),
    activeSeconds: z
      .int()
      .min(0)
      .max(MAX_SESSION_SECONDS)
      .meta({ description: "This page view's active reading time so far (a running total, not an increment)." }),
  })
  .strict();
export type TRecordReadingProgressSchema = z.output<typeof ZRecordReadingProgressSchema>;

export const ZReadingProgressDto = z.object({
  furthestPercent: z.int().meta({ description: "How far into the reading the furthest paragraph seen is, 0–100." }),
  activeMinutes: z.int().meta({ description: "Active reading time over every page view, in whole minutes." }),
});
export type ReadingProgressDto = z.output<typeof ZReadingProgressDto>;

/** (furthest + 1) of count paragraphs, in thousandths: what "further" compares, also across versions. */
export function furthestPermille(furthestParagraph: number, paragraphCount: number): number {
  if (paragraphCount <= 0) return 0;
  return Math.round((Math.min(furthestParagraph + 1, paragraphCount) / paragraphCount) * 1000);
}
