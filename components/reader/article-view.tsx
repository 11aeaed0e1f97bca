import { formatReadingTime } from "@/lib/documents/format-reading-time";
import type { ReadableDocument } from "@/lib/documents/types";

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
      </header>
      {body}
    </article>
  );
}
