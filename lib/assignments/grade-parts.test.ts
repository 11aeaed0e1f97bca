import { describe, expect, it } from "vitest";
import { describeGradeParts } from "./grade-parts";

const grading = { mode: "scaled", points: 10, count: "separate", latePenaltyPercent: 50, rubricPercent: 30 } as const;

describe("describeGradeParts", () => {
  it("says which work was late and what it cost, and the rubric mean", () => {
    expect(describeGradeParts({ late: { annotations: 1, replies: 0 }, rubric: 2 }, grading)).toBe(
      "Handed in late: 1 annotation, which loses 50 % of what it adds. Rubric scores (30 % of the grade): your scored work averages 2 of 3.",
    );
    expect(describeGradeParts({ late: { annotations: 2, replies: 1 }, rubric: null }, grading)).toBe(
      "Handed in late: 2 annotations and 1 reply, which lose 50 % of what they add. Rubric scores (30 % of the grade): none of your work has one yet.",
    );
  });

  it("says nothing the rules do not count: late work without a penalty, a mean without a rubric share", () => {
    expect(
      describeGradeParts({ late: { annotations: 1, replies: 0 }, rubric: 2 }, { ...grading, latePenaltyPercent: 0, rubricPercent: 0 }),
    ).toBe("");
    expect(describeGradeParts({ late: { annotations: 0, replies: 0 }, rubric: null }, { ...grading, rubricPercent: 0 })).toBe("");
  });
});
