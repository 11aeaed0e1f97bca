import type { AssignmentDto, GradeDto } from "./responses";

/**
 * How a student's computed grade was made, beyond the counts their page shows: their work handed
 * in late and what that cost, and their rubric mean where rubric scores are a share of the grade
 * (the staff see both beside the grade). Empty when neither applies.
 */
export function describeGradeParts(grade: Pick<GradeDto, "late" | "rubric">, grading: AssignmentDto["grading"]): string {
  const { annotations, replies } = grade.late;
  const late = [
    annotations > 0 ? `${annotations} annotation${annotations === 1 ? "" : "s"}` : "",
    replies > 0 ? `${replies} ${replies === 1 ? "reply" : "replies"}` : "",
  ].filter(Boolean);
  const parts = [
    late.length > 0 && grading.latePenaltyPercent > 0
      ? `Handed in late: ${late.join(" and ")}, which ${annotations + replies === 1 ? "loses" : "lose"} ${grading.latePenaltyPercent} % of what ${annotations + replies === 1 ? "it adds" : "they add"}.`
      : "",
    grading.rubricPercent > 0
      ? grade.rubric === null
        ? `Rubric scores (${grading.rubricPercent} % of the grade): none of your work has one yet.`
        : `Rubric scores (${grading.rubricPercent} % of the grade): your scored work averages ${grade.rubric} of 3.`
      : "",
  ];
  return parts.filter(Boolean).join(" ");
}
