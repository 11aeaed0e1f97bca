"use client";
import { useActionState, useEffect, useRef } from "react";
import { DEFAULT_EXPECTATIONS, DEFAULT_GRADING, NO_QUESTION_MARKER } from "@/lib/assignments/default-rules";
import { NOTHING_TYPED, type AssignmentFormState } from "@/lib/assignments/assignment-form-state";
import { AssignmentRuleFields, type AssignmentRules } from "./assignment-rule-fields";
import { TimeZoneInput } from "./time-zone-input";

const DEFAULT_RULES: AssignmentRules = { expectations: DEFAULT_EXPECTATIONS, grading: DEFAULT_GRADING, questions: NO_QUESTION_MARKER };

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
        <AssignmentRuleFields idPrefix="assignment" rules={DEFAULT_RULES} was={was} />
        <button type="submit" className="button">
          Assign
        </button>
      </form>
    </details>
  );
}
