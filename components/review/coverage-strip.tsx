import { coverageLabel } from "@/lib/review/coverage";

type Props = { engaged: readonly number[]; paragraphCount: number };

/**
 * One small cell per paragraph, filled where the student annotated, with the count beside it in
 * words; the label reads the same out loud.
 */
export function CoverageStrip({ engaged, paragraphCount }: Props) {
  const engagedSet = new Set(engaged);
  return (
    <div className="coverage">
      <div className="coverage-strip" role="img" aria-label={coverageLabel(engaged, paragraphCount)}>
        {Array.from({ length: paragraphCount }, (_, index) => (
          <span
            key={index}
            className={engagedSet.has(index) ? "coverage-strip__cell coverage-strip__cell--engaged" : "coverage-strip__cell"}
            title={`Paragraph ${index + 1}: ${engagedSet.has(index) ? "annotated" : "not annotated"}`}
          />
        ))}
      </div>
      <span className="coverage__count" aria-hidden="true">
        {engaged.length} of {paragraphCount} paragraphs
      </span>
    </div>
  );
}

/** The key to the strips, under the column's heading: what a cell and a filled cell stand for. */
export function CoverageLegend() {
  return (
    <span className="coverage-legend">
      <span>
        <span className="coverage-strip__cell coverage-strip__cell--engaged" aria-hidden="true" /> annotated paragraph
      </span>
      <span>
        <span className="coverage-strip__cell" aria-hidden="true" /> not yet
      </span>
    </span>
  );
}
