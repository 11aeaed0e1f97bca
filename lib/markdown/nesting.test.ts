import { describe, expect, it } from "vitest";
import { deepestOpeningNesting } from "./nesting";

describe("deepestOpeningNesting", () => {
  it("counts the quote and list markers a line opens with, and says which line is deepest", () => {
    expect(deepestOpeningNesting("plain words")).toEqual({ depth: 0, line: 0 });
    expect(deepestOpeningNesting("> quoted\n> > - 1. deep\n- shallow")).toEqual({ depth: 4, line: 2 });
    expect(deepestOpeningNesting(">>>> packed")).toEqual({ depth: 4, line: 1 });
    expect(deepestOpeningNesting("* a\n\n  + b")).toEqual({ depth: 1, line: 1 });
  });

  it("does not count a rule, a dash inside words, numbers without a marker, or an emphasis star", () => {
    expect(deepestOpeningNesting(`${"-".repeat(200)}\n1999 was a year\n*emphasis* here\nwell-known`).depth).toBe(0);
  });

  it("ends a line at a carriage return alone, as Markdown does (a deep line after one was missed)", () => {
    expect(deepestOpeningNesting(`a\r${"- ".repeat(2_500)}x`)).toEqual({ depth: 2_500, line: 2 });
    expect(deepestOpeningNesting("a\r\n> > b\r> c")).toEqual({ depth: 2, line: 2 });
  });

  it("reads a 40,000-deep line and a long text of many lines in one pass", () => {
    expect(deepestOpeningNesting(`# Title\n\n${">".repeat(40_000)} x\n`)).toEqual({ depth: 40_000, line: 3 });
    expect(deepestOpeningNesting("> a line\n".repeat(200_000))).toEqual({ depth: 1, line: 1 });
  });
});
