import { describe, expect, it } from "vitest";
import { annotation } from "@/tests/factories/annotation-dtos";
import { filterAnnotations, NO_FILTER, type AnnotationFilter } from "./annotation-filter";

describe("filterAnnotations", () => {
  it("searches quote, note and tags without case, accents or Unicode form, on both sides", () => {
    const items = [
      annotation({ id: "composed", exact: "her r\u00e9sum\u00e9" }),
      annotation({ id: "decomposed", body: "Caf\u0065\u0301 talk" }),
      annotation({ id: "tagged", tags: ["Caf\u00e9"] }),
      annotation({ id: "plain", body: "a resume, a cafe" }),
    ];
    const found = (query: string) =>
      filterAnnotations(items, { ...NO_FILTER, scope: "everyone", query }, "user-ayesha").map((item) => item.id);
    expect(found("resume")).toEqual(["composed", "plain"]);
    expect(found("R\u00c9SUM\u00c9")).toEqual(["composed", "plain"]);
    expect(found("caf\u00e9")).toEqual(["decomposed", "tagged", "plain"]);
    expect(found("Cafe\u0301")).toEqual(["decomposed", "tagged", "plain"]);
    expect(found("cafe")).toEqual(["decomposed", "tagged", "plain"]);
  });

  it("filters the sidebar by Show: all, one group's, my private notes", () => {
    const items = [
      annotation({ id: "p", visibility: "private" }),
      annotation({ id: "g", visibility: "group", groupId: "g1", groupName: "Seminar B" }),
      annotation({ id: "i", visibility: "instructors", groupId: "g1", groupName: "Seminar B" }),
      annotation({ id: "o", visibility: "group", groupId: "g2", groupName: "Other" }),
      annotation({ id: "e", visibility: "everyone" }),
    ];
    const shown = (show: string) =>
      filterAnnotations(items, { ...NO_FILTER, scope: "everyone", show }, "user-ayesha").map((item) => item.id);
    expect(shown("all")).toEqual(["p", "g", "i", "o", "e"]);
    expect(shown("group:g1")).toEqual(["g", "i"]);
    expect(shown("private")).toEqual(["p"]);
  });

  it("shows mine and my groups' by default; strangers' notes shared with everyone are one choice away (issue 16)", () => {
    const me = "user-ayesha";
    const items = [
      annotation({ id: "my-private", visibility: "private", author: { id: me, name: "Ayesha" } }),
      annotation({ id: "my-public", visibility: "everyone", author: { id: me, name: "Ayesha" } }),
      annotation({ author: { id: "user-ben", name: "Ben" }, id: "group", visibility: "group", groupId: "g1", groupName: "Seminar B" }),
      annotation({
        author: { id: "user-ben", name: "Ben" },
        id: "staff",
        visibility: "instructors",
        groupId: "g1",
        groupName: "Seminar B",
      }),
      annotation({ author: { id: "user-ben", name: "Ben" }, id: "stranger", visibility: "everyone" }),
    ];
    const whose = (scope: AnnotationFilter["scope"]) => filterAnnotations(items, { ...NO_FILTER, scope }, me).map((item) => item.id);
    expect(NO_FILTER.scope).toBe("groups");
    expect(whose("groups")).toEqual(["my-private", "my-public", "group", "staff"]);
    expect(whose("mine")).toEqual(["my-private", "my-public"]);
    expect(whose("everyone")).toEqual(["my-private", "my-public", "group", "staff", "stranger"]);
  });
});
