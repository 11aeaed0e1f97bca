import { describe, expect, it } from "vitest";
import { inClassOrder } from "./class-order";

describe("inClassOrder", () => {
  it("sorts names as readers do, accented letters with their base letter, not after every plain one", () => {
    const people = ["Zoë Adler", "Student 40", "Émile Roux", "Ana Lima", "student 3", "Zola Berg"].map((name, index) => ({
      id: `u${index}`,
      name,
    }));
    expect(people.sort(inClassOrder).map((person) => person.name)).toEqual([
      "Ana Lima",
      "Émile Roux",
      "student 3",
      "Student 40",
      "Zoë Adler",
      "Zola Berg",
    ]);
  });

  it("keeps two people of the same name in one order, by id", () => {
    const twins = [
      { id: "b", name: "Sam Lee" },
      { id: "a", name: "Sam Lee" },
    ];
    expect(twins.sort(inClassOrder).map((person) => person.id)).toEqual(["a", "b"]);
  });
});
