/** The review rubric: every score an instructor gives is one of these points. */
export const RUBRIC = [
  { points: 0, label: "Not yet" },
  { points: 1, label: "Developing" },
  { points: 2, label: "Proficient" },
  { points: 3, label: "Exemplary" },
] as const;

export type RubricPoints = (typeof RUBRIC)[number]["points"];

export const RUBRIC_LABELS: Record<RubricPoints, string> = Object.fromEntries(RUBRIC.map((level) => [level.points, level.label])) as Record<
  RubricPoints,
  string
>;

export function isRubricPoints(value: number): value is RubricPoints {
  return RUBRIC.some((level) => level.points === value);
}
