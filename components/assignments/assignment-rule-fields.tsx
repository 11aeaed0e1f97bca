import { COLOR_NAMES, HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import type { AssignmentDto } from "@/lib/assignments/responses";

export type AssignmentRules = Pick<AssignmentDto, "expectations" | "questions" | "grading">;

type Props = {
  /** Keeps the fields' ids apart when both forms are on one page. */
  idPrefix: string;
  /** The rules the form starts from: the defaults for a new assignment, the stored ones for an edit. */
  rules: AssignmentRules;
  /** What was typed into a field before a refusal, else `shown`. */
  was: (name: string, shown: string | number) => string;
};

/**
 * What is expected of each student, what marks a question and how work is graded: the fields the
 * new-assignment and edit forms share, with the names the server action reads
 * (server/assignments/actions.ts).
 */
export function AssignmentRuleFields({ idPrefix, rules: { expectations, questions, grading }, was }: Props) {
  const id = (field: string) => `${idPrefix}-${field}`;
  return (
    <>
      <fieldset className="field">
        <legend>Expected of each student</legend>
        <NumberField
          id={id("annotations")}
          label="Annotations"
          name="annotations"
          max={100}
          value={was("annotations", expectations.annotations)}
        />
        <NumberField id={id("replies")} label="Replies" name="replies" max={100} value={was("replies", expectations.replies)} />
        <NumberField
          id={id("read-percent")}
          label="Read at least (% of the reading; 0: not graded)"
          name="readPercent"
          max={100}
          value={was("readPercent", expectations.readPercent)}
        />
      </fieldset>
      <fieldset className="field">
        <legend>Questions on the class insight (optional)</legend>
        <label htmlFor={id("question-color")}>Highlight colour that marks a question</label>
        <select id={id("question-color")} name="questionColor" defaultValue={was("questionColor", questions.color ?? "")}>
          <option value="">None</option>
          {HIGHLIGHT_COLORS.map((color) => (
            <option key={color} value={color}>
              {COLOR_NAMES[color]}
            </option>
          ))}
        </select>
        <label htmlFor={id("question-tag")}>Tag that marks a question</label>
        <input
          id={id("question-tag")}
          name="questionTag"
          maxLength={50}
          placeholder="question"
          defaultValue={was("questionTag", questions.tag ?? "")}
        />
      </fieldset>
      <fieldset className="field">
        <legend>Grading</legend>
        <label htmlFor={id("mode")}>Mode</label>
        <select id={id("mode")} name="mode" defaultValue={was("mode", grading.mode)}>
          <option value="scaled">Scaled: partial work, partial credit</option>
          <option value="all_or_nothing">All or nothing</option>
        </select>
        <label htmlFor={id("count")}>Count annotations and replies</label>
        <select id={id("count")} name="count" defaultValue={was("count", grading.count)}>
          <option value="separate">Separately, each against its own expectation</option>
          <option value="cumulative">Together, in any mix</option>
        </select>
        <NumberField id={id("points")} label="Points" name="points" max={1000} value={was("points", grading.points)} />
        <NumberField
          id={id("penalty")}
          label="Late penalty (% of what late work adds)"
          name="latePenaltyPercent"
          max={100}
          value={was("latePenaltyPercent", grading.latePenaltyPercent)}
        />
        <NumberField
          id={id("rubric")}
          label="Rubric share (% of the grade from the review page's rubric scores)"
          name="rubricPercent"
          max={100}
          value={was("rubricPercent", grading.rubricPercent)}
        />
      </fieldset>
    </>
  );
}

/** A label and its whole-number field, from 0 to `max`. */
function NumberField({ id, label, name, max, value }: { id: string; label: string; name: string; max: number; value: string }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type="number" min={0} max={max} defaultValue={value} />
    </>
  );
}
