import { describe, expect, it } from "vitest";
import { trimCharacters } from "./trim-characters";

describe("trimCharacters", () => {
  it.each([
    ["--a-b--", "-", "a-b"],
    ["///", "/", ""],
    ["", "-", ""],
    ["a", "-", "a"],
    ["-.a.-", ".-", "a"],
  ])("trims %j of %j", (text, characters, expected) => {
    expect(trimCharacters(text, characters)).toBe(expected);
  });

  it("is linear on a long run that does not reach the end", () => {
    // Quadratic in the regex it replaces; here a single pass over 1,000,000 characters.
    const text = `a${"-".repeat(1_000_000)}a`;
    expect(trimCharacters(text, "-")).toBe(text);
  });
});
