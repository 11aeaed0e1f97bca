// Zod-free, so the group settings form can use it without zod in the page (perf/js-budget.json);
// the schemas are in score-release-schemas.ts.
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

export function isScoreRelease(value: string): value is ScoreRelease {
  return (SCORE_RELEASES as readonly string[]).includes(value);
}

export type ReleaseScoresResult = { released: number };

/**
 * "1 score on this reading is not released yet: students do not see it.", for `count` above 0:
 * the review page and the assignment page say it alike beside "Release scores".
 */
export function describeUnreleasedScores(count: number): string {
  return count === 1
    ? "1 score on this reading is not released yet: students do not see it."
    : `${count} scores on this reading are not released yet: students do not see them.`;
}
