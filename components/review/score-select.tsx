"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { errorMessage } from "@/components/api/api-client";
import { reviewApi } from "@/components/api/groups-api";
import { RUBRIC, type RubricPoints } from "@/lib/review/rubric";
import { useIsInteractive } from "@/components/common/use-is-interactive";

type Props = { annotationId: string; points: RubricPoints | null; label: string };

/** The rubric score of one annotation or reply; saves on change (PUT, or DELETE for "Not scored") and says so. */
export function ScoreSelect({ annotationId, points, label }: Props) {
  const id = useId();
  const router = useRouter();
  const [value, setValue] = useState(points === null ? "" : String(points));
  const [status, setStatus] = useState<{ kind: "saving" | "saved" | "error"; message: string } | null>(null);
  // Until the page's script runs the score is disabled: one chosen while it hydrates would be put back, unsaved.
  const isInteractive = useIsInteractive();

  async function onChange(next: string) {
    const previous = value;
    setValue(next);
    setStatus({ kind: "saving", message: "Saving…" });
    try {
      await (next === "" ? reviewApi.clearScore(annotationId) : reviewApi.setScore(annotationId, { points: Number(next) }));
      setStatus({ kind: "saved", message: next === "" ? "Score cleared" : "Saved" });
      // The page's totals and what waits to be released follow each score (they are the server's to count).
      router.refresh();
    } catch (caught) {
      setValue(previous);
      setStatus({ kind: "error", message: `Not saved: ${errorMessage(caught)}` });
    }
  }

  return (
    <div className="review-score">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={!isInteractive || status?.kind === "saving"}
      >
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
