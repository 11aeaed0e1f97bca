import { describe, expect, it } from "vitest";
import { editDistance } from "./edit-distance";
import { editDistanceSteps, OutOfWork, WorkBudget } from "./work-budget";

describe("WorkBudget", () => {
  it("gives out its units and refuses, taking nothing, what would go past them", () => {
    const budget = new WorkBudget(100);
    budget.spend(60);
    expect(() => budget.spend(41)).toThrow(OutOfWork);
    expect(budget.used).toBe(60);
    budget.spend(40);
    expect(() => budget.spend(1)).toThrow(OutOfWork);
  });

  it("is charged by an edit distance for what is left once a shared head and tail are dropped", () => {
    const budget = new WorkBudget(Number.MAX_SAFE_INTEGER);
    const long = "a".repeat(10_000);
    expect(editDistance(long, long, budget)).toBe(0);
    expect(editDistance(`x${long}`, `y${long}`, budget)).toBe(1);
    expect(budget.used).toBe(editDistanceSteps(1, 1));
    expect(editDistance(`x${long}`, `${long}y`, budget)).toBe(2);
    expect(budget.used).toBe(editDistanceSteps(1, 1) + editDistanceSteps(10_001, 10_001));
    expect(() => editDistance(`x${long}`, `${long}y`, new WorkBudget(editDistanceSteps(10_001, 10_001) - 1))).toThrow(OutOfWork);
  });
});
