import { describe, expect, it } from "vitest";
import { completeMention, findMentionedNames, findUnmatchedMentions, resolveMentions, soleCandidateFor } from "./find-mentions";

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

describe("findUnmatchedMentions", () => {
  const names = ["Maya Chen", "Ada", "Chen (TA)"];

  it("flags an @word that begins nobody's whole name", () => {
    expect(findUnmatchedMentions("@Maya what do you think?", names)).toEqual(["@Maya"]);
    expect(findUnmatchedMentions("thanks @Zoë.", names)).toEqual(["@Zoë"]);
    expect(findUnmatchedMentions("@Maya and @maya again", names)).toEqual(["@Maya", "@maya"]);
  });

  it("passes whole names, e-mail addresses and a lone @", () => {
    expect(findUnmatchedMentions("@maya chen, and @Ada", names)).toEqual([]);
    expect(findUnmatchedMentions("ask @Chen (TA) or write to ada@example.edu, @ 5pm", names)).toEqual([]);
    expect(findUnmatchedMentions("no at sign", names)).toEqual([]);
  });

  it("flags every @word when nobody can be mentioned", () => {
    expect(findUnmatchedMentions("@Maya Chen", [])).toEqual(["@Maya"]);
  });

  it("leaves out the apostrophes and dots an @word ends with, however many it holds", () => {
    // Trimmed by a loop: /[.'-]+$/ retried from every one of them (40,000 took 3.9 s in the editor).
    const word = `@a${"'".repeat(50_000)}x${"'".repeat(50_000)}y`;
    expect(findUnmatchedMentions(`${word} and ${word}.'`, names)).toEqual([word]);
  });
});

describe("resolveMentions", () => {
  const maya = { id: "u-maya", name: "Maya Chen" };
  const otherMaya = { id: "u-maya-2", name: "Maya Chen" };
  const ada = { id: "u-ada", name: "Ada" };
  const members = [maya, otherMaya, ada];

  it("a chosen member is mentioned alone, even when another member has the same name", () => {
    expect(resolveMentions("@Maya Chen see this", members, ["u-maya-2"])).toEqual(["u-maya-2"]);
  });

  it("a name typed in full mentions every member of that name", () => {
    expect(resolveMentions("@Maya Chen and @ada", members, []).sort()).toEqual(["u-ada", "u-maya", "u-maya-2"]);
  });

  it("a chosen member whose name was deleted from the text, or who is no member, is not mentioned", () => {
    expect(resolveMentions("nothing here", members, ["u-maya"])).toEqual([]);
    expect(resolveMentions("@Maya Chen", [ada], ["u-maya"])).toEqual([]);
    expect(resolveMentions("@Maya", members, ["u-maya"])).toEqual([]);
  });
});

describe("soleCandidateFor and completeMention", () => {
  const members = [
    { id: "t", name: "Tara Student" },
    { id: "m", name: "Maya Chen" },
    { id: "m2", name: "Maya Lopez" },
  ];

  it("names the one member a typed first or last name can only mean, and nobody on a tie or a miss", () => {
    expect(soleCandidateFor("@Tara", members)).toEqual({ id: "t", name: "Tara Student" });
    expect(soleCandidateFor("@chen", members)).toEqual({ id: "m", name: "Maya Chen" });
    expect(soleCandidateFor("@Maya", members)).toBeNull();
    expect(soleCandidateFor("@Zed", members)).toBeNull();
  });

  it("writes each whole @word out as the full name, and nothing inside a word or a longer word", () => {
    expect(completeMention("@Tara, and again @tara? Not ada@Tara.org or @Taras", "@Tara", "Tara Student")).toBe(
      "@Tara Student, and again @tara? Not ada@Tara.org or @Taras",
    );
    const completed = completeMention("thanks @Tara.", "@Tara", "Tara Student");
    expect(completed).toBe("thanks @Tara Student.");
    expect(findMentionedNames(completed, ["Tara Student"])).toEqual(["Tara Student"]);
  });
});
