"use client";
import { useId, useState } from "react";
import { callGroupApi } from "@/components/groups/group-api";
import { RUBRIC, type RubricPoints } from "@/lib/review/rubric";

type Props = { annotationId: string; points: RubricPoints | null };

/** The rubric score of one thread; saves on change (PUT, or DELETE for "Not scored") and says so. */
export function ScoreSelect({ annotationId, points }: Props) {
  const id = useId();
  const [value, setValue] = useState(points === null ? "" : String(points));
  const [status, setStatus] = useState<{ kind: "saving" | "saved" | "error"; message: string } | null>(null);

  async function onChange(next: string) {
    const previous = value;
    setValue(next);
    setStatus({ kind: "saving", message: "Saving…" });
    const url = `/api/annotations/${annotationId}/score`;
    const result = next === "" ? await callGroupApi("DELETE", url) : await callGroupApi("PUT", url, { points: Number(next) });
    if (result.ok) return setStatus({ kind: "saved", message: next === "" ? "Score cleared" : "Saved" });
    setValue(previous);
    setStatus({ kind: "error", message: `Not saved: ${result.message}` });
  }

  return (
    <div className="review-score">
      <label htmlFor={id}>Score</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} disabled={status?.kind === "saving"}>
        <option value="">Not scored</option>
        {RUBRIC.map((level) => (
          <option key={level.points} value={level.points}>
            {level.points} {level.label}
          </option>
        ))}
      </select>
      <span role="status" className={status?.kind === "error" ? "field__error" : "field__hint"}>
        {status?.message}
      </span>
    </div>
  );
}
