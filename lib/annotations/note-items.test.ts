import { describe, expect, it } from "vitest";
import { searchFold } from "@/lib/text/search-fold";
import { annotation } from "@/tests/factories/annotation-dtos";
import { noteSearchText, toNoteItems } from "./note-items";

describe("noteSearchText", () => {
  it("is what My notes' search finds a note by: its quote, note and tags, whatever the accents, case or Unicode form", () => {
    const [note] = toNoteItems([annotation({ id: "a1", exact: "R\u00e9sum\u00e9", body: "about the Cafe\u0301", tags: ["\u00c9tude"] })]);
    const finds = (query: string) => noteSearchText(note).includes(searchFold(query));
    for (const query of ["resume", "R\u00c9SUM\u00c9", "re\u0301sume\u0301", "caf\u00e9", "cafe", "etude"]) expect(finds(query)).toBe(true);
    expect(finds("resumes")).toBe(false);
  });
});
