import { describe, expect, it } from "vitest";
import { findMentionedNames } from "./find-mentions";

describe("findMentionedNames", () => {
  const names = ["Ada", "Ada Lovelace", "Émile", "Chen (TA)"];

  it("matches whole names after @, in any case", () => {
    expect(findMentionedNames("Thanks @ada, see above", names)).toEqual(["Ada"]);
    expect(findMentionedNames("@ADA LOVELACE what do you think?", names)).toEqual(["Ada Lovelace"]);
    expect(findMentionedNames("cc @émile.", names)).toEqual(["Émile"]);
    expect(findMentionedNames("ask @Chen (TA)", names)).toEqual(["Chen (TA)"]);
  });

  it("ignores partial names, e-mail addresses and bodies without @", () => {
    expect(findMentionedNames("@Adam disagrees", names)).toEqual([]);
    expect(findMentionedNames("write to ada@example.edu", names)).toEqual([]);
    expect(findMentionedNames("Ada said so", names)).toEqual([]);
  });
});
