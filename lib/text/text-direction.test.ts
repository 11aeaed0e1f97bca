import { describe, expect, it } from "vitest";
import { textDirection } from "./text-direction";

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
