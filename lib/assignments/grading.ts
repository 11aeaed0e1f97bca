/**
 * An assignment's automatic grade, as a pure function of what a student wrote and when: the
 * server counts (server/assignments/count-work.ts), this decides. Hypothesis LMS's options are the
 * floor — all-or-nothing or scaled, annotations and replies counted together ("cumulative") or
 * each against its own expectation ("separate") — plus a lateness penalty, and an instructor's
 * override always wins. Reading completion (how far into the reading the student has read) is an
 * optional part of its own beside them; it is one undated number, so it is never late.
 */
import { RUBRIC } from "@/lib/review/rubric";

export const GRADING_MODES = ["all_or_nothing", "scaled"] as const;
export type GradingMode = (typeof GRADING_MODES)[number];
export const COUNT_MODES = ["cumulative", "separate"] as const;
export type CountMode = (typeof COUNT_MODES)[number];
/**
 * Where a student stands. Past the due time, "late" is work handed in but not all of it on time,
 * "missing" no work at all: both were "late", and a class list could not tell who had to be chased.
 */
export const PROGRESS_STATUSES = ["not_started", "in_progress", "done", "late", "missing"] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

export type GradingRules = {
  expectedAnnotations: number;
  expectedReplies: number;
  gradingMode: GradingMode;
  points: number;
  countMode: CountMode;
  latePenaltyPercent: number;
  dueAt: Date;
  /** Work made after an instructor closed the assignment does not count. */
  closedAt: Date | null;
  /** Percent of the reading (furthest paragraph seen) expected, 0–100; 0 or absent: reading is not graded. */
  expectedReadPercent?: number;
  /**
   * The share of the grade, 0–100, that comes from the review page's rubric scores on the counted
   * work (see `blendRubric`); the rest comes from meeting the expectations. 0 or left out: none.
   */
  rubricPercent?: number;
};

/** What the student read, beside what they wrote: 0–1 of the reading, by the furthest paragraph seen. */
export type ReadingDone = { readFraction?: number };

/** `score`: the rubric points an instructor gave it on the review page (0–3), null or left out when unscored. */
/** One piece of a student's work: `handedInAt` is when it reached the group, what due and close times are compared with. */
export type WorkItem = { kind: "annotation" | "reply"; handedInAt: Date; score?: number | null };
export type Override = { points: number; reason: string };

export type Counts = { annotations: number; replies: number };

export type Grade = {
  /** Everything counted (on time and late), and the late part of it. */
  counts: Counts;
  late: Counts;
  /** What is still expected: with "cumulative", `either` (annotations or replies, in any mix). */
  remaining: { annotations: number; replies: number; either: number; readPercent: number };
  /** How far the student has read, in whole percent (the part reading completion grades). */
  readPercent: number;
  status: ProgressStatus;
  /** The automatic grade, 0–points, to two decimals. */
  computed: number;
  /** The grade that stands: the override when there is one, else `computed`. */
  grade: number;
  override: Override | null;
  /** The mean rubric score (0–3, two decimals) of the counted work that has one; null when none has. */
  rubric: number | null;
};

/**
 * 0–1: how much of the expectation `counts` (and `readFraction` of the reading) meets. Nothing
 * expected is met by anything, even nothing. Each expectation is an equal part: annotations and
 * replies (one part together when "cumulative"), and reading completion when one is expected.
 */
export function completion(
  rules: Pick<GradingRules, "expectedAnnotations" | "expectedReplies" | "countMode" | "expectedReadPercent">,
  counts: Counts,
  readFraction = 0,
): number {
  const { expectedAnnotations: ea, expectedReplies: er } = rules;
  const pairs: Array<[number, number]> =
    rules.countMode === "cumulative"
      ? [[counts.annotations + counts.replies, ea + er]]
      : [
          [counts.annotations, ea],
          [counts.replies, er],
        ];
  const expectedRead = rules.expectedReadPercent ?? 0;
  if (expectedRead > 0) pairs.push([readPercentOf(readFraction), expectedRead]);
  const parts = pairs.filter(([, expected]) => expected > 0);
  if (parts.length === 0) return 1;
  return parts.reduce((sum, [count, expected]) => sum + Math.min(count, expected) / expected, 0) / parts.length;
}

/** Whole percent, rounded down: 99.9 % read is not 100 %. */
const readPercentOf = (fraction: number) => Math.floor(Math.min(1, Math.max(0, fraction)) * 100 + 1e-9);

function score(rules: GradingRules, fraction: number): number {
  if (rules.gradingMode === "all_or_nothing") return fraction >= 1 ? 1 : 0;
  return fraction;
}

/**
 * Points kept to the hundredth, a half rounded up, for every grade, override and gradebook: 2.625
 * is 2.63 though computed as 2.6249999999999996 (0.7 × 0.375 × 10), as an override of 4.555 is 4.56.
 * Twelve significant digits first drop the binary representation's error, never a typed digit.
 */
export const roundPoints = (value: number) => Math.round(Number((value * 100).toPrecision(12))) / 100;

/**
 * The grade: what on-time work earns counts in full; what late work adds on top loses
 * `latePenaltyPercent` of itself. So a student who did half on time and half late with a 20 %
 * penalty on 10 points (scaled) gets 5 + 5 × 0.8 = 9.
 */
export function gradeWork(
  rules: GradingRules,
  work: readonly WorkItem[],
  override: Override | null,
  now = new Date(),
  { readFraction = 0 }: ReadingDone = {},
): Grade {
  const counted = work.filter((item) => !rules.closedAt || item.handedInAt <= rules.closedAt);
  const tally = (items: readonly WorkItem[]): Counts => ({
    annotations: items.filter((item) => item.kind === "annotation").length,
    replies: items.filter((item) => item.kind === "reply").length,
  });
  const counts = tally(counted);
  const onTime = tally(counted.filter((item) => item.handedInAt <= rules.dueAt));
  const late = { annotations: counts.annotations - onTime.annotations, replies: counts.replies - onTime.replies };

  const onTimeScore = score(rules, completion(rules, onTime, readFraction));
  const allScore = score(rules, completion(rules, counts, readFraction));
  const earned = onTimeScore + Math.max(0, allScore - onTimeScore) * (1 - rules.latePenaltyPercent / 100);
  const rubric = rubricAverage(counted);
  const computed = roundPoints(blendRubric(rules, earned, rubric) * rules.points);

  const isCompleteOnTime = completion(rules, onTime, readFraction) >= 1;
  const readPercent = readPercentOf(readFraction);
  const hasWork = counts.annotations + counts.replies > 0 || (readPercent > 0 && (rules.expectedReadPercent ?? 0) > 0);
  const status: ProgressStatus = isCompleteOnTime
    ? "done"
    : now > rules.dueAt
      ? hasWork
        ? "late"
        : "missing"
      : hasWork
        ? "in_progress"
        : "not_started";

  const cumulativeLeft = Math.max(0, rules.expectedAnnotations + rules.expectedReplies - counts.annotations - counts.replies);
  const readLeft = Math.max(0, (rules.expectedReadPercent ?? 0) - readPercent);
  const remaining =
    rules.countMode === "cumulative"
      ? { annotations: 0, replies: 0, either: cumulativeLeft, readPercent: readLeft }
      : {
          annotations: Math.max(0, rules.expectedAnnotations - counts.annotations),
          replies: Math.max(0, rules.expectedReplies - counts.replies),
          either: 0,
          readPercent: readLeft,
        };

  return {
    counts,
    late,
    remaining,
    readPercent,
    status,
    computed,
    grade: override ? override.points : computed,
    override,
    rubric: rubric === null ? null : roundPoints(rubric),
  };
}

/** The mean rubric score of the scored work; null when nothing is scored. */
export function rubricAverage(work: readonly WorkItem[]): number | null {
  const scores = work.flatMap((item) => (item.score == null ? [] : [item.score]));
  return scores.length === 0 ? null : scores.reduce((sum, score) => sum + score, 0) / scores.length;
}

/**
 * Rubric scores as part of the grade: `rubricPercent` of it is the mean score over the top of the
 * rubric (3 "Exemplary" earns all of that part), the rest is what the expectations earned (0–1).
 * Work nobody scored yet earns nothing of the rubric part — an instructor who counts the rubric
 * scores what they grade. The lateness penalty applies to the expectations' part only: a late
 * note's quality is scored as it is.
 */
export function blendRubric(rules: Pick<GradingRules, "rubricPercent">, participation: number, rubric: number | null): number {
  const share = (rules.rubricPercent ?? 0) / 100;
  if (share <= 0) return participation;
  // The rubric's top score, worked out here rather than once at the top of the module: a statement
  // there runs wherever the module is imported, and kept this file's rubric in the reading page's
  // first-load JavaScript for a label or two.
  const top = Math.max(...RUBRIC.map((level) => level.points));
  return (1 - share) * participation + share * ((rubric ?? 0) / top);
}

/**
 * "1 more reply", "2 more annotations and 1 more reply", "3 more annotations or replies",
 * "2 more annotations, 1 more reply and 40 % more of the reading"; "" when nothing is.
 */
export function describeRemaining(remaining: Grade["remaining"]): string {
  const more = (count: number, one: string, many: string) => `${count} more ${count === 1 ? one : many}`;
  const reading = remaining.readPercent > 0 ? `${remaining.readPercent} % more of the reading` : "";
  const parts =
    remaining.either > 0
      ? [more(remaining.either, "annotation or reply", "annotations or replies"), reading]
      : [
          remaining.annotations > 0 ? more(remaining.annotations, "annotation", "annotations") : "",
          remaining.replies > 0 ? more(remaining.replies, "reply", "replies") : "",
          reading,
        ];
  const listed = parts.filter(Boolean);
  return listed.length <= 1 ? (listed[0] ?? "") : `${listed.slice(0, -1).join(", ")} and ${listed[listed.length - 1]}`;
}

export const STATUS_LABELS: Record<ProgressStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  done: "Done",
  late: "Late",
  missing: "Missing",
};

/**
 * "2 days left", "5 hours left", "40 minutes left", "due 3 days ago". Hours up to two days: counted
 * down in whole days, an assignment due in 48 hours said "1 day left" a moment after it was set.
 */
export function describeTimeLeft(dueAt: Date, now = new Date()): string {
  const ms = dueAt.getTime() - now.getTime();
  const abs = Math.abs(ms);
  const [count, unit] =
    abs >= 2 * 86_400_000
      ? [Math.floor(abs / 86_400_000), "day"]
      : abs >= 3_600_000
        ? [Math.floor(abs / 3_600_000), "hour"]
        : [Math.max(1, Math.floor(abs / 60_000)), "minute"];
  const span = `${count} ${unit}${count === 1 ? "" : "s"}`;
  return ms >= 0 ? `${span} left` : `due ${span} ago`;
}
