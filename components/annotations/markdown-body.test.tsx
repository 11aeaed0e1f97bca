import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MarkdownBody } from "./markdown-body";

const render = (source: string) => renderToStaticMarkup(<MarkdownBody source={source} />);

describe("MarkdownBody", () => {
  it("renders Markdown formatting", () => {
    expect(render("**bold** and *em* and `code`")).toBe(
      '<div class="md"><p><strong>bold</strong> and <em>em</em> and <code>code</code></p></div>',
    );
  });

  it("shows raw HTML and scripts as text instead of running them", () => {
    const html = render('<script>alert("x")</script> <img src=x onerror=alert(1)> <b>hi</b>');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("drops javascript: and data: link targets but keeps the words", () => {
    const html = render("[click](javascript:alert(1)) [data](data:text/html,<script>alert(1)</script>)");
    expect(html).not.toMatch(/href="(javascript|data):/i);
    expect(html).toContain("<span>click</span>");
    expect(html).toContain("<span>data</span>");
  });

  it("marks links as user content that opens safely", () => {
    expect(render("[source](https://example.org/report)")).toContain(
      '<a href="https://example.org/report" rel="noopener nofollow ugc" target="_blank">source</a>',
    );
  });

  it("keeps comment headings out of the page outline and images out of the page", () => {
    const html = render("# Big\n\n![tracker](https://evil.example/pixel.png)");
    expect(html).not.toMatch(/<h1|<img/);
    expect(html).toContain('<p class="md-heading">Big</p>');
    expect(html).toContain("[image: tracker]");
  });
});
