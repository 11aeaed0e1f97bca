import { describe, expect, it } from "vitest";
import { countWords } from "./count-words";

describe("countWords", () => {
  it("counts runs of non-space, whatever separates them", () => {
    expect(countWords("")).toBe(0);
    expect(countWords("   \n\t ")).toBe(0);
    expect(countWords("one")).toBe(1);
    expect(countWords("  one two\n\nthree\u00a0four\tfive  ")).toBe(5);
    expect(countWords("Taliban, TTP and Pakistan: A Question")).toBe(6);
  });

  it("agrees with splitting on whitespace over a long text", () => {
    const text = Array.from({ length: 5_000 }, (_, index) => `word${index}${index % 7 === 0 ? "\n\n" : " "}`).join("");
    expect(countWords(text)).toBe(text.split(/\s+/).filter(Boolean).length);
  });
});
