import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { paragraphRanges } from "./canonical-text";
import { ArticleFormatError, estimateReadingMinutes, parsePlainTextArticle, slugify } from "./parse-plain-text-article";

const SEED_FILE = path.resolve(__dirname, "../../content/taliban-ttp-and-pakistan.txt");
const source = readFileSync(SEED_FILE, "utf8");

describe("parsePlainTextArticle on the seed article", () => {
  const article = parsePlainTextArticle(source);

  it("reads the title, byline and stated reading time", () => {
    expect(article.title).toBe("TALIBAN, TTP AND PAKISTAN: A QUESTION OF POLICY, NOT CAPACITY");
    expect(article.author).toBe("Arslan Ghazi");
    expect(article.readingMinutes).toBe(7);
    expect(article.isReadingTimeStated).toBe(true);
    expect(article.slug).toBe("taliban-ttp-and-pakistan-a-question-of-policy-not-capacity");
  });

  it("keeps exactly the 15 body paragraphs and drops the trailing page furniture", () => {
    expect(article.paragraphs).toHaveLength(15);
    expect(article.paragraphs[0]).toMatch(/^Since the Taliban returned to power in Afghanistan in August 2021, Pakistan’s security/);
    expect(article.paragraphs[14]).toMatch(/aligning incentives in a complex and evolving relationship\.$/);
    expect(article.text).not.toContain("Share This Article");
  });

  it("keeps every paragraph character for character, curly apostrophes included", () => {
    // Independent of the parser: the file's blocks between the byline and the debris line.
    const blocks = source.split("\n\n");
    expect(blocks.slice(0, 3)).toEqual([article.title, "7 Min Read", "By Arslan Ghazi"]);
    expect(blocks.at(-1)).toBe("Share This Article");
    expect(article.paragraphs).toEqual(blocks.slice(3, -1));
    expect(article.text).toContain("Pakistan’s");
    expect(article.text).not.toContain("Pakistan's");
  });

  it("joins paragraphs into canonical text whose paragraph ranges point back at them", () => {
    const ranges = paragraphRanges(article.text);
    expect(ranges.map((range) => range.text)).toEqual(article.paragraphs);
    for (const range of ranges) expect(article.text.slice(range.start, range.end)).toBe(range.text);
  });
});

describe("parsePlainTextArticle on other shapes of input", () => {
  it("estimates the reading time when the text does not state it", () => {
    const words = Array.from({ length: 460 }, () => "word").join(" ");
    const article = parsePlainTextArticle(`A Title\n\nBy Someone\n\n${words}`);
    expect(article.isReadingTimeStated).toBe(false);
    expect(article.readingMinutes).toBe(2);
    expect(estimateReadingMinutes("one two")).toBe(1);
  });

  it("accepts Windows line endings, a BOM, hard-wrapped paragraphs and header lines in any order", () => {
    const article = parsePlainTextArticle(
      "\uFEFFTitle\r\n\r\nBy A. Writer\r\n\r\n12 minute read\r\n\r\nFirst line\r\nsame paragraph.\r\n\r\nSecond.\r\n",
    );
    expect(article.author).toBe("A. Writer");
    expect(article.readingMinutes).toBe(12);
    expect(article.paragraphs).toEqual(["First line same paragraph.", "Second."]);
  });

  it("reads a byline and reading time on the lines right under the title, and keeps a title wrapped over two lines whole", () => {
    const poem = parsePlainTextArticle("The Road Not Taken\nBy Robert Frost\n\nTwo roads diverged in a yellow wood,");
    expect(poem).toMatchObject({
      title: "The Road Not Taken",
      author: "Robert Frost",
      paragraphs: ["Two roads diverged in a yellow wood,"],
    });
    const both = parsePlainTextArticle("By the Sea\n  5 min read\nBy A. Writer\n\nThe tide was out.", { keepLineBreaks: true });
    expect(both).toMatchObject({ title: "By the Sea", author: "A. Writer", readingMinutes: 5, paragraphs: ["The tide was out."] });
    const wrapped = parsePlainTextArticle("A title long enough that it was\nwrapped onto a second line\n\nBody.");
    expect(wrapped).toMatchObject({ title: "A title long enough that it was wrapped onto a second line", author: null });
  });

  it("works without byline or reading time, and keeps a body paragraph that starts with 'By'", () => {
    const article = parsePlainTextArticle("Title\n\nFirst paragraph.\n\nBy the way, more.");
    expect(article.author).toBeNull();
    expect(article.paragraphs).toEqual(["First paragraph.", "By the way, more."]);
  });

  it("drops only trailing furniture, never a paragraph in the middle", () => {
    const article = parsePlainTextArticle("T\n\nOne.\n\nShare this article\n\nTwo.\n\nShare\n\nAdvertisement");
    expect(article.paragraphs).toEqual(["One.", "Share this article", "Two."]);
  });

  it("refuses text with no title or no body, saying what is missing", () => {
    expect(() => parsePlainTextArticle("  \n\n ")).toThrow(ArticleFormatError);
    expect(() => parsePlainTextArticle("Only a title\n\n7 Min Read\n\nShare This Article")).toThrow(/has no body/);
  });

  it("makes readable slugs", () => {
    expect(slugify("Crème Brûlée’s Secret: Part 2")).toBe("creme-brulees-secret-part-2");
    expect(() => slugify("!!!")).toThrow(ArticleFormatError);
  });
});
