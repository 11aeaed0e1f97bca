import "server-only";
import type { AssignmentDto } from "@/lib/assignments/responses";
import { COUNT_MODES, GRADING_MODES, type CountMode, type GradingMode, type GradingRules } from "@/lib/assignments/grading";
import { isHighlightColor } from "@/lib/annotations/colors";
import { db, type Prisma } from "@/server/db/client";

/** Every column an assignment's DTO, its grading rules and its authorization read. */
export const ASSIGNMENT_SELECT = {
  id: true,
  groupId: true,
  documentId: true,
  title: true,
  instructions: true,
  opensAt: true,
  dueAt: true,
  closedAt: true,
  updatedAt: true,
  position: true,
  expectedAnnotations: true,
  expectedReplies: true,
  gradingMode: true,
  points: true,
  countMode: true,
  latePenaltyPercent: true,
  rubricPercent: true,
  gradesReleasedAt: true,
  expectedReadPercent: true,
  questionColor: true,
  questionTag: true,
  group: { select: { id: true, name: true } },
  document: { select: { slug: true, title: true } },
} as const satisfies Prisma.AssignmentSelect;

export type AssignmentRow = Prisma.AssignmentGetPayload<{ select: typeof ASSIGNMENT_SELECT }>;

export function selectAssignment(id: string): Promise<AssignmentRow | null> {
  return db.assignment.findUnique({ where: { id }, select: ASSIGNMENT_SELECT });
}

// Unknown stored values fall back to the defaults the column has (fail to the documented default).
const gradingMode = (value: string): GradingMode =>
  (GRADING_MODES as readonly string[]).includes(value) ? (value as GradingMode) : "scaled";
const countMode = (value: string): CountMode => ((COUNT_MODES as readonly string[]).includes(value) ? (value as CountMode) : "separate");

export function gradingRules(row: AssignmentRow): GradingRules {
  return {
    expectedAnnotations: row.expectedAnnotations,
    expectedReplies: row.expectedReplies,
    gradingMode: gradingMode(row.gradingMode),
    points: row.points,
    countMode: countMode(row.countMode),
    latePenaltyPercent: row.latePenaltyPercent,
    dueAt: row.dueAt,
    closedAt: row.closedAt,
    expectedReadPercent: row.expectedReadPercent,
    rubricPercent: row.rubricPercent,
  };
}

export function toAssignmentDto(row: AssignmentRow): AssignmentDto {
  const rules = gradingRules(row);
  return {
    id: row.id,
    group: row.group,
    document: row.document,
    title: row.title,
    instructions: row.instructions,
    opensAt: row.opensAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    position: row.position,
    expectations: { annotations: row.expectedAnnotations, replies: row.expectedReplies, readPercent: row.expectedReadPercent },
    questions: { color: isHighlightColor(row.questionColor) ? row.questionColor : null, tag: row.questionTag },
    grading: {
      mode: rules.gradingMode,
      points: row.points,
      count: rules.countMode,
      latePenaltyPercent: row.latePenaltyPercent,
      rubricPercent: row.rubricPercent,
    },
    gradesReleasedAt: row.gradesReleasedAt?.toISOString() ?? null,
  };
}
