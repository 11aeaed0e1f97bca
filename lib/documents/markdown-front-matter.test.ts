import { describe, expect, it } from "vitest";
import { convertMarkdown, finishReading } from "./convert-reading";
import { takeFrontMatter } from "./markdown-front-matter";

describe("a Markdown file's front matter", () => {
  it("is taken off the text, and gives the reading its title, authors, date and language", () => {
    const source = [
      "---",
      'title: "On Walking: an essay"',
      "author:",
      "  - Henry David Thoreau",
      "  - 'A. N. Editor'",
      "date: 1862-06-01",
      "lang: en-US",
      "tags: [walking, essays]",
      "# a comment",
      "---",
      "",
      "I wish to speak a word for Nature.",
    ].join("\n");
    const reading = finishReading(convertMarkdown(source));
    expect(reading.title).toBe("On Walking: an essay");
    expect(reading.author).toBe("Henry David Thoreau, A. N. Editor");
    expect(reading.publishedAt).toBe("1862-06-01");
    expect(reading.language).toBe("en-US");
    expect(reading.text).toBe("I wish to speak a word for Nature.");
  });

  it("leaves a leading # heading as the title when it is the same, and as the text's own heading when the front matter names another", () => {
    expect(finishReading(convertMarkdown("---\ntitle: Walking\n---\n# Walking\n\nText.")).text).toBe("Text.");
    const reading = finishReading(convertMarkdown("---\ntitle: Collected essays\n---\n# Walking\n\nText."));
    expect(reading.title).toBe("Collected essays");
    expect(reading.paragraphs).toEqual(["Walking", "Text."]);
    expect(reading.structure?.blocks[0]).toEqual({ kind: "heading", level: 1 });
  });

  it("drops a comment after a bare value, not a # inside a quoted one", () => {
    const { frontMatter } = takeFrontMatter('---\ntitle: Walking   # the essay\nauthor: "Thoreau # not a comment"\n---\nText.');
    expect(frontMatter?.title).toBe("Walking");
    expect(frontMatter?.author).toBe("Thoreau # not a comment");
  });

  it("takes nothing away from a text that only starts with a rule", () => {
    const source = "---\nA paragraph between two rules, not front matter.\n---\n\nMore text.";
    expect(takeFrontMatter(source)).toEqual({ body: source, frontMatter: null });
    expect(finishReading(convertMarkdown(source)).text).toContain("A paragraph between two rules, not front matter.");
    expect(takeFrontMatter("---\n---\nText.").frontMatter).toBeNull();
  });
});
