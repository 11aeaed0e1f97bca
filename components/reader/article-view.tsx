import { formatReadingTime } from "@/lib/documents/format-reading-time";
import type { ReadableDocument } from "@/lib/documents/types";

/** The article's title block and body; `body` is the painted ArticleBody. */
export function ArticleView({ document, body }: { document: ReadableDocument; body: React.ReactNode }) {
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
      {body}
    </article>
  );
}
