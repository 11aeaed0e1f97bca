import { describe, expect, it } from "vitest";
import { describeGradesMoved } from "./grades-moved";

describe("describeGradesMoved", () => {
  it("names each grade's move, a student not in the last release, and counts past the first five", () => {
    expect(describeGradesMoved([{ name: "Ana Lima", from: 8, to: 9 }])).toBe("1 grade has moved since the last release: Ana Lima 8 → 9.");
    expect(
      describeGradesMoved([
        { name: "Ana Lima", from: 8, to: 9 },
        { name: "Ben Ode", from: null, to: 7.5 },
      ]),
    ).toBe("2 grades have moved since the last release: Ana Lima 8 → 9; Ben Ode (not in it) 7.5.");
    const seven = Array.from({ length: 7 }, (_, index) => ({ name: `S${index + 1}`, from: 0, to: 10 }));
    expect(describeGradesMoved(seven)).toBe(
      "7 grades have moved since the last release: S1 0 → 10; S2 0 → 10; S3 0 → 10; S4 0 → 10; S5 0 → 10; and 2 more.",
    );
  });
});
