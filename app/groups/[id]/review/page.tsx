import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound, redirect } from "next/navigation";
import { CoverageLegend, CoverageStrip } from "@/components/review/coverage-strip";
import { ReleaseScoresButton } from "@/components/review/release-scores-button";
import { ReviewThread } from "@/components/review/review-thread";
import { AppError } from "@/lib/errors";
import { describeUnreleasedScores } from "@/lib/review/score-release";
import type { MemberReview } from "@/lib/review/types";
import { getCurrentUser } from "@/server/auth/session";
import { listDocuments } from "@/server/documents/list-documents";
import { defaultReviewReading } from "@/server/review/default-review-reading";
import { getGroupReview, renderReviewThread } from "@/server/review/get-group-review";

export const metadata: Metadata = { title: "Review" };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ document?: string | string[]; student?: string | string[]; page?: string | string[] }>;
};

/**
 * Threads shown per page. A class that annotated all term leaves thousands on one reading: all of
 * them on one page was 14 MB of HTML and a score and feedback form each.
 */
const THREADS_PER_PAGE = 50;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

// /groups/{id}/review?document={slug}&student={userId} - the owner's and instructors' review of a group's work on a document
export default async function GroupReviewPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/groups/${id}/review`)}`);

  const documents = await listDocuments(user);
  const requested = first(query.document);
  const slug =
    documents.find((document) => document.slug === requested)?.slug ??
    (await asReviewPage(() => defaultReviewReading(user, id, documents)));
  if (slug === "forbidden") forbidden();
  if (!slug) {
    return (
      <div className="page">
        <h1>Review</h1>
        <p>There are no documents in the library yet.</p>
      </div>
    );
  }
  const review = await asReviewPage(() => getGroupReview(user, id, slug));
  // A member who is not staff gets the 403 page (app/forbidden.tsx), with the right status.
  if (review === "forbidden") forbidden();

  const unshared = review.students.filter(isUnshared);
  const studentId = first(query.student);
  const student = review.students.find((member) => member.userId === studentId) ?? null;
  // One student's work: the threads they started and those they replied in (their reply is the work there).
  const annotations = student
    ? review.annotations.filter(
        (annotation) =>
          annotation.author.id === student.userId ||
          annotation.replies.some((reply) => !reply.isFeedback && reply.author.id === student.userId),
      )
    : review.annotations;
  const studentIds = new Set(review.students.map((member) => member.userId));
  const pageUrl = (userId?: string, documentSlug = slug, page = 1) =>
    `/groups/${id}/review?document=${encodeURIComponent(documentSlug)}${userId ? `&student=${encodeURIComponent(userId)}` : ""}${
      page > 1 ? `&page=${page}` : ""
    }`;
  const pageCount = Math.max(1, Math.ceil(annotations.length / THREADS_PER_PAGE));
  // Past the last page (the list got shorter since the link was made): the last page.
  const page = Math.min(pageCount, Math.max(1, Number.parseInt(first(query.page) ?? "1", 10) || 1));
  const from = (page - 1) * THREADS_PER_PAGE;
  const shown = annotations.slice(from, from + THREADS_PER_PAGE).map(renderReviewThread);
  const pages = (where: "top" | "end") =>
    pageCount > 1 ? (
      <ReviewPages
        where={where}
        page={page}
        pageCount={pageCount}
        from={from + 1}
        to={from + shown.length}
        total={annotations.length}
        hrefOf={(number) => pageUrl(student?.userId, slug, number)}
      />
    ) : null;
  const exportUrl = (kind: string) => `/api/groups/${id}/export/${kind}.csv?document=${encodeURIComponent(slug)}`;

  return (
    <div className="page review-page">
      <p>
        <Link href={`/groups/${id}`}>← {review.group.name}</Link>
      </p>
      <h1>Review: {review.group.name}</h1>
      {/* Links rather than a select and a "Show" button: choosing is going there, and a long title wraps instead of being cut. */}
      <details className="review-page__document">
        <summary>
          <span className="review-page__document-label">Reading</span> <strong>{review.document.title}</strong>{" "}
          {documents.length > 1 && <span className="review-page__document-change">Change</span>}
        </summary>
        <ul aria-label="Readings">
          {documents.map((document) => (
            <li key={document.slug}>
              <Link href={pageUrl(student?.userId, document.slug)} aria-current={document.slug === slug ? "page" : undefined}>
                {document.title}
              </Link>
            </li>
          ))}
        </ul>
      </details>
      <p className="review-page__downloads">
        <a href={exportUrl("students")} download>
          Download students.csv
        </a>
        <a href={exportUrl("annotations")} download>
          Download annotations.csv
        </a>
        {/* The same formats readers export their own notes in (issue 6), for the whole group. */}
        <a href={`/api/groups/${id}/export/notes?format=markdown&document=${encodeURIComponent(slug)}`} download>
          Markdown
        </a>
        <a href={`/api/groups/${id}/export/notes?format=jsonld&document=${encodeURIComponent(slug)}`} download>
          W3C JSON-LD
        </a>
        <a href={`/api/groups/${id}/export/notes?format=hypothesis&document=${encodeURIComponent(slug)}`} download>
          Hypothesis JSON
        </a>
      </p>

      <section aria-labelledby="scores-heading" className="review-page__scores">
        <h2 id="scores-heading">Scores</h2>
        {review.group.scoreRelease === "immediate" ? (
          <p>Students see each score on their own annotation or reply as soon as you give it.</p>
        ) : (
          <>
            <p>
              {review.unreleasedScores === 0
                ? "Scores wait for you to release them. None is waiting now: students see every score released so far, each on their own work."
                : describeUnreleasedScores(review.unreleasedScores)}
            </p>
            <ReleaseScoresButton groupId={id} documentSlug={slug} unreleased={review.unreleasedScores} />
          </>
        )}
        <p className="field__hint">
          Each student sees only their own scores.{" "}
          {review.group.scoreRelease === "immediate"
            ? null
            : "A score once released stays released: changing it shows the change to its student at once. "}
          The group&rsquo;s owner sets when, in <Link href={`/groups/${id}`}>the group&rsquo;s settings</Link>.
        </p>
      </section>

      <section aria-labelledby="students-heading">
        <h2 id="students-heading">Students ({review.students.length})</h2>
        {unshared.length > 0 && (
          <p className="notice review-page__unshared" id="unshared-notice">
            {unshared.length === 1 ? `${unshared[0].name} has` : `${unshared.length} students have`} notes on this reading that only{" "}
            {unshared.length === 1 ? "they" : "they each"} can see. They can move them to the group from the note&rsquo;s Edit (&ldquo;Who
            can see this&rdquo;).
          </p>
        )}
        {review.students.length === 0 ? (
          <p>No students have joined this group yet.</p>
        ) : (
          <div className="review-table__scroll" tabIndex={0} role="region" aria-label="Each student's work (scrolls sideways)">
            <table className="review-table">
              <thead>
                <tr>
                  <th scope="col">Student</th>
                  <th scope="col">Annotations</th>
                  <th scope="col">Replies</th>
                  <th scope="col">Words</th>
                  <th scope="col">Score total</th>
                  <th scope="col">
                    Coverage <CoverageLegend />
                  </th>
                </tr>
              </thead>
              <tbody>
                {review.students.map((member) => (
                  <tr key={member.userId}>
                    <th scope="row">
                      <Link href={pageUrl(member.userId)} aria-current={member.userId === student?.userId ? "page" : undefined}>
                        {member.name}
                      </Link>
                      {isUnshared(member) && (
                        <span className="tag tag--warning" aria-describedby="unshared-notice">
                          All notes private ({member.privateNotes})
                        </span>
                      )}
                    </th>
                    <td>{member.annotations}</td>
                    <td>{member.replies}</td>
                    <td>{member.words}</td>
                    <td>
                      {member.scoreTotal}
                      {member.scored > 0 && <span className="field__hint"> ({member.scored} scored)</span>}
                    </td>
                    <td>
                      <CoverageStrip engaged={member.paragraphsEngaged} paragraphCount={review.paragraphCount} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="annotations-heading">
        <h2 id="annotations-heading">
          {student
            ? `Work by ${student.name}: ${plural(student.annotations, "annotation")}, ${plural(student.replies, "reply", "replies")}`
            : `Annotations (${annotations.length})`}
        </h2>
        {student && (
          <p>
            <Link href={pageUrl()}>Show all students</Link>
          </p>
        )}
        {annotations.length === 0 ? (
          <p>Nothing posted in this group on “{review.document.title}” yet.</p>
        ) : (
          <>
            {pages("top")}
            <ol className="review-list" start={from + 1}>
              {shown.map((annotation) => (
                <ReviewThread key={annotation.id} annotation={annotation} studentIds={studentIds} focusId={student?.userId ?? null} />
              ))}
            </ol>
            {pages("end")}
          </>
        )}
      </section>
    </div>
  );
}

/** "Threads 51–100 of 5,834", with the previous and next pages (links: a page of the review can be shared and bookmarked). */
function ReviewPages(props: {
  /** Above the list or below it: two navigation landmarks, each with its own name. */
  where: "top" | "end";
  page: number;
  pageCount: number;
  from: number;
  to: number;
  total: number;
  hrefOf: (page: number) => string;
}) {
  const { where, page, pageCount, from, to, total, hrefOf } = props;
  const count = (value: number) => value.toLocaleString("en");
  return (
    <nav className="review-pages" aria-label={where === "top" ? "Pages of threads" : "Pages of threads, at the end of the list"}>
      {page > 1 ? (
        <Link href={hrefOf(page - 1)} rel="prev">
          ← Previous {THREADS_PER_PAGE}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
      <span>
        Threads {count(from)}–{count(to)} of {count(total)}
      </span>
      {page < pageCount ? (
        <Link href={hrefOf(page + 1)} rel="next">
          Next {Math.min(THREADS_PER_PAGE, total - to)} →
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A student who wrote on the reading but kept every note to themselves: the review would show them as idle. */
function isUnshared(member: MemberReview): boolean {
  return member.annotations === 0 && member.replies === 0 && member.privateNotes > 0;
}

/** The review, "forbidden" for a member who is not staff, or the 404 page for anyone else. */
/** A refusal as this page gives it: 404 for a missing group or reading or a non-member, "forbidden" for a member who is not staff. */
async function asReviewPage<T>(load: () => Promise<T>): Promise<T | "forbidden"> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    if (error instanceof AppError && error.code === "FORBIDDEN") return "forbidden";
    throw error;
  }
}
