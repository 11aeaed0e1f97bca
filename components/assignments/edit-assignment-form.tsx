"use client";
import { useActionState, useEffect, useRef } from "react";
import { NOTHING_TYPED, type AssignmentFormState } from "@/lib/assignments/assignment-form-state";
import type { AssignmentDto } from "@/lib/assignments/responses";
import { AssignmentRuleFields } from "./assignment-rule-fields";
import { formatDateTime } from "@/lib/format-date";
import { LocalDateTime } from "./local-date-time";
import { TimeZoneInput } from "./time-zone-input";

type Props = {
  assignment: AssignmentDto;
  /** The group's time zone; null: the instructor's browser zone. */
  timeZone: string | null;
  action: (previous: AssignmentFormState, form: FormData) => Promise<AssignmentFormState>;
};

/**
 * The staff's form to change an assignment, close it or open it again: a plain form post to a
 * server action, like the one that created it. The opening and due times stay as they are unless a
 * new one is typed (the current one is shown beside the field, in the zone new ones are typed in), so a
 * form rendered on the server never has to guess the instructor's time zone. Refused, it says why
 * at its top, with focus there, and keeps everything as typed (as the new-assignment form does).
 */
export function EditAssignmentForm({ assignment, timeZone, action }: Props) {
  const [{ error, typed }, formAction] = useActionState(action, NOTHING_TYPED);
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error, typed]);
  // Typed before a refusal, else what is stored.
  const was = (name: string, stored: string | number) => typed[name] ?? String(stored);
  const isClosed = typed.closed === undefined ? assignment.closedAt !== null : typed.closed === "on";
  const isReleased = assignment.gradesReleasedAt !== null;
  return (
    // Keyed by what was typed: the form is drawn anew with it after each refusal.
    <form key={JSON.stringify(typed)} action={formAction} className="form assignment-form" aria-labelledby="edit-assignment-heading">
      <h2 id="edit-assignment-heading">Edit</h2>
      <p>
        Grades follow the new rules at once; overrides stay.
        {isReleased && " Grades are released: a change that gives a student a new grade asks you first, naming them."}
      </p>
      {error ? (
        <p ref={errorRef} className="notice notice--error" role="alert" tabIndex={-1}>
          {error}
        </p>
      ) : null}
      <input type="hidden" name="assignmentId" value={assignment.id} />
      {/* The version this form shows: a save after someone else's is refused rather than undoing it. */}
      <input type="hidden" name="ifUnmodifiedSince" value={assignment.updatedAt} />
      <div className="field">
        <label htmlFor="edit-title">Title</label>
        <input id="edit-title" name="title" dir="auto" required maxLength={200} defaultValue={was("title", assignment.title)} />
      </div>
      <div className="field">
        <label htmlFor="edit-instructions">Instructions (Markdown)</label>
        <textarea id="edit-instructions" name="instructions" rows={3} defaultValue={was("instructions", assignment.instructions)} />
      </div>
      <div className="field">
        <label htmlFor="edit-opens">New opening time (empty: unchanged)</label>
        <input id="edit-opens" name="opensAt" type="datetime-local" defaultValue={was("opensAt", "")} aria-describedby="edit-opens-now" />
        <p id="edit-opens-now" className="field__hint">
          Opens <CurrentTime iso={assignment.opensAt} timeZone={timeZone} />
        </p>
      </div>
      <div className="field">
        <label htmlFor="edit-due">New due time (empty: unchanged)</label>
        <input id="edit-due" name="dueAt" type="datetime-local" defaultValue={was("dueAt", "")} aria-describedby="edit-due-now" />
        <p id="edit-due-now" className="field__hint">
          Due <CurrentTime iso={assignment.dueAt} timeZone={timeZone} />
        </p>
      </div>
      {timeZone ? <p className="field__hint">New times are in the group&apos;s time zone, {timeZone}.</p> : <TimeZoneInput />}
      <AssignmentRuleFields idPrefix="edit" rules={assignment} was={was} />
      <div className="field field--checkbox">
        <input id="edit-closed" type="checkbox" name="closed" defaultChecked={isClosed} />
        <label htmlFor="edit-closed">Closed: work from now on does not count</label>
      </div>
      {isReleased && (
        <div className="field field--checkbox">
          <input id="edit-regrade" type="checkbox" name="changeReleasedGrades" defaultChecked={typed.changeReleasedGrades === "on"} />
          <label htmlFor="edit-regrade">Change released grades: students see their new grade at once</label>
        </div>
      )}
      <button type="submit" className="button">
        Save changes
      </button>
    </form>
  );
}

/**
 * A time as it stands, in the zone the form's new times are typed in: the group's, named (a time
 * shown in the instructor's own zone above "New times are in the group's time zone" was copied
 * into the field and moved by the zones' difference), else the reader's own.
 */
function CurrentTime({ iso, timeZone }: { iso: string; timeZone: string | null }) {
  if (!timeZone) return <LocalDateTime iso={iso} />;
  return (
    <time dateTime={iso}>
      {formatDateTime(iso, timeZone)} ({timeZone})
    </time>
  );
}
