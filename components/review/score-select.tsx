"use client";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { errorMessage } from "@/components/api/api-client";
import { reviewApi } from "@/components/api/groups-api";
import { RUBRIC, type RubricPoints } from "@/lib/review/rubric";
import { useIsInteractive } from "@/components/common/use-is-interactive";

type Props = {
  annotationId: string;
  points: RubricPoints | null;
  label: string;
  /** Which piece of work, for screen readers (every score on the page has the same visible label). */
  about?: string;
};

/** The rubric score of one annotation or reply; saves on change (PUT, or DELETE for "Not scored") and says so. */
export function ScoreSelect({ annotationId, points, label, about }: Props) {
  const id = useId();
  const router = useRouter();
  const [value, setValue] = useState(points === null ? "" : String(points));
  const [status, setStatus] = useState<{ kind: "saving" | "saved" | "error"; message: string } | null>(null);
  // Until the page's script runs the score is disabled: one chosen while it hydrates would be put back, unsaved.
  const isInteractive = useIsInteractive();
  // Saved one after another, in the order chosen, so the server ends with the last. The select stays
  // enabled while a score saves: with the keyboard, each arrow press chooses (and saves) the next
  // level, and a select disabled by the first press dropped focus to the page, leaving "0 Not yet"
  // where "2 Proficient" was meant (an independent check).
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const chosen = useRef(0);
  const saved = useRef(value);

  function onChange(next: string) {
    const choice = ++chosen.current;
    setValue(next);
    setStatus({ kind: "saving", message: "Saving…" });
    saving.current = saving.current.then(async () => {
      try {
        await (next === "" ? reviewApi.clearScore(annotationId) : reviewApi.setScore(annotationId, { points: Number(next) }));
        saved.current = next;
        if (choice !== chosen.current) return;
        setStatus({ kind: "saved", message: next === "" ? "Score cleared" : "Saved" });
        // The page's totals and what waits to be released follow each score (they are the server's to count).
        router.refresh();
      } catch (caught) {
        if (choice !== chosen.current) return;
        setValue(saved.current);
        setStatus({ kind: "error", message: `Not saved: ${errorMessage(caught)}` });
      }
    });
  }

  return (
    <div className="review-score">
      <label htmlFor={id}>
        {label}
        {about && <span className="visually-hidden"> {about}</span>}
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} disabled={!isInteractive}>
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
