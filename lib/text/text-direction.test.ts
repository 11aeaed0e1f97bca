import { describe, expect, it } from "vitest";
import { blocksTakeTheirOwnDirection, textDirection } from "./text-direction";

describe("textDirection", () => {
  it.each([
    ["ar", "rtl"],
    ["ar-EG", "rtl"],
    ["he", "rtl"],
    ["he-IL", "rtl"],
    ["fa-IR", "rtl"],
    ["ur-PK", "rtl"],
    ["ps", "rtl"],
    ["yi", "rtl"],
    ["dv", "rtl"],
    ["ckb-IQ", "rtl"],
    ["sd", "rtl"],
    ["ug-CN", "rtl"],
    ["AR-eg", "rtl"],
    ["az-Arab", "rtl"],
    ["pa-Arab-PK", "rtl"],
    ["sd-Deva", "ltr"],
    ["ug-Latn", "ltr"],
    ["en", "ltr"],
    ["en-GB", "ltr"],
    ["fr-CA", "ltr"],
    ["zh-Hant", "ltr"],
    ["ku", "ltr"],
    ["arn", "ltr"],
  ])("%s runs %s", (language, direction) => {
    expect(textDirection(language)).toBe(direction);
  });

  it.each([null, undefined, "", " "])("%j has no known direction", (language) => {
    expect(textDirection(language)).toBeUndefined();
  });
});

describe("blocksTakeTheirOwnDirection", () => {
  const english = "The river remembers.\n\nIt floods in the monsoon.";
  const withUrdu = `${english}\n\nدریا یاد رکھتا ہے۔`;
  it("is each block's own direction when the language is not known, or left to right with right-to-left letters in it", () => {
    expect(blocksTakeTheirOwnDirection(null, english)).toBe(true);
    expect(blocksTakeTheirOwnDirection("en", withUrdu)).toBe(true);
    expect(blocksTakeTheirOwnDirection("en-GB", "Shalom is שלום.")).toBe(true);
  });
  it("is the language's own in a reading of one direction, and always in a right-to-left one", () => {
    expect(blocksTakeTheirOwnDirection("en", english)).toBe(false);
    expect(blocksTakeTheirOwnDirection("zh", "河流记得街道忘记的一切。")).toBe(false);
    expect(blocksTakeTheirOwnDirection("ur", `${withUrdu} HTML`)).toBe(false);
  });
});
