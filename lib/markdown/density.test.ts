import { describe, expect, it } from "vitest";
import { markdownDensity } from "./density";

describe("markdownDensity", () => {
  it("counts a paragraph's inline delimiters and lines, a blank line starting the next paragraph", () => {
    expect(markdownDensity("plain words only")).toEqual({ paragraphDelimiters: 0, paragraphLines: 1, lines: 1 });
    expect(markdownDensity("*one* [two](x)\n`three`\n\n**four**")).toEqual({ paragraphDelimiters: 6, paragraphLines: 2, lines: 4 });
    expect(markdownDensity("a\n \t\nb\nc\nd")).toEqual({ paragraphDelimiters: 0, paragraphLines: 3, lines: 5 });
  });

  it("counts each bare link's start, not a Markdown link's address again", () => {
    expect(markdownDensity("see https://a.co, HTTP://b.co and www.c.co; mail d@e.co").paragraphDelimiters).toBe(4);
    expect(markdownDensity("[a](https://a.co) [b](www.b.co)").paragraphDelimiters).toBe(4);
  });

  it("ends a line at a carriage return alone, as Markdown does", () => {
    expect(markdownDensity("=\r=\r=\r\n=")).toEqual({ paragraphDelimiters: 0, paragraphLines: 4, lines: 4 });
    expect(markdownDensity("*a*\r\r_b_").paragraphDelimiters).toBe(2);
  });

  it("counts code as a paragraph: overstating one, never hiding what follows a fence closed early", () => {
    expect(markdownDensity("```\n*[x]*\n```").paragraphDelimiters).toBe(10);
  });
});
