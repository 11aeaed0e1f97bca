import { describe, expect, it } from "vitest";
import { parseScopeKey, scopeChoices, scopeFromInput, scopeKey, scopeLabel, scopeToInput, defaultScopeKey } from "./scopes";

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
    expect(defaultScopeKey("group:g1", groups)).toBe("group:g1");
    // A group the reader left is no choice any more: the default for their groups now applies.
    expect(defaultScopeKey("group:gone", groups)).toBe("group:g1");
    expect(defaultScopeKey("instructors:gone", [])).toBe("private");
  });

  it("starts a first note where the reader's class will see it, and asks when there is more than one class", () => {
    const two = [...groups, { id: "g2", name: "Seminar C", role: "member" }];
    // Not chosen yet (new account, or just joined a group):
    expect(defaultScopeKey(null, [])).toBe("private");
    expect(defaultScopeKey(null, groups)).toBe("group:g1");
    expect(defaultScopeKey(null, two)).toBeNull();
    // Chosen: remembered, whatever the groups, including "Only me" by a member of one group.
    expect(defaultScopeKey("private", groups)).toBe("private");
    expect(defaultScopeKey("group:g2", two)).toBe("group:g2");
    expect(defaultScopeKey("everyone", two)).toBe("everyone");
    // Remembered but no longer usable, in several groups: ask.
    expect(defaultScopeKey("group:gone", two)).toBeNull();
  });
});
