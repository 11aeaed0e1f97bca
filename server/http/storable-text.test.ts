import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { assertStorableText } from "./respond";

/** `[[[ … value … ]]]`, `depth` arrays deep, as JSON.parse makes it (JSON.parse itself takes this depth). */
function nested(depth: number, value: unknown): unknown {
  return JSON.parse(`${"[".repeat(depth)}${JSON.stringify(value)}${"]".repeat(depth)}`);
}

describe("assertStorableText on what a request body can be", () => {
  it("finds a NUL or a lone surrogate at any depth, in keys too, without running out of stack (a 500 before)", () => {
    const refusal = (value: unknown) => {
      try {
        assertStorableText(value);
        return null;
      } catch (error) {
        return error instanceof AppError ? error.code : error;
      }
    };
    expect(refusal(nested(100_000, "a\u0000b"))).toBe("BAD_REQUEST");
    expect(refusal(nested(100_000, { ["\ud800"]: 1 }))).toBe("BAD_REQUEST");
    expect(refusal(nested(100_000, "fine"))).toBeNull();
    expect(refusal({ deep: nested(50_000, 1), name: "g" })).toBeNull();
    // Wide as well as deep: a million strings in one array.
    expect(refusal(Array.from({ length: 1_000_000 }, () => "x"))).toBeNull();
  });
});
