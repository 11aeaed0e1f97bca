import { describe, expect, it } from "vitest";
import { ZCreateAnnotationSchema, ZUpdateAnnotationSchema } from "./schemas";

describe("tags", () => {
  const target = { selector: [{ type: "TextQuoteSelector", exact: "words" }] };
  const tagMessage = (tags: unknown) => ZCreateAnnotationSchema.safeParse({ target, tags }).error?.issues[0].message;

  it("are one line a reader can see: control characters are refused, not dropped", () => {
    for (const tag of ["line1\r\nline2", "a\tb", "\u0007\u001b[31m"])
      expect(tagMessage([tag]), JSON.stringify(tag)).toBe("A tag is one line: no line breaks, tabs or other control characters.");
    expect(tagMessage(["at the end\n"])).toBeUndefined(); // trimmed away first
    expect(tagMessage(["\u200b"])).toBe("A tag needs letters or signs a reader can see.");
    expect(ZUpdateAnnotationSchema.safeParse({ tags: ["two\nlines"] }).success).toBe(false);
  });

  it("keep every letter, mark and emoji, and trim the ends", () => {
    const parsed = ZCreateAnnotationSchema.parse({ target, tags: [" Évidence ", "👩‍👩‍👧‍👦🏳️‍🌈", "עברית"] });
    expect(parsed.tags).toEqual(["Évidence", "👩‍👩‍👧‍👦🏳️‍🌈", "עברית"]);
  });
});
