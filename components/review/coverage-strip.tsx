import { coverageLabel } from "@/lib/review/coverage";

type Props = { engaged: readonly number[]; paragraphCount: number };

/** One small cell per paragraph, filled where the student annotated; the label reads the same out loud. */
export function CoverageStrip({ engaged, paragraphCount }: Props) {
  const engagedSet = new Set(engaged);
  return (
    <div className="coverage-strip" role="img" aria-label={coverageLabel(engaged, paragraphCount)}>
      {Array.from({ length: paragraphCount }, (_, index) => (
        <span
          key={index}
          className={engagedSet.has(index) ? "coverage-strip__cell coverage-strip__cell--engaged" : "coverage-strip__cell"}
          title={`Paragraph ${index + 1}: ${engagedSet.has(index) ? "engaged" : "not engaged"}`}
        />
      ))}
    </div>
  );
}
