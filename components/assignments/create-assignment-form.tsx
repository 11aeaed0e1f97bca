"use client";
import { useActionState, useEffect, useRef } from "react";
import { COLOR_NAMES, HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { DEFAULT_EXPECTATIONS } from "@/lib/assignments/default-expectations";
import { NOTHING_TYPED, type AssignmentFormState } from "@/lib/assignments/assignment-form-state";
import { TimeZoneInput } from "./time-zone-input";

type Props = {
  groupId: string;
  readings: Array<{ slug: string; title: string }>;
  /** The group's time zone; null: the instructor's browser zone. */
  timeZone: string | null;
  action: (previous: AssignmentFormState, form: FormData) => Promise<AssignmentFormState>;
};

/**
 * The staff's form to set a reading, folded until asked for: a form post to a server action, so it
 * works before (and without) JavaScript. Refused, it opens again with why and everything as typed.
 */
export function CreateAssignmentForm({ groupId, readings, timeZone, action }: Props) {
  const [{ error, typed }, formAction] = useActionState(action, NOTHING_TYPED);
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error, typed]);
  // Typed before a refusal, else the default.
  const was = (name: string, fallback: string | number = "") => typed[name] ?? String(fallback);
  if (readings.length === 0) return <p>No reading can be assigned yet: share one with the group or make it public first.</p>;
  return (
    <details className="assignment-form__details" open={error !== null || undefined}>
      <summary>Set a reading for the group</summary>
      {/* Keyed by what was typed: the form is drawn anew with it after each refusal. */}
      <form key={JSON.stringify(typed)} action={formAction} className="form assignment-form" aria-labelledby="new-assignment-heading">
        <h3 id="new-assignment-heading">Set a reading</h3>
        {error ? (
          <p ref={errorRef} className="notice notice--error" role="alert" tabIndex={-1}>
            {error}
          </p>
        ) : null}
        <input type="hidden" name="groupId" value={groupId} />
        <div className="field">
          <label htmlFor="assignment-document">Reading</label>
          <select id="assignment-document" name="document" required defaultValue={was("document") || undefined}>
            {readings.map((reading) => (
              <option key={reading.slug} value={reading.slug}>
                {reading.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="assignment-title">Title</label>
          <input id="assignment-title" name="title" dir="auto" required maxLength={200} defaultValue={was("title")} />
        </div>
        <div className="field">
          <label htmlFor="assignment-instructions">Instructions (Markdown)</label>
          <textarea id="assignment-instructions" name="instructions" rows={3} defaultValue={was("instructions")} />
        </div>
        <div className="field">
          <label htmlFor="assignment-opens">Opens (empty: now)</label>
          <input id="assignment-opens" name="opensAt" type="datetime-local" defaultValue={was("opensAt")} />
        </div>
        <div className="field">
          <label htmlFor="assignment-due">Due</label>
          <input id="assignment-due" name="dueAt" type="datetime-local" required defaultValue={was("dueAt")} />
        </div>
        {timeZone ? (
          // The server reads the times in the group's zone whatever the browser is in: no hidden field needed.
          <p className="field__hint">Times are in the group&apos;s time zone, {timeZone}; each student sees them in theirs.</p>
        ) : (
          <TimeZoneInput />
        )}
        <fieldset className="field">
          <legend>Expected of each student</legend>
          <label htmlFor="assignment-annotations">Annotations</label>
          <input
            id="assignment-annotations"
            name="annotations"
            type="number"
            min={0}
            max={100}
            defaultValue={was("annotations", DEFAULT_EXPECTATIONS.annotations)}
          />
          <label htmlFor="assignment-replies">Replies</label>
          <input
            id="assignment-replies"
            name="replies"
            type="number"
            min={0}
            max={100}
            defaultValue={was("replies", DEFAULT_EXPECTATIONS.replies)}
          />
          <label htmlFor="assignment-read-percent">Read at least (% of the reading; 0: not graded)</label>
          <input
            id="assignment-read-percent"
            name="readPercent"
            type="number"
            min={0}
            max={100}
            defaultValue={was("readPercent", DEFAULT_EXPECTATIONS.readPercent)}
          />
        </fieldset>
        <fieldset className="field">
          <legend>Questions on the class insight (optional)</legend>
          <label htmlFor="assignment-question-color">Highlight colour that marks a question</label>
          <select id="assignment-question-color" name="questionColor" defaultValue={was("questionColor")}>
            <option value="">None</option>
            {HIGHLIGHT_COLORS.map((color) => (
              <option key={color} value={color}>
                {COLOR_NAMES[color]}
              </option>
            ))}
          </select>
          <label htmlFor="assignment-question-tag">Tag that marks a question</label>
          <input id="assignment-question-tag" name="questionTag" maxLength={50} placeholder="question" defaultValue={was("questionTag")} />
        </fieldset>
        <fieldset className="field">
          <legend>Grading</legend>
          <label htmlFor="assignment-mode">Mode</label>
          <select id="assignment-mode" name="mode" defaultValue={was("mode", "scaled")}>
            <option value="scaled">Scaled: partial work, partial credit</option>
            <option value="all_or_nothing">All or nothing</option>
          </select>
          <label htmlFor="assignment-count">Count annotations and replies</label>
          <select id="assignment-count" name="count" defaultValue={was("count", "separate")}>
            <option value="separate">Separately, each against its own expectation</option>
            <option value="cumulative">Together, in any mix</option>
          </select>
          <label htmlFor="assignment-points">Points</label>
          <input id="assignment-points" name="points" type="number" min={0} max={1000} defaultValue={was("points", 10)} />
          <label htmlFor="assignment-penalty">Late penalty (% of what late work adds)</label>
          <input
            id="assignment-penalty"
            name="latePenaltyPercent"
            type="number"
            min={0}
            max={100}
            defaultValue={was("latePenaltyPercent", 0)}
          />
          <label htmlFor="assignment-rubric">Rubric share (% of the grade from the review page&apos;s rubric scores)</label>
          <input id="assignment-rubric" name="rubricPercent" type="number" min={0} max={100} defaultValue={was("rubricPercent", 0)} />
        </fieldset>
        <button type="submit" className="button">
          Assign
        </button>
      </form>
    </details>
  );
}
