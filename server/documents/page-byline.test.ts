import { describe, expect, it } from "vitest";
import { readBylineLines } from "./page-byline";

describe("readBylineLines (a web page's byline and dateline)", () => {
  it.each([
    [["By Jane Roe"], ["Jane Roe"], null],
    [["By JANE ROE"], ["JANE ROE"], null],
    [["By Ann Lee, Bo Chen and Cy Dee"], ["Ann Lee", "Bo Chen", "Cy Dee"], null],
    [["By María José García-López & Ludwig van Beethoven"], ["María José García-López", "Ludwig van Beethoven"], null],
    [["By Jane Roe and John Doe | March 3, 2026"], ["Jane Roe", "John Doe"], "2026-03-03"],
    [["By Jane Roe · 3 March 2026 · 5 min read"], ["Jane Roe"], "2026-03-03"],
    [["By Jane Roe, Staff Writer", "Published Sept. 30, 2025"], ["Jane Roe"], "2025-09-30"],
    [["By Jane Roe for The Guardian"], ["Jane Roe"], null],
    [["by Jane Roe | Reuters"], ["Jane Roe"], null],
    [["By Jane Roe", "Updated: Tue, March 3, 2026, 8:05 AM EST", "Published 2026-03-01"], ["Jane Roe"], "2026-03-01"],
    [["Updated: Tue, March 3, 2026, 8:05 AM EST"], [], "2026-03-03"],
    [["5 min read · Feb 1, 2026"], [], "2026-02-01"],
    [["12 minute read"], [], null],
  ])("%j is a byline: %j, %s", (lines, names, date) => {
    expect(readBylineLines(lines)).toEqual({ names, date });
  });

  it.each([
    ["By the end of the war the border had moved"],
    ["By Tuesday, the votes were counted"],
    ["By 2030, emissions must fall by half"],
    ["By Jane Roe. She covers city hall."],
    ["Staff Writer, by Jane Roe"],
    ["Jane Roe"],
    ["March 3, 2026"],
    ["Dear Sir, March 3, 2026"],
  ])("%j is the article's text", (line) => {
    expect(readBylineLines([line])).toBeNull();
  });

  it("reads a line of a date alone as a dateline only where the page marks it as a time", () => {
    expect(readBylineLines(["March 3, 2026"], { bareDates: true })).toEqual({ names: [], date: "2026-03-03" });
  });

  it("is not a byline when one of its lines is something else", () => {
    expect(readBylineLines(["By Jane Roe", "Photo: Getty Images"])).toBeNull();
  });
});
