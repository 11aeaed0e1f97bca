import Markdown, { type Components } from "react-markdown";

/**
 * A comment's Markdown, rendered safely. react-markdown builds React elements from the Markdown
 * syntax tree and never injects HTML: raw HTML in a comment shows as text, and its default URL
 * transform drops `javascript:` and other unsafe link targets. Links are user content: they open
 * in a new tab, pass no referrer privileges and earn no search ranking.
 */
const COMPONENTS: Components = {
  // An unsafe target (javascript:, data:) arrives here emptied: show the words, drop the link.
  a: ({ href, children }) =>
    href ? (
      <a href={href} rel="noopener nofollow ugc" target="_blank">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  // Comments sit under the page's headings: keep their own headings from breaking the outline.
  h1: ({ children }) => <p className="md-heading">{children}</p>,
  h2: ({ children }) => <p className="md-heading">{children}</p>,
  h3: ({ children }) => <p className="md-heading">{children}</p>,
  h4: ({ children }) => <p className="md-heading">{children}</p>,
  h5: ({ children }) => <p className="md-heading">{children}</p>,
  h6: ({ children }) => <p className="md-heading">{children}</p>,
  img: ({ alt }) => <span>{alt ? `[image: ${alt}]` : "[image]"}</span>,
};

export function MarkdownBody({ source }: { source: string }) {
  return (
    <div className="md">
      <Markdown components={COMPONENTS} skipHtml={false}>
        {source}
      </Markdown>
    </div>
  );
}
