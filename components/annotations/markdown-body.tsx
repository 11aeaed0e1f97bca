/**
 * A comment as the server rendered it from Markdown and sanitized it (`bodyHtml`, made by
 * server/markdown/render-markdown.ts, or escaped plain text for my own words in the moment before
 * the server answers: lib/annotations/plain-text-html.ts). No Markdown parser ships to the browser.
 */
export function MarkdownBody({ html }: { html: string }) {
  // Safe by construction: the only sources of `html` are the two renderers above, both tested against XSS.
  // dir="auto": a comment in Arabic or Hebrew runs right to left, whatever the page around it.
  return <div className="md" dir="auto" dangerouslySetInnerHTML={{ __html: html }} />;
}
