import { describe, expect, it } from "vitest";
import { annotation } from "@/tests/factories/annotation-dtos";
import { filterAnnotations, NO_FILTER } from "./annotation-filters";

describe("filterAnnotations", () => {
  it("filters the sidebar by Show: all, one group's, my private notes", () => {
    const items = [
      annotation({ id: "p", visibility: "private" }),
      annotation({ id: "g", visibility: "group", groupId: "g1", groupName: "Seminar B" }),
      annotation({ id: "i", visibility: "instructors", groupId: "g1", groupName: "Seminar B" }),
      annotation({ id: "o", visibility: "group", groupId: "g2", groupName: "Other" }),
      annotation({ id: "e", visibility: "everyone" }),
    ];
    const shown = (show: string) => filterAnnotations(items, { ...NO_FILTER, show }, "user-ayesha").map((item) => item.id);
    expect(shown("all")).toEqual(["p", "g", "i", "o", "e"]);
    expect(shown("group:g1")).toEqual(["g", "i"]);
    expect(shown("private")).toEqual(["p"]);
  });
});
