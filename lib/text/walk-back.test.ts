import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lastWord } from "./walk-back";

/** The regex lastWord replaces: right, but retried from every letter of a long word (quadratic). */
const LAST_WORD = /[\p{L}\p{N}\p{M}]+(?=[^\p{L}\p{N}\p{M}]*$)/u;

describe("lastWord", () => {
  it("is the text's last run of letters, numbers and marks, whatever punctuation follows", () => {
    expect(lastWord("policy, not capacity.")).toBe("capacity");
    expect(lastWord("TTP’s 2021")).toBe("2021");
    expect(lastWord("پالیسیاں —")).toBe("پالیسیاں");
    expect(lastWord("the 𝐛𝐨𝐥𝐝 word𝐬!")).toBe("word𝐬");
    expect(lastWord("café\u0301")).toBe("café\u0301");
    expect(lastWord("... !")).toBeUndefined();
    expect(lastWord("")).toBeUndefined();
  });

  it("agrees with the regex it replaces on any text", () => {
    const unit = fc.constantFrom("a", "Z", "7", "é", "\u0301", "𝐛", "ß", "ش", " ", "-", ".", "’", "\n", "\uD835", "\uDC1B", "😀");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40, size: "max" }), (text) => lastWord(text) === text.match(LAST_WORD)?.[0]),
      { numRuns: 2_000 },
    );
  });

  it("finds the last word after a 200,000-letter word in one pass", () => {
    expect(lastWord(`${"a".repeat(200_000)}-b`)).toBe("b");
    expect(lastWord(`${"a".repeat(200_000)}-`)).toBe("a".repeat(200_000));
  });
});
