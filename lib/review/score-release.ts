import { z } from "zod";

/**
 * When a group's students see the scores their instructors gave: "manual" — once an instructor
 * presses "Release scores" on the review page (the default: scores are often given in several
 * passes); "immediate" — as soon as each score is given.
 */
export const SCORE_RELEASES = ["manual", "immediate"] as const;
export type ScoreRelease = (typeof SCORE_RELEASES)[number];

export const SCORE_RELEASE_LABELS: Record<ScoreRelease, string> = {
  manual: "When an instructor releases them",
  immediate: "As soon as they are given",
};

export const ZScoreRelease = z.enum(SCORE_RELEASES, { error: 'scoreRelease must be "manual" or "immediate".' });

export function isScoreRelease(value: string): value is ScoreRelease {
  return (SCORE_RELEASES as readonly string[]).includes(value);
}

/** "Release scores" on the review page: every unreleased score in the group on one document. */
export const ZReleaseScoresSchema = z
  .object({ document: z.string({ error: "Say which document: its slug." }).trim().min(1, "Say which document: its slug.").max(200) })
  .strict();
export type TReleaseScoresSchema = z.input<typeof ZReleaseScoresSchema>;

export type ReleaseScoresResult = { released: number };
