import { z } from "zod";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { ZReadingProgressDto } from "@/lib/reading-progress/schemas";
import { COUNT_MODES, GRADING_MODES, PROGRESS_STATUSES } from "./grading";

/**
 * What the assignment routes answer, as JSON on the wire. The server builds exactly these types
 * (dates already as ISO strings), so the documented shape and the real one cannot drift.
 */

const ZDateTime = z.iso.datetime({ offset: true });
const ZCounts = z.object({ annotations: z.int(), replies: z.int() });

export const ZAssignmentDto = z.object({
  id: z.string(),
  group: z.object({ id: z.string(), name: z.string() }),
  document: z.object({ slug: z.string(), title: z.string() }),
  title: z.string(),
  instructions: z.string().meta({ description: "Markdown source." }),
  opensAt: ZDateTime,
  dueAt: ZDateTime,
  closedAt: ZDateTime.nullable(),
  updatedAt: ZDateTime.meta({ description: "When it was last changed: send it back as an edit's `ifUnmodifiedSince`." }),
  position: z.int(),
  expectations: ZCounts.extend({ readPercent: z.int().meta({ description: "Percent of the reading expected read; 0: not graded." }) }),
  questions: z
    .object({ color: z.enum(HIGHLIGHT_COLORS).nullable(), tag: z.string().nullable() })
    .meta({ description: "What marks a thread as a question on the class insight (staff)." }),
  grading: z.object({
    mode: z.enum(GRADING_MODES),
    points: z.int(),
    count: z.enum(COUNT_MODES),
    latePenaltyPercent: z.int(),
    rubricPercent: z.int().meta({ description: "The share of the grade from rubric scores." }),
  }),
  gradesReleasedAt: ZDateTime.nullable(),
});
export type AssignmentDto = z.output<typeof ZAssignmentDto>;

export const ZProgressDto = z.object({
  student: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(PROGRESS_STATUSES),
  counts: ZCounts.meta({ description: "Annotations and replies that count, on time and late." }),
  late: ZCounts.meta({
    description: "Of those, the ones handed in (made in the group, moved into it, or their text rewritten) after the due time.",
  }),
  remaining: z.object({ annotations: z.int(), replies: z.int(), either: z.int(), readPercent: z.int() }),
  remainingText: z.string().meta({ description: 'What is still expected, e.g. "1 more reply"; empty when nothing is.' }),
  reading: ZReadingProgressDto.nullable().meta({
    description: "How far the student has read and for how long; null where the server does not record reading (READING_PROGRESS=off).",
  }),
});
export type ProgressDto = z.output<typeof ZProgressDto>;

export const ZGradeDto = ZProgressDto.extend({
  email: z.string().nullable().meta({ description: "For the group's staff; null for a student reading their own." }),
  computed: z.number(),
  rubric: z.number().nullable().meta({ description: "The mean rubric score (0–3) of the counted work that has one." }),
  grade: z.number().meta({ description: "The override's points when there is one, else the computed grade." }),
  points: z.int().meta({ description: "Out of." }),
  override: z
    .object({
      points: z.number(),
      reason: z.string(),
      by: z.string().nullable(),
      at: ZDateTime.meta({ description: "When it was last set: send it back as a new override's `ifUnmodifiedSince`." }),
    })
    .nullable(),
  released: z
    .object({
      points: z.number(),
      at: ZDateTime,
    })
    .nullable()
    .meta({
      description:
        "For the group's staff: the grade as it stood at the last release of grades (grades stay live after a release: work posted, " +
        "edited or deleted since, or an override, moves `grade` from it). Null before a release, for a student who joined since, " +
        "for grades released before this was recorded, and for a student reading their own.",
    }),
});
export type GradeDto = z.output<typeof ZGradeDto>;

export const ZAssignmentList = z.object({ assignments: z.array(ZAssignmentDto) });
export const ZProgressList = z.object({ progress: z.array(ZProgressDto) });
export const ZGradeList = z.object({ released: z.boolean(), grades: z.array(ZGradeDto) });

export const ZMyAssignmentDto = ZAssignmentDto.extend({
  progress: ZProgressDto,
  grade: z.number().nullable().meta({ description: "Null until grades are released." }),
});
export type MyAssignmentDto = z.output<typeof ZMyAssignmentDto>;
export const ZMyAssignmentList = z.object({ assignments: z.array(ZMyAssignmentDto) });

export const ZReleaseGradesResult = z.object({ gradesReleasedAt: ZDateTime });
export const ZDeleteAssignmentResult = z.object({ deleted: z.string(), overridesDeleted: z.int() });
