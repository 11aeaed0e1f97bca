import { formatReadingTime } from "@/lib/documents/format-reading-time";
import type { ReadableDocument } from "@/lib/documents/types";
import { sectionAnchor } from "@/lib/documents/structure";

type Props = {
  document: ReadableDocument;
  /** The painted ArticleBody. */
  body: React.ReactNode;
  /** Controls beside the byline: "Text & theme". */
  tools?: React.ReactNode;
};

/** The article's title block and body. */
export function ArticleView({ document, body, tools }: Props) {
  return (
    <article className="reader" aria-labelledby="document-title">
      <header className="reader__header">
        <h1 id="document-title" className="reader__title">
          {document.title}
        </h1>
        <p className="reader__meta">
          {document.author && <span className="reader__byline">By {document.author}</span>}
          <span className="reader__reading-time">{formatReadingTime(document.readingMinutes)}</span>
        </p>
        {/* Not inside the <p>: the panel holds fieldsets, which would end the paragraph (and break hydration). */}
        {tools && <div className="reader__tools">{tools}</div>}
        <Contents sections={document.version.structure?.sections ?? []} />
      </header>
      {body}
    </article>
  );
}

/**
 * A reading in chapters (an EPUB's, lib/documents/convert-reading.ts) opens with their list: each
 * links to the block its chapter starts at (ArticleBody gives it the id `sectionAnchor(start)`).
 * Outside the article body, so the body's text stays the canonical text. One chapter is no list.
 */
function Contents({ sections }: { sections: readonly { title: string; start: number }[] }) {
  if (sections.length < 2) return null;
  return (
    <nav className="reader__contents" aria-label="Contents">
      <details>
        <summary>Contents · {sections.length} chapters</summary>
        <ol>
          {sections.map((section) => (
            <li key={section.start}>
              <a href={`#${sectionAnchor(section.start)}`}>{section.title}</a>
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
}
