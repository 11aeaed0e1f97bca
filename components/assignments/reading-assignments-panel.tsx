import Link from "next/link";
import { MarkdownBody } from "@/components/annotations/markdown-body";
import { describeTimeLeft, STATUS_LABELS } from "@/lib/assignments/grading";
import type { MyAssignmentDto } from "@/lib/assignments/responses";
import { LocalDateTime } from "./local-date-time";

type Props = { assignments: ReadonlyArray<MyAssignmentDto & { instructionsHtml: string }>; now?: Date };

/**
 * The reading page's sidebar, for a student: the assignments set on this reading — title, the
 * instructor's instructions, the due time in the reader's own time zone, and what is still expected.
 * Server-rendered as of the page load; the assignment's page has the live detail.
 */
export function ReadingAssignmentsPanel({ assignments, now = new Date() }: Props) {
  if (assignments.length === 0) return null;
  return (
    <section className="reading-assignments" aria-labelledby="reading-assignments-heading">
      <h3 id="reading-assignments-heading" className="reading-assignments__heading">
        {assignments.length === 1 ? "Assignment" : "Assignments"}
      </h3>
      {assignments.map((assignment) => (
        <details key={assignment.id} className="reading-assignments__item" open={assignments.length === 1}>
          <summary>
            <span className="reading-assignments__title">{assignment.title}</span>{" "}
            <span className={`tag due-list__status--${assignment.progress.status}`}>{STATUS_LABELS[assignment.progress.status]}</span>
          </summary>
          <p className="field__hint">
            {assignment.group.name} · due <LocalDateTime iso={assignment.dueAt} /> ({describeTimeLeft(new Date(assignment.dueAt), now)})
          </p>
          <p className="reading-assignments__remaining">
            {assignment.progress.remainingText ? `Still expected: ${assignment.progress.remainingText}.` : "Nothing more is expected."}
          </p>
          {assignment.instructionsHtml && <MarkdownBody html={assignment.instructionsHtml} />}
          <p>
            <Link href={`/assignments/${assignment.id}`}>Open the assignment</Link>
          </p>
        </details>
      ))}
    </section>
  );
}
