import { z } from "zod";
import { SCORE_RELEASES } from "./score-release";

export const ZScoreRelease = z.enum(SCORE_RELEASES, { error: 'scoreRelease must be "manual" or "immediate".' });

/** "Release scores" on the review page: every unreleased score in the group on one document. */
export const ZReleaseScoresSchema = z
  .object({ document: z.string({ error: "Say which document: its slug." }).trim().min(1, "Say which document: its slug.").max(200) })
  .strict();
export type TReleaseScoresSchema = z.input<typeof ZReleaseScoresSchema>;
