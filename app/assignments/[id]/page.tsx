import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { MarkdownBody } from "@/components/annotations/markdown-body";
import { ClassInsight } from "@/components/assignments/class-insight";
import { EditAssignmentForm } from "@/components/assignments/edit-assignment-form";
import { LocalDateTime } from "@/components/assignments/local-date-time";
import { ReadingDone } from "@/components/assignments/reading-done";
import { PageNotice } from "@/components/common/page-notice";
import { CoverageLegend, CoverageStrip } from "@/components/review/coverage-strip";
import { ReleaseScoresButton } from "@/components/review/release-scores-button";
import { describeGradesMoved } from "@/lib/assignments/grades-moved";
import { describeTimeLeft, STATUS_LABELS } from "@/lib/assignments/grading";
import { describeGradeParts } from "@/lib/assignments/grade-parts";
import type { AssignmentDto, GradeDto, ProgressDto } from "@/lib/assignments/responses";
import { AppError } from "@/lib/errors";
import { describeUnreleasedScores } from "@/lib/review/score-release";
import {
  deleteAssignmentAction,
  overrideGradeAction,
  releaseGradesAction,
  removeGradeOverrideAction,
  updateAssignmentAction,
} from "@/server/assignments/actions";
import { getAssignment } from "@/server/assignments/get-assignment";
import { getClassInsight, type ClassInsight as Insight } from "@/server/assignments/get-class-insight";
import { getProgress } from "@/server/assignments/get-progress";
import { listGrades } from "@/server/assignments/list-grades";
import { countScoresWaitingForRelease } from "@/server/assignments/release-grades";
import { gradesMovedSinceRelease } from "@/server/assignments/released-grades";
import { getCurrentUser } from "@/server/auth/session";
import { groupTimeZone } from "@/server/assignments/group-time-zone";
import { renderMarkdown } from "@/server/markdown/render-markdown";
import { openNotice } from "@/server/http/signed-notice";
import { READING_PACE_WORDS_PER_MINUTE } from "@/lib/reading-progress/pace";
import { RefreshWhenSentElsewhere } from "@/components/offline/refresh-when-sent-elsewhere";

export const metadata: Metadata = { title: "Assignment" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ error?: string | string[]; saved?: string | string[] }> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const SAVED: Record<string, string> = {
  created: "Assignment set: the group's students see it in their Due list once it opens.",
  updated: "Changes saved.",
  override: "Grade overridden.",
  "override-removed": "Override taken back: the grade is the computed one again.",
  released: "Grades released: each student now sees their own.",
};

// /assignments/{id} - the staff's view (each student's work, grade, override, release, exports); a student's own progress and released grade
export default async function AssignmentPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/assignments/${id}`)}`);
  const assignment = await orNotFound(getAssignment(user, id));
  const manage = assignment.permissions.manage;
  const [grades, ownProgress] = manage
    ? [await listGrades(user, id), null]
    : [assignment.gradesReleasedAt ? await listGrades(user, id) : null, (await getProgress(user, id))[0] ?? null];
  const insight = manage ? await getClassInsight(user, id) : null;
  // Before the first release, "Release grades" releases the scores too; after it, scores given since wait for "Release scores".
  const unreleasedScores = manage && assignment.gradesReleasedAt ? await countScoresWaitingForRelease(user, id) : 0;
  const error = openNotice(query.error);
  const saved = SAVED[first(query.saved) ?? ""];
  const { expectations, grading } = assignment;

  return (
    <div className="page assignment-page">
      <RefreshWhenSentElsewhere />
      <p>
        <Link href={`/groups/${assignment.group.id}`}>← {assignment.group.name}</Link>
      </p>
      <h1>{assignment.title}</h1>
      <div role="status">{error ? <PageNotice text={error} isError /> : saved ? <PageNotice text={saved} isError={false} /> : null}</div>
      <p>
        Read <Link href={`/read/${assignment.document.slug}`}>{assignment.document.title}</Link>
        {" · due "}
        <LocalDateTime iso={assignment.dueAt} /> ({describeTimeLeft(new Date(assignment.dueAt))}){assignment.closedAt ? " · closed" : ""}
      </p>
      <p>
        Expected: {expectations.annotations} annotation{expectations.annotations === 1 ? "" : "s"} and {expectations.replies}{" "}
        {expectations.replies === 1 ? "reply" : "replies"} in the group (
        {grading.count === "cumulative" ? "counted together" : "each counted"}); {grading.mode === "scaled" ? "scaled" : "all or nothing"},
        out of {grading.points}
        {grading.latePenaltyPercent > 0 ? `; late work loses ${grading.latePenaltyPercent} %` : ""}
        {expectations.readPercent > 0
          ? `; reading at least ${expectations.readPercent} % of the text is a part of the grade (read as far as the time on the page allows, at ${READING_PACE_WORDS_PER_MINUTE.toLocaleString("en")} words a minute)`
          : ""}
        {grading.rubricPercent > 0
          ? `; ${grading.rubricPercent} % from ${manage ? "rubric scores on the review page" : "the rubric scores your instructors give your work"}`
          : ""}
        . Work counts once it is in the group — a highlight once it has a comment, a reply once it answers someone; shared or rewritten
        after the due time, it is late.
      </p>
      {assignment.instructions && (
        <section aria-labelledby="instructions-heading" className="panel">
          <h2 id="instructions-heading">Instructions</h2>
          <MarkdownBody html={renderMarkdown(assignment.instructions)} />
        </section>
      )}
      {manage && grades && insight ? (
        <>
          <StaffView
            assignmentId={id}
            groupId={assignment.group.id}
            documentSlug={assignment.document.slug}
            grades={grades.grades}
            releasedAt={assignment.gradesReleasedAt}
            unreleasedScores={unreleasedScores}
            insight={insight}
            hasRubric={grading.rubricPercent > 0}
          />
          <ClassInsight
            slug={assignment.document.slug}
            paragraphs={insight.paragraphs}
            unplaced={insight.unplaced}
            questions={assignment.questions}
          />
          <section className="panel">
            <EditAssignmentForm
              assignment={assignment}
              timeZone={await groupTimeZone(assignment.group.id)}
              action={updateAssignmentAction}
            />
          </section>
        </>
      ) : (
        <StudentView progress={ownProgress} grade={grades?.grades[0] ?? null} grading={grading} />
      )}
    </div>
  );
}

function StudentView({
  progress,
  grade,
  grading,
}: {
  progress: ProgressDto | null;
  grade: GradeDto | null;
  grading: AssignmentDto["grading"];
}) {
  return (
    <section aria-labelledby="my-progress-heading" className="panel">
      <h2 id="my-progress-heading">My progress</h2>
      {progress && (
        <p>
          <span className={`tag due-list__status due-list__status--${progress.status}`}>{STATUS_LABELS[progress.status]}</span>{" "}
          {progress.counts.annotations} annotation
          {progress.counts.annotations === 1 ? "" : "s"}, {progress.counts.replies} {progress.counts.replies === 1 ? "reply" : "replies"}
          {progress.remainingText ? ` · ${progress.remainingText} expected` : ""}
        </p>
      )}
      {progress?.reading && (
        <p>
          Read: <ReadingDone reading={progress.reading} />
        </p>
      )}
      {grade ? (
        <p className="assignment-page__grade">
          Grade: {grade.grade} / {grade.points}
          {grade.override ? ` (${grade.override.reason})` : ""}
        </p>
      ) : (
        <p className="field__hint">Your grade shows here once your instructor releases grades.</p>
      )}
      {grade && !grade.override && describeGradeParts(grade, grading) && (
        <p className="field__hint">{describeGradeParts(grade, grading)}</p>
      )}
    </section>
  );
}

function StaffView({
  assignmentId,
  groupId,
  documentSlug,
  grades,
  releasedAt,
  unreleasedScores,
  insight,
  hasRubric,
}: {
  assignmentId: string;
  groupId: string;
  documentSlug: string;
  grades: GradeDto[];
  releasedAt: string | null;
  /** Scores on the group's work on the reading given since the last release (0 before the first: releasing grades releases them). */
  unreleasedScores: number;
  insight: Insight;
  /** Rubric scores are part of the grade: show each student's mean beside it. */
  hasRubric: boolean;
}) {
  const overrides = grades.filter((grade) => grade.override).length;
  // Grades stay live after a release: those that moved since (work posted, edited or deleted; an override) are shown, and may be released again.
  const moved = releasedAt ? gradesMovedSinceRelease(grades) : [];
  const lastReleasedAt = grades.reduce<string | null>(
    (last, grade) => (grade.released && (!last || grade.released.at > last) ? grade.released.at : last),
    null,
  );
  return (
    <>
      <section aria-labelledby="grades-heading">
        <h2 id="grades-heading">Students ({grades.length})</h2>
        {grades.length === 0 ? (
          <p>
            No students in the group yet: <Link href={`/groups/${groupId}`}>invite them from the group&rsquo;s page</Link>.
          </p>
        ) : (
          <div className="review-table__scroll" tabIndex={0} role="region" aria-label="Students' progress and grades (scrolls sideways)">
            {/* On a phone each student's row is a card, each value under its column's name
                (data-label, app/phone.css). The roles are spelled out: a browser may drop a table's
                semantics once its rows are no longer displayed as table rows. */}
            <table className="review-table review-table--cards" role="table">
              <thead role="rowgroup">
                <tr role="row">
                  <th scope="col" role="columnheader">
                    Student
                  </th>
                  <th scope="col" role="columnheader">
                    Status
                  </th>
                  <th scope="col" role="columnheader">
                    Annotations
                  </th>
                  <th scope="col" role="columnheader">
                    Replies
                  </th>
                  <th scope="col" role="columnheader">
                    Late
                  </th>
                  {hasRubric && (
                    <th scope="col" role="columnheader">
                      Rubric (mean of 3)
                    </th>
                  )}
                  <th scope="col" role="columnheader">
                    Computed
                  </th>
                  <th scope="col" role="columnheader">
                    Grade
                  </th>
                  <th scope="col" role="columnheader">
                    Override
                  </th>
                  <th scope="col" role="columnheader">
                    Read
                  </th>
                  <th scope="col" role="columnheader">
                    Coverage <CoverageLegend />
                  </th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {grades.map((grade) => (
                  <tr key={grade.student.id} role="row">
                    <th scope="row" role="rowheader">
                      {grade.student.name}
                    </th>
                    <td role="cell" data-label="Status">
                      {STATUS_LABELS[grade.status]}
                    </td>
                    <td role="cell" data-label="Annotations">
                      {grade.counts.annotations}
                    </td>
                    <td role="cell" data-label="Replies">
                      {grade.counts.replies}
                    </td>
                    <td role="cell" data-label="Late">
                      {grade.late.annotations + grade.late.replies}
                    </td>
                    {hasRubric && (
                      <td role="cell" data-label="Rubric (mean of 3)">
                        {grade.rubric ?? "not scored"}
                      </td>
                    )}
                    <td role="cell" data-label="Computed">
                      {grade.computed}
                    </td>
                    <td role="cell" data-label="Grade">
                      {grade.grade}
                      {grade.override ? ` (overridden: ${grade.override.reason})` : ""}
                      {moved.includes(grade) && (
                        <span className="assignment-page__moved">
                          {/* The space keeps the words apart where the line does not (a screen reader, copied text). */}
                          {grade.released ? ` released as ${grade.released.points}` : " not in the last release"}
                        </span>
                      )}
                    </td>
                    <td role="cell" data-label="Override" className="review-table__wide">
                      <form action={overrideGradeAction} className="assignment-override">
                        <input type="hidden" name="assignmentId" value={assignmentId} />
                        <input type="hidden" name="userId" value={grade.student.id} />
                        {/* The override this page shows: one set since by someone else is refused, not silently replaced. */}
                        <input type="hidden" name="ifUnmodifiedSince" value={grade.override?.at ?? "none"} />
                        <label htmlFor={`points-${grade.student.id}`}>Points for {grade.student.name}</label>
                        <input
                          id={`points-${grade.student.id}`}
                          name="points"
                          type="number"
                          min={0}
                          max={grade.points}
                          step="0.01"
                          required
                          defaultValue={grade.grade}
                        />
                        <label htmlFor={`reason-${grade.student.id}`}>Reason</label>
                        <input
                          id={`reason-${grade.student.id}`}
                          name="reason"
                          required
                          maxLength={2000}
                          defaultValue={grade.override?.reason ?? ""}
                        />
                        <button type="submit" className="button button--small">
                          Override
                        </button>
                      </form>
                      {grade.override ? (
                        // Back to the computed grade, which follows the rules (and their changes) again.
                        <form action={removeGradeOverrideAction} className="assignment-override">
                          <input type="hidden" name="assignmentId" value={assignmentId} />
                          <input type="hidden" name="userId" value={grade.student.id} />
                          <input type="hidden" name="ifUnmodifiedSince" value={grade.override.at} />
                          <button type="submit" className="button button--small button--quiet">
                            Use the computed grade ({grade.computed}) for {grade.student.name}
                          </button>
                        </form>
                      ) : null}
                    </td>
                    <td role="cell" data-label="Read">
                      {grade.reading ? <ReadingDone reading={grade.reading} /> : "Not recorded"}
                    </td>
                    <td role="cell" data-label="Coverage" className="review-table__wide">
                      <CoverageStrip engaged={insight.coverage.get(grade.student.id) ?? []} paragraphCount={insight.paragraphCount} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="release-heading" className="panel">
        <h2 id="release-heading">Release and export</h2>
        {releasedAt ? (
          <>
            <p>
              Grades released <LocalDateTime iso={releasedAt} />
              {lastReleasedAt && lastReleasedAt !== releasedAt && (
                <>
                  , last <LocalDateTime iso={lastReleasedAt} />
                </>
              )}
              . Each student sees their own, as it stands now.
            </p>
            {moved.length > 0 && (
              <form action={releaseGradesAction}>
                <input type="hidden" name="assignmentId" value={assignmentId} />
                <p>
                  {describeGradesMoved(
                    moved.map((grade) => ({ name: grade.student.name, from: grade.released?.points ?? null, to: grade.grade })),
                  )}{" "}
                  Students see theirs as they stand; a gradebook exported at the release still has the released ones. Releasing again makes
                  these the released grades.
                </p>
                <button type="submit" className="button">
                  Release grades again
                </button>
              </form>
            )}
            {unreleasedScores > 0 && (
              <p>
                {describeUnreleasedScores(unreleasedScores)}
                {hasRubric && " Until they are, the grades leave them out of the rubric mean."}
              </p>
            )}
            {/* The review page's release, for scores given since the grades went out. Kept on the page
                when none waits, so that it still says how many it released after the refresh. */}
            <ReleaseScoresButton groupId={groupId} documentSlug={documentSlug} unreleased={unreleasedScores} />
          </>
        ) : (
          <form action={releaseGradesAction}>
            <input type="hidden" name="assignmentId" value={assignmentId} />
            <p>
              Students see no grade until you release them.
              {hasRubric && " Releasing them also releases the rubric scores given so far on this reading in the group."}
            </p>
            <button type="submit" className="button">
              Release grades
            </button>
          </form>
        )}
        <ul>
          <li>
            <a href={`/api/assignments/${assignmentId}/export/canvas.csv`}>Canvas gradebook CSV</a>
          </li>
          <li>
            <a href={`/api/assignments/${assignmentId}/export/moodle.csv`}>Moodle grade import CSV</a>
          </li>
          <li>
            <a href={`/api/assignments/${assignmentId}/export/plain.csv`}>Plain CSV</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="delete-heading" className="panel">
        <h2 id="delete-heading">Delete</h2>
        <form action={deleteAssignmentAction}>
          <input type="hidden" name="assignmentId" value={assignmentId} />
          <input type="hidden" name="groupId" value={groupId} />
          <p>
            Deleting the assignment removes its computed grades and {overrides === 1 ? "1 override" : `${overrides} overrides`}. The
            students&apos; annotations and replies stay on the reading. Export the grades first if you need them.
          </p>
          <button type="submit" className="button button--danger">
            Delete assignment
          </button>
        </form>
      </section>
    </>
  );
}

async function orNotFound<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
