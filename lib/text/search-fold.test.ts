import { describe, expect, it } from "vitest";
import { searchFold } from "./search-fold";

describe("searchFold", () => {
  it("folds case, accents and Unicode form, the same whichever way the text was written", () => {
    // Each pair written out by code point: composed, decomposed, unaccented, other case.
    const spellings = ["r\u00e9sum\u00e9", "re\u0301sume\u0301", "resume", "R\u00c9SUM\u00c9", "RE\u0301SUME\u0301"];
    expect(new Set(spellings.map(searchFold))).toEqual(new Set(["resume"]));
    expect(searchFold("Caf\u00e9 cre\u0300me")).toBe("cafe creme");
    expect(searchFold("\u0130stanbul \u00c5ngstr\u00f6m \u1e9e")).toBe("istanbul angstrom \u00df");
  });

  it("keeps what is a letter, not an accent: vowel signs of Devanagari, Hangul syllables whole", () => {
    expect(searchFold("\u0915\u093f\u0924\u093e\u092c")).toBe("\u0915\u093f\u0924\u093e\u092c");
    expect(searchFold("\uac01")).toBe("\uac01");
    expect(searchFold("\uac01").includes(searchFold("\uac00"))).toBe(false);
  });
});
