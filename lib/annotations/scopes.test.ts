import { describe, expect, it } from "vitest";
import { parseScopeKey, scopeChoices, scopeFromInput, scopeKey, scopeLabel, scopeToInput, usableScopeKey } from "./scopes";

const groups = [{ id: "g1", name: "Seminar B", role: "member" }];

describe("scopes", () => {
  it("round-trips API input, storage and keys", () => {
    for (const input of ["private", "everyone", { group: "g1" }, { instructors: "g1" }] as const) {
      const scope = scopeFromInput(input);
      expect(scopeToInput(scope)).toEqual(input);
      expect(parseScopeKey(scopeKey(scope))).toEqual(scope);
    }
    expect(scopeKey({ visibility: "instructors", groupId: "g1" })).toBe("instructors:g1");
    expect(parseScopeKey("nobody")).toBeNull();
  });

  it("labels and offers every scope, and forgets a group the reader left", () => {
    expect(scopeChoices(groups).map((choice) => [choice.key, choice.label])).toEqual([
      ["private", "Only me"],
      ["group:g1", "Group: Seminar B"],
      ["instructors:g1", "Instructors of Seminar B"],
      ["everyone", "Everyone signed in"],
    ]);
    expect(scopeLabel("instructors", "Seminar B")).toBe("Instructors of Seminar B");
    expect(usableScopeKey("group:g1", groups)).toBe("group:g1");
    expect(usableScopeKey("group:gone", groups)).toBe("private");
  });
});
