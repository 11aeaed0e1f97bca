import { describe, expect, it } from "vitest";
import {
  completion,
  describeRemaining,
  describeTimeLeft,
  gradeWork,
  roundPoints,
  STATUS_LABELS,
  type GradingRules,
  type WorkItem,
} from "./grading";

const due = new Date("2026-12-01T12:00:00Z");
const before = new Date("2026-12-01T11:00:00Z");
const after = new Date("2026-12-01T13:00:00Z");
const rules = (overrides: Partial<GradingRules> = {}): GradingRules => ({
  expectedAnnotations: 3,
  expectedReplies: 2,
  gradingMode: "scaled",
  points: 10,
  countMode: "separate",
  latePenaltyPercent: 0,
  dueAt: due,
  closedAt: null,
  ...overrides,
});
const items = (annotations: number, replies: number, at: Date): WorkItem[] => [
  ...Array.from({ length: annotations }, () => ({ kind: "annotation" as const, handedInAt: at })),
  ...Array.from({ length: replies }, () => ({ kind: "reply" as const, handedInAt: at })),
];

describe("gradeWork", () => {
  // Expected grades worked out by hand from the rules (3 annotations + 2 replies expected, 10 points).
  it.each([
    ["scaled, separate: 3/3 and 1/2 is (1 + 0.5) / 2", rules(), items(3, 1, before), 7.5],
    ["scaled, separate: more than expected caps at full marks", rules(), items(9, 9, before), 10],
    ["scaled, cumulative: 4 of 5 in any mix", rules({ countMode: "cumulative" }), items(0, 4, before), 8],
    ["all-or-nothing, separate: one reply short is nothing", rules({ gradingMode: "all_or_nothing" }), items(3, 1, before), 0],
    [
      "all-or-nothing, cumulative: five replies meet five",
      rules({ gradingMode: "all_or_nothing", countMode: "cumulative" }),
      items(0, 5, before),
      10,
    ],
    ["scaled, separate, only replies expected", rules({ expectedAnnotations: 0 }), items(0, 1, before), 5],
  ])("%s", (_label, gradingRules, work, expected) => {
    expect(gradeWork(gradingRules, work, null, before).computed).toBe(expected);
  });

  it("takes the late penalty off only what late work added", () => {
    const late = rules({ latePenaltyPercent: 20, countMode: "cumulative" });
    // 2 of 5 on time (4 points), 3 more late (6 points × 0.8 = 4.8).
    const grade = gradeWork(late, [...items(2, 0, before), ...items(1, 2, after)], null, after);
    expect(grade.computed).toBe(8.8);
    expect(grade.late).toEqual({ annotations: 1, replies: 2 });
    expect(grade.status).toBe("late");
    // All-or-nothing completed late: the whole grade is late.
    expect(gradeWork({ ...late, gradingMode: "all_or_nothing" }, items(3, 2, after), null, after).computed).toBe(8);
  });

  it("ignores work after the assignment was closed", () => {
    const closed = rules({ closedAt: after });
    const grade = gradeWork(closed, [...items(3, 1, before), ...items(0, 1, new Date("2026-12-02T00:00:00Z"))], null);
    expect(grade.counts).toEqual({ annotations: 3, replies: 1 });
    expect(grade.computed).toBe(7.5);
    // Reopened: what was handed in while closed counts, late as it was.
    const reopened = gradeWork(rules(), [...items(3, 1, before), ...items(0, 1, new Date("2026-12-02T00:00:00Z"))], null);
    expect(reopened.counts).toEqual({ annotations: 3, replies: 2 });
    expect(reopened.late).toEqual({ annotations: 0, replies: 1 });
  });

  it("lets an override win, keeping the computed grade beside it", () => {
    const grade = gradeWork(rules(), items(0, 0, before), { points: 9, reason: "Discussed in class" }, before);
    expect([grade.computed, grade.grade]).toEqual([0, 9]);
  });

  it("says the status: not started, in progress, done, late, missing", () => {
    expect(gradeWork(rules(), [], null, before).status).toBe("not_started");
    expect(gradeWork(rules(), items(1, 0, before), null, before).status).toBe("in_progress");
    expect(gradeWork(rules(), items(3, 2, before), null, after).status).toBe("done");
    expect(gradeWork(rules(), items(3, 2, after), null, after).status).toBe("late");
    // Some work on time, the rest never handed in: late, not missing.
    expect(gradeWork(rules(), items(1, 0, before), null, after).status).toBe("late");
  });

  it("says missing, not late, for a student with no work at all once the due time is past", () => {
    const nothing = gradeWork(rules(), [], null, after);
    expect(nothing.status).toBe("missing");
    expect(STATUS_LABELS[nothing.status]).toBe("Missing");
    // Work that does not count (handed in after closing) is no work either.
    expect(gradeWork(rules({ closedAt: due }), items(1, 0, after), null, after).status).toBe("missing");
  });

  it("says what is still expected", () => {
    expect(describeRemaining(gradeWork(rules(), items(3, 1, before), null, before).remaining)).toBe("1 more reply");
    expect(describeRemaining(gradeWork(rules(), items(1, 0, before), null, before).remaining)).toBe(
      "2 more annotations and 2 more replies",
    );
    expect(describeRemaining(gradeWork(rules({ countMode: "cumulative" }), items(4, 0, before), null, before).remaining)).toBe(
      "1 more annotation or reply",
    );
    expect(describeRemaining(gradeWork(rules(), items(3, 2, before), null, before).remaining)).toBe("");
  });
});

describe("roundPoints", () => {
  it("rounds a half up to the hundredth, whatever binary arithmetic made of it", () => {
    // 0.7 × 0.375 × 10 is 2.6249999999999996 in binary; an override typed as 4.555 is 455.49999999999994 hundredths.
    expect(roundPoints(0.7 * 0.375 * 10)).toBe(2.63);
    expect(roundPoints(4.555)).toBe(4.56);
    expect(roundPoints(9.125)).toBe(9.13);
    expect(roundPoints(2.624)).toBe(2.62);
    expect(roundPoints(1 / 3)).toBe(0.33);
    expect(roundPoints(10)).toBe(10);
    expect(roundPoints(0)).toBe(0);
  });
});

describe("completion and time left", () => {
  it("treats nothing expected as complete", () => {
    expect(completion({ expectedAnnotations: 0, expectedReplies: 0, countMode: "separate" }, { annotations: 0, replies: 0 })).toBe(1);
  });
  it("counts down in the largest whole unit", () => {
    expect(describeTimeLeft(due, new Date("2026-11-29T11:00:00Z"))).toBe("2 days left");
    // Due in 48 hours, a moment ago: not "1 day left".
    expect(describeTimeLeft(new Date(Date.UTC(2026, 11, 3, 12)), new Date(Date.UTC(2026, 11, 1, 12, 0, 0, 5)))).toBe("47 hours left");
    expect(describeTimeLeft(new Date(Date.UTC(2026, 11, 3, 12)), new Date(Date.UTC(2026, 11, 4, 13)))).toBe("due 25 hours ago");
    expect(describeTimeLeft(due, before)).toBe("1 hour left");
    expect(describeTimeLeft(due, new Date("2026-12-01T11:20:00Z"))).toBe("40 minutes left");
    expect(describeTimeLeft(due, new Date("2026-12-04T12:00:00Z"))).toBe("due 3 days ago");
  });
});

describe("reading completion in the grade", () => {
  // 3 annotations + 2 replies and 80 % of the reading expected, 10 points: three equal parts when separate.
  const reading = (overrides: Partial<GradingRules> = {}) => rules({ expectedReadPercent: 80, ...overrides });

  it.each([
    ["all written, nothing read: two parts of three", reading(), items(3, 2, before), 0, 6.67],
    ["all written, read to 40 % of 80 %: half the third part", reading(), items(3, 2, before), 0.4, 8.33],
    ["all written, read past what is expected: full marks", reading(), items(3, 2, before), 0.95, 10],
    ["cumulative: the writing is one part, the reading the other", reading({ countMode: "cumulative" }), items(0, 5, before), 0.4, 7.5],
    ["only reading expected", reading({ expectedAnnotations: 0, expectedReplies: 0 }), [], 0.6, 7.5],
    ["all or nothing: 79 % of 80 % is nothing", reading({ gradingMode: "all_or_nothing" }), items(3, 2, before), 0.79, 0],
    ["all or nothing: 80 % is everything", reading({ gradingMode: "all_or_nothing" }), items(3, 2, before), 0.8, 10],
    ["no reading expected: what was read changes nothing", rules(), items(3, 1, before), 1, 7.5],
  ])("%s", (_label, gradingRules, work, readFraction, expected) => {
    expect(gradeWork(gradingRules, work, null, before, { readFraction }).computed).toBe(expected);
  });

  it("is never late: reading is one undated number, and late writing loses only its own share", () => {
    const late = reading({ latePenaltyPercent: 50 });
    // On time: reading done (1/3). Late: all the writing (2/3 × 0.5).
    const grade = gradeWork(late, items(3, 2, after), null, after, { readFraction: 1 });
    expect(grade.computed).toBe(6.67);
    expect(grade.status).toBe("late");
  });

  it("says how much more to read, and counts reading as having started", () => {
    const grade = gradeWork(reading(), items(3, 1, before), null, before, { readFraction: 0.5 });
    expect(grade.readPercent).toBe(50);
    expect(grade.remaining.readPercent).toBe(30);
    expect(describeRemaining(grade.remaining)).toBe("1 more reply and 30 % more of the reading");
    expect(describeRemaining(gradeWork(reading(), items(1, 0, before), null, before, { readFraction: 0.1 }).remaining)).toBe(
      "2 more annotations, 2 more replies and 70 % more of the reading",
    );
    expect(gradeWork(reading(), [], null, before, { readFraction: 0.1 }).status).toBe("in_progress");
    expect(gradeWork(reading(), items(3, 2, before), null, before, { readFraction: 0.8 }).status).toBe("done");
    expect(gradeWork(reading(), items(3, 2, before), null, before, { readFraction: 0.5 }).status).toBe("in_progress");
  });

  it("rounds reading down: 99.95 % read is not 100 %", () => {
    const all = reading({ expectedReadPercent: 100, expectedAnnotations: 0, expectedReplies: 0, gradingMode: "all_or_nothing" });
    expect(gradeWork(all, [], null, before, { readFraction: 0.9995 }).computed).toBe(0);
    expect(gradeWork(all, [], null, before, { readFraction: 1 }).computed).toBe(10);
  });
});

describe("rubric scores in the grade", () => {
  const scored = (scores: Array<number | null>, at = before): WorkItem[] =>
    scores.map((score) => ({ kind: "annotation" as const, handedInAt: at, score }));
  // Worked out by hand: 3 annotations expected (no replies), 10 points.
  const withRubric = (rubricPercent: number) => rules({ expectedReplies: 0, rubricPercent });

  it.each([
    ["no rubric share: scores change nothing", withRubric(0), scored([0, 0, 0]), 10, 0],
    ["40 % rubric, all Exemplary: full marks", withRubric(40), scored([3, 3, 3]), 10, 3],
    ["40 % rubric, mean 2 of 3: 6 + 4 × 2/3", withRubric(40), scored([1, 2, 3]), 8.67, 2],
    ["unscored work is left out of the mean", withRubric(40), scored([3, null, null]), 10, 3],
    ["nothing scored yet earns nothing of the rubric part", withRubric(40), scored([null, null, null]), 6, null],
    ["two of three and Developing, half rubric: 5 × 2/3 + 5 × 1/3", withRubric(50), scored([1, null]), 5, 1],
    ["100 % rubric: only the scores count", withRubric(100), scored([2]), 6.67, 2],
  ])("%s", (_label, gradingRules, work, expected, mean) => {
    const grade = gradeWork(gradingRules, work, null, before);
    expect(grade.computed).toBe(expected);
    expect(grade.rubric).toBe(mean);
  });

  it("takes the late penalty off the expectations' part, never off the rubric's", () => {
    // 3 annotations late, all Exemplary, 50 % penalty, 40 % rubric: 6 × 0.5 + 4 = 7.
    expect(gradeWork({ ...withRubric(40), latePenaltyPercent: 50 }, scored([3, 3, 3], after), null, after).computed).toBe(7);
  });

  it("still gives way to an override", () => {
    expect(gradeWork(withRubric(40), scored([0]), { points: 9, reason: "Oral" }, before).grade).toBe(9);
  });
});
