"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { MarkdownBody } from "@/components/annotations/markdown-body";
import { describeTimeLeft, STATUS_LABELS } from "@/lib/assignments/grading";
import type { MyAssignmentDto } from "@/lib/assignments/responses";
import { LocalDateTime } from "./local-date-time";

export type ReadingAssignmentItem = MyAssignmentDto & { instructionsHtml: string };

type Props = {
  assignments: readonly ReadingAssignmentItem[];
  /** When the page was rendered (ISO): "due in …" is said from it, so the server's HTML and the first render agree. */
  renderedAt: string;
  /**
   * Moves when one of my own changes comes back on the live stream (use-live-reading.ts): the
   * progress is then read again from the server, which alone decides what counts.
   */
  refreshKey: number;
};

/**
 * The reading page's sidebar, for a student: the assignments set on this reading — title, the
 * instructor's instructions, the due time in the reader's own time zone, and what is still
 * expected, which follows the reader's own annotations and replies as they are saved or deleted.
 */
export function ReadingAssignmentsPanel({ assignments: initial, renderedAt, refreshKey }: Props) {
  const [assignments, setAssignments] = useState(initial);
  const [now, setNow] = useState(() => new Date(renderedAt));
  useEffect(() => {
    if (refreshKey === 0 || initial.length === 0) return;
    const abort = new AbortController();
    void (async () => {
      try {
        const response = await fetch("/api/me/assignments", { signal: abort.signal, cache: "no-store" });
        if (!response.ok) return; // kept as it was; the next change asks again
        const { assignments: mine } = (await response.json()) as { assignments: MyAssignmentDto[] };
        const byId = new Map(mine.map((assignment) => [assignment.id, assignment]));
        setAssignments((current) =>
          current.map((assignment) => {
            const fresh = byId.get(assignment.id);
            return fresh ? { ...assignment, progress: fresh.progress, dueAt: fresh.dueAt, title: fresh.title } : assignment;
          }),
        );
        setNow(new Date());
      } catch {
        // Offline or the page is leaving: what is shown stays.
      }
    })();
    return () => abort.abort();
  }, [refreshKey, initial.length]);

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
            <span className={`tag due-list__status due-list__status--${assignment.progress.status}`}>
              {STATUS_LABELS[assignment.progress.status]}
            </span>
          </summary>
          <p className="field__hint">
            {assignment.group.name} · due <LocalDateTime iso={assignment.dueAt} /> ({describeTimeLeft(new Date(assignment.dueAt), now)})
          </p>
          <p className="reading-assignments__remaining" aria-live="polite">
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
