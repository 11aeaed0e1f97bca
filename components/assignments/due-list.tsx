import Link from "next/link";
import { describeTimeLeft, STATUS_LABELS } from "@/lib/assignments/grading";
import type { MyAssignmentDto } from "@/lib/assignments/responses";
import { LocalDateTime } from "./local-date-time";

/**
 * A student's "Due" list: per assignment, where they stand (not started, in progress, done, late, missing),
 * what is still expected, the time left, and the grade once released. Server-rendered.
 */
export function DueList({ assignments, showGroup, now = new Date() }: { assignments: MyAssignmentDto[]; showGroup: boolean; now?: Date }) {
  if (assignments.length === 0) return <p>Nothing is due.</p>;
  return (
    <ul className="due-list">
      {assignments.map((assignment) => {
        const { progress } = assignment;
        return (
          <li key={assignment.id} className="due-list__item">
            <Link href={`/assignments/${assignment.id}`} className="due-list__title">
              {assignment.title}
            </Link>
            <span className={`tag due-list__status due-list__status--${progress.status}`}>{STATUS_LABELS[progress.status]}</span>
            <span className="field__hint">
              {" "}
              {showGroup ? `${assignment.group.name} · ` : ""}
              <Link href={`/read/${assignment.document.slug}`}>{assignment.document.title}</Link>
              {" · due "}
              <LocalDateTime iso={assignment.dueAt} /> ({describeTimeLeft(new Date(assignment.dueAt), now)})
              {progress.remainingText ? ` · ${progress.remainingText} expected` : ""}
              {assignment.grade !== null ? ` · Grade: ${assignment.grade} / ${assignment.grading.points}` : ""}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
