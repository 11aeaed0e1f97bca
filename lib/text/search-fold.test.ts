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

  it("reads a soft hyphen as nothing and a ligature as its letters, as text copied from a web page or a PDF holds them", () => {
    // "inter" + U+00AD + "national", and the ligatures fi (U+FB01), fl (U+FB02), ffi (U+FB03), st (U+FB06).
    const copied = searchFold("Inter\u00adnational \ufb01nancial \ufb02ows, e\ufb03cient and \ufb06ill");
    expect(copied).toBe("international financial flows, efficient and still");
    expect(copied.includes(searchFold("International"))).toBe(true);
    expect(copied.includes(searchFold("FINANCIAL"))).toBe(true);
    // Typed with them, a query finds the plain spelling too.
    expect(searchFold("financial").includes(searchFold("\ufb01nan\u00adcial"))).toBe(true);
    // Compatibility forms lower-case after they are letters: the trade mark sign is "tm".
    expect(searchFold("Marginalia\u2122")).toBe("marginaliatm");
  });
});
