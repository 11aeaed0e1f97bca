import { describe, expect, it } from "vitest";
import { ZCreateAssignmentSchema, ZGradeOverrideSchema, ZUpdateAssignmentSchema } from "./schemas";

describe("ZUpdateAssignmentSchema", () => {
  it("leaves out the grading and expectation fields a partial change leaves out, instead of their defaults", () => {
    expect(ZUpdateAssignmentSchema.parse({ grading: { mode: "all_or_nothing" } })).toEqual({ grading: { mode: "all_or_nothing" } });
    expect(ZUpdateAssignmentSchema.parse({ expectations: { annotations: 5 } })).toEqual({ expectations: { annotations: 5 } });
    expect(ZUpdateAssignmentSchema.parse({ grading: {}, expectations: {} })).toEqual({ grading: {}, expectations: {} });
  });

  it("still checks the fields it is given", () => {
    expect(ZUpdateAssignmentSchema.safeParse({ grading: { points: -1 } }).success).toBe(false);
    expect(ZUpdateAssignmentSchema.safeParse({ grading: { mode: "curved" } }).success).toBe(false);
    expect(ZUpdateAssignmentSchema.safeParse({ expectations: { readPercent: 101 } }).success).toBe(false);
  });

  it("says what is wrong with an expectation: not whole, or out of its range", () => {
    const message = (annotations: unknown) => ZUpdateAssignmentSchema.safeParse({ expectations: { annotations } }).error?.issues[0].message;
    expect(message(1.5)).toBe("Expectations are whole numbers.");
    expect(message(101)).toBe("Expectations are from 0 to 100.");
    expect(message(-1)).toBe("Expectations are from 0 to 100.");
  });

  it("refuses a change of nothing, the version it was made against or a consent alone included", () => {
    for (const update of [{}, { ifUnmodifiedSince: "2026-12-01T17:00:00Z" }, { changeReleasedGrades: true }])
      expect(ZUpdateAssignmentSchema.safeParse(update).error?.issues[0].message, JSON.stringify(update)).toBe(
        "Nothing to change: send at least one field.",
      );
    expect(ZUpdateAssignmentSchema.safeParse({ position: 0 }).success).toBe(true);
  });

  it("refuses a date that does not exist", () => {
    const result = ZUpdateAssignmentSchema.safeParse({ dueAt: "2026-02-31T10:00:00Z" });
    expect(result.error?.issues[0]).toMatchObject({ path: ["dueAt"], message: expect.stringContaining("that exists") });
  });
});

describe("ZCreateAssignmentSchema", () => {
  it("says one reason for each wrong title: missing, too long, invisible, not text", () => {
    const messages = (title: unknown) =>
      ZCreateAssignmentSchema.safeParse({ document: "d", title, dueAt: "2026-12-01T17:00:00Z" }).error?.issues.map(
        (issue) => issue.message,
      );
    expect(messages("")).toEqual(["Give the assignment a title."]);
    expect(messages("x".repeat(10_000))).toEqual([expect.stringMatching(/^Use at most \d+ characters for the title\.$/)]);
    expect(messages("\u200b")).toEqual(["Give the assignment a title people can see."]);
    expect(messages(5)).toEqual(["The title must be text."]);
  });

  it("still fills in the defaults a new assignment leaves out", () => {
    const input = ZCreateAssignmentSchema.parse({ document: "d", title: "T", dueAt: "2026-12-01T17:00:00Z", grading: { points: 50 } });
    expect(input.grading).toEqual({ mode: "scaled", points: 50, count: "separate", latePenaltyPercent: 0, rubricPercent: 0 });
    // What the form proposes: expecting nothing gave every student full marks for nothing.
    expect(input.expectations).toEqual({ annotations: 3, replies: 2, readPercent: 0 });
    // Given, they are what was asked, a field left out 0.
    const given = ZCreateAssignmentSchema.parse({
      document: "d",
      title: "T",
      dueAt: "2026-12-01T17:00:00Z",
      expectations: { annotations: 1 },
    });
    expect(given.expectations).toEqual({ annotations: 1, replies: 0, readPercent: 0 });
  });
});

describe("what marks a question, and a grade override", () => {
  it("takes a question tag only as an annotation's tag could be: visible, one line", () => {
    const tagMessage = (tag: unknown) =>
      ZCreateAssignmentSchema.safeParse({ document: "d", title: "T", dueAt: "2026-12-01T17:00:00Z", questions: { tag } }).error?.issues[0]
        .message;
    expect(tagMessage("\u200b")).toBe("A tag needs letters or signs a reader can see.");
    expect(tagMessage("why\r\nnot")).toBe("A tag is one line: no line breaks, tabs or other control characters.");
    expect(tagMessage(" question ")).toBeUndefined();
    expect(ZUpdateAssignmentSchema.safeParse({ questions: { tag: "\u200b" } }).success).toBe(false);
  });

  it("says the range of points when they are out of it", () => {
    const message = (points: unknown) => ZGradeOverrideSchema.safeParse({ points, reason: "x" }).error?.issues[0].message;
    expect(message(1001)).toBe("Give from 0 to 1000 points.");
    expect(message(-1)).toBe("Give from 0 to 1000 points.");
    expect(message("ten")).toBe("Give the points as a number.");
    expect(message(7.5)).toBeUndefined();
  });

  it("keeps an override's points to the hundredth, as computed grades are", () => {
    const points = (given: number) => ZGradeOverrideSchema.parse({ points: given, reason: "x" }).points;
    expect(points(7.5)).toBe(7.5);
    expect(points(7.333)).toBe(7.33);
    expect(points(1e-320)).toBe(0);
  });
});
