import { Fragment } from "react";
import { PARAGRAPH_SEPARATOR, paragraphRanges } from "@/lib/documents/canonical-text";
import { formatReadingTime } from "@/lib/documents/format-reading-time";
import type { ReadableDocument } from "@/lib/documents/types";

/**
 * The article as readers see it. The body's textContent is exactly the version's canonical text:
 * the paragraph separators are rendered as text nodes between the <p> elements (invisible,
 * since HTML collapses whitespace between blocks), so W3C text selectors resolve against the
 * page the same way they resolve against the stored text.
 */
export function ArticleView({ document }: { document: ReadableDocument }) {
  const paragraphs = paragraphRanges(document.version.text);
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
      </header>
      <div className="reader__body" data-document-version={document.version.id}>
        {paragraphs.map((paragraph) => (
          <Fragment key={paragraph.index}>
            {paragraph.index > 0 && PARAGRAPH_SEPARATOR}
            <p data-start={paragraph.start} data-end={paragraph.end}>
              {paragraph.text}
            </p>
          </Fragment>
        ))}
      </div>
    </article>
  );
}
