import Link from "next/link";
import { COLOR_NAMES, isHighlightColor } from "@/lib/annotations/colors";
import type { ParagraphInsight, QuestionMarker } from "@/lib/assignments/insight";

type Props = { slug: string; paragraphs: readonly ParagraphInsight[]; unplaced: number; questions: QuestionMarker };

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The class insight heat map, for the staff: one row per paragraph of the reading with its
 * annotations, questions and replies as numbers (the heat mark beside them only repeats them in
 * ink), and the threads on it behind a disclosure, each a link into the reading at that annotation.
 * A plain table with <details>: it works without JavaScript and reads row by row.
 */
export function ClassInsight({ slug, paragraphs, unplaced, questions }: Props) {
  const busy = paragraphs.filter((paragraph) => paragraph.annotations > 0);
  return (
    <section aria-labelledby="insight-heading" className="panel class-insight">
      <h2 id="insight-heading">Class insight</h2>
      <p>
        Where the group&apos;s threads, questions and replies sit in the reading: {plural(busy.length, "paragraph", "paragraphs")} of{" "}
        {paragraphs.length} discussed. {describeQuestions(questions)}
        {unplaced > 0 ? ` ${plural(unplaced, "thread has", "threads have")} no place in the current text and are not on the map.` : ""}
      </p>
      <ol className="insight-strip" aria-label="Heat map: one mark per paragraph, darker where more was written">
        {paragraphs.map((paragraph) => (
          <li key={paragraph.index}>
            <a
              href={`#insight-paragraph-${paragraph.index + 1}`}
              className={`insight-heat insight-heat--${paragraph.heat}`}
              aria-label={`Paragraph ${paragraph.index + 1}: ${summary(paragraph)}`}
              title={`Paragraph ${paragraph.index + 1}: ${summary(paragraph)}`}
            />
          </li>
        ))}
      </ol>
      <div className="review-table__scroll" tabIndex={0} role="region" aria-label="Annotations per paragraph (scrolls sideways)">
        <table className="review-table insight-table">
          <caption className="visually-hidden">Annotations, questions and replies per paragraph</caption>
          <thead>
            <tr>
              <th scope="col">Paragraph</th>
              <th scope="col">Annotations</th>
              <th scope="col">Questions</th>
              <th scope="col">Replies</th>
              <th scope="col">Threads</th>
            </tr>
          </thead>
          <tbody>
            {paragraphs.map((paragraph) => (
              <tr key={paragraph.index} id={`insight-paragraph-${paragraph.index + 1}`}>
                <th scope="row">
                  <span className={`insight-heat insight-heat--${paragraph.heat}`} aria-hidden="true" /> ¶ {paragraph.index + 1}{" "}
                  <span className="insight-table__excerpt">{paragraph.excerpt}</span>
                </th>
                <td>{paragraph.annotations}</td>
                <td>{paragraph.questions}</td>
                <td>{paragraph.replies}</td>
                <td>
                  {paragraph.threads.length === 0 ? (
                    "None"
                  ) : (
                    <details>
                      <summary>
                        {plural(paragraph.threads.length, "thread", "threads")}
                        <span className="visually-hidden"> on paragraph {paragraph.index + 1}</span>
                      </summary>
                      <ul className="insight-threads">
                        {paragraph.threads.map((thread) => (
                          <li key={thread.id}>
                            <Link href={`/read/${slug}?annotation=${encodeURIComponent(thread.id)}`}>
                              {thread.author}: “{thread.quote}”
                            </Link>
                            {thread.isQuestion ? " · question" : ""} · {plural(thread.replies, "reply", "replies")}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function summary(paragraph: ParagraphInsight): string {
  return `${plural(paragraph.annotations, "annotation", "annotations")}, ${plural(paragraph.questions, "question", "questions")}, ${plural(paragraph.replies, "reply", "replies")}`;
}

function describeQuestions({ color, tag }: QuestionMarker): string {
  const parts = [
    color && isHighlightColor(color) ? `highlighted ${COLOR_NAMES[color].toLowerCase()}` : "",
    tag ? `tagged “${tag}”` : "",
  ].filter(Boolean);
  return parts.length > 0
    ? `Questions are threads ${parts.join(" or ")}.`
    : "No colour or tag marks a question yet: edit the assignment to name one.";
}
