import { formatReadingTime } from "@/lib/documents/format-reading-time";
import type { ReadableDocument } from "@/lib/documents/types";
import { sectionAnchor } from "@/lib/documents/structure";
import { textDirection } from "@/lib/text/text-direction";

type Props = {
  document: ReadableDocument;
  /** The painted ArticleBody. */
  body: React.ReactNode;
  /** Controls beside the byline: "Text & theme". */
  tools?: React.ReactNode;
  /** Just before the text, in the interface's language: "Skip to annotations". */
  beforeBody?: React.ReactNode;
};

/**
 * The article's title block and body. The title and the text are marked with the reading's
 * language and its direction (an Arabic or Hebrew reading runs right to left, and is hyphenated
 * and read aloud as its language); the page's own words around them stay the interface's. A
 * reading whose language is not known gives the title and each block the direction of their own
 * first letters (`dir="auto"`): an Arabic text brought as a .txt file ran left to right.
 */
export function ArticleView({ document, body, tools, beforeBody }: Props) {
  const lang = document.language ?? undefined;
  const dir = textDirection(lang);
  return (
    <article className="reader" aria-labelledby="document-title">
      <header className="reader__header">
        <h1 id="document-title" className="reader__title" lang={lang} dir={dir ?? "auto"}>
          {document.title}
        </h1>
        {/* In the reading's direction, under its title: "By" is the interface's word, the name the reading's.
            The interface's phrases run left to right within it: in an Arabic reading "1 Min Read" was drawn "Min Read 1". */}
        <p className="reader__meta" dir={dir}>
          {document.author && (
            <span className="reader__byline" dir="ltr">
              By{" "}
              <span lang={lang} dir="auto">
                {document.author}
              </span>
            </span>
          )}
          <span className="reader__reading-time" dir="ltr">
            {formatReadingTime(document.readingMinutes)}
          </span>
        </p>
        {/* Not inside the <p>: the panel holds fieldsets, which would end the paragraph (and break hydration). */}
        {tools && <div className="reader__tools">{tools}</div>}
        <Contents sections={document.version.structure?.sections ?? []} />
      </header>
      {beforeBody}
      {/* A wrapper, not attributes on the body itself: ArticleBody is built by the reader's workspace. It holds no text of its own. */}
      <div lang={lang} dir={dir}>
        {body}
      </div>
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
