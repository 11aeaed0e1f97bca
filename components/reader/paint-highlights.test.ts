import { describe, expect, it } from "vitest";
import { annotation } from "@/tests/factories/annotation-dtos";
import { DRAFT_HIGHLIGHT_ID, paintHighlights } from "./paint-highlights";

describe("paintHighlights", () => {
  it("paints annotations with a passage, mine as mine, skips deleted ones, and adds the draft last", () => {
    const shown = [
      annotation({ id: "a", start: 0, exact: "abc", author: { id: "me", name: "Me" } }),
      annotation({ id: "b", start: 10, exact: "de", color: null }),
      annotation({ id: "gone", start: 20, isDeleted: true }),
      annotation({ id: "no-passage", target: null }),
    ];
    expect(paintHighlights(shown, "me", { start: 30, end: 35, color: "blue" })).toEqual([
      { id: "a", start: 0, end: 3, color: "yellow", isMine: true },
      { id: "b", start: 10, end: 12, color: "yellow", isMine: false },
      { id: DRAFT_HIGHLIGHT_ID, start: 30, end: 35, color: "blue", isMine: true, isDraft: true },
    ]);
    expect(paintHighlights(shown, "me", null).map((highlight) => highlight.id)).toEqual(["a", "b"]);
  });
});
