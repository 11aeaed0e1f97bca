import Link from "next/link";
import type { ComponentProps } from "react";
import type { AssignmentDto, MyAssignmentDto } from "@/lib/assignments/responses";
import { CreateAssignmentForm } from "./create-assignment-form";
import { DueList } from "./due-list";
import { LocalDateTime } from "./local-date-time";

type Props = {
  groupId: string;
  isStaff: boolean;
  /** Every assignment, for the staff. */
  assignments: AssignmentDto[];
  /** The viewer's own, for a student. */
  due: MyAssignmentDto[];
  readings: Array<{ slug: string; title: string }>;
  /** The group's time zone, which the form's times are typed in; null: the instructor's browser zone. */
  timeZone: string | null;
  createAction: ComponentProps<typeof CreateAssignmentForm>["action"];
  /** Moves an assignment one place up or down the list (a server action; works without JavaScript). */
  moveAction?: (form: FormData) => Promise<void>;
  error: string | null;
};

/** The group page's assignments: a student's "Due" list, or the staff's list and the form to set a reading. */
export function GroupAssignments({ groupId, isStaff, assignments, due, readings, timeZone, createAction, moveAction, error }: Props) {
  return (
    <section aria-labelledby="assignments-heading" className="panel group-page__assignments">
      <h2 id="assignments-heading">{isStaff ? "Assignments" : "Due"}</h2>
      <div role="status">{error && <p className="notice notice--error">{error}</p>}</div>
      {isStaff ? (
        <>
          {assignments.length === 0 ? (
            <p>No assignments yet.</p>
          ) : (
            <ul className="due-list">
              {assignments.map((assignment, index) => (
                <li key={assignment.id} className="due-list__item">
                  <Link href={`/assignments/${assignment.id}`} className="due-list__title">
                    {assignment.title}
                  </Link>
                  <span className="field__hint">
                    {" "}
                    {assignment.document.title} · due <LocalDateTime iso={assignment.dueAt} />
                    {assignment.closedAt ? " · closed" : ""}
                    {assignment.gradesReleasedAt ? " · grades released" : ""}
                  </span>
                  {moveAction && assignments.length > 1 && (
                    <form action={moveAction} className="assignment-move">
                      <input type="hidden" name="assignmentId" value={assignment.id} />
                      <input type="hidden" name="groupId" value={groupId} />
                      <button
                        type="submit"
                        name="direction"
                        value="up"
                        className="button button--small"
                        disabled={index === 0}
                        aria-label={`Move “${assignment.title}” up`}
                      >
                        ↑
                      </button>
                      <button
                        type="submit"
                        name="direction"
                        value="down"
                        className="button button--small"
                        disabled={index === assignments.length - 1}
                        aria-label={`Move “${assignment.title}” down`}
                      >
                        ↓
                      </button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          )}
          {assignments.length > 0 && (
            <p className="field__hint">
              Gradebook, one column per opened assignment:{" "}
              <a href={`/api/groups/${groupId}/gradebook/canvas.csv`} download>
                Canvas CSV
              </a>
              {" · "}
              <a href={`/api/groups/${groupId}/gradebook/moodle.csv`} download>
                Moodle CSV
              </a>
              {" · "}
              <a href={`/api/groups/${groupId}/gradebook/plain.csv`} download>
                plain CSV
              </a>
            </p>
          )}
          <CreateAssignmentForm groupId={groupId} readings={readings} timeZone={timeZone} action={createAction} />
        </>
      ) : (
        <DueList assignments={due} showGroup={false} />
      )}
    </section>
  );
}
