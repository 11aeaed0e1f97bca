import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { plainTextHtml } from "./plain-text-html";

describe("plainTextHtml", () => {
  it("splits paragraphs at blank lines and keeps single line breaks", () => {
    expect(plainTextHtml("one\ntwo\n\nthree")).toBe("<p>one<br>two</p>\n<p>three</p>");
    expect(plainTextHtml("  \n ")).toBe("");
  });

  it("never reads the text as markup", () => {
    const text = `<script>alert(1)</script> <img src=x onerror=alert(1)> "quoted" & 'single' **not bold**`;
    const { document } = parseHTML(`<!doctype html><html><body>${plainTextHtml(text)}</body></html>`);
    expect(document.body.querySelectorAll("*").length).toBe(1);
    expect(document.body.textContent).toBe(text);
  });
});
