import { describe, expect, it } from "vitest";
import { countTags, hasTag } from "./tag-key";

describe("tags without regard to case", () => {
  it("finds a tag whatever its case", () => {
    expect(hasTag(["Walking", "thesis"], "walking")).toBe(true);
    expect(hasTag(["walking"], "WALKING")).toBe(true);
    expect(hasTag(["walk"], "walking")).toBe(false);
  });

  it("counts one tag once, in the spelling most notes use", () => {
    const counted = countTags([["walking"], ["Walking", "Thesis"], ["walking"], ["thesis"]]);
    expect(new Map(counted)).toEqual(
      new Map([
        ["walking", 3],
        ["Thesis", 2],
      ]),
    );
  });
});
