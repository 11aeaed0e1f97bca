import { namesAField, NOTHING_TO_CHANGE } from "@/lib/api/nothing-to-change";
import { DEFAULT_EXPECTATIONS, DEFAULT_GRADING, NO_QUESTION_MARKER } from "./default-rules";
import { withoutDirectionControls } from "@/lib/text/one-line-label";
import { hasVisibleCharacter } from "@/lib/text/visible";
import { z } from "zod";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { ZTagName } from "@/lib/annotations/schemas";
import { COUNT_MODES, GRADING_MODES, roundPoints } from "./grading";

export const MAX_ASSIGNMENT_TITLE_LENGTH = 200;
export const MAX_INSTRUCTIONS_LENGTH = 20_000;
export const MAX_EXPECTED = 100;
export const MAX_POINTS = 1000;

const ZDateTime = z.iso
  .datetime({ offset: true, error: "Give a date and time that exists, with its offset, e.g. 2026-12-01T17:00:00+01:00." })
  .transform((value) => new Date(value));
const ZCount = z
  .int("Expectations are whole numbers.")
  .min(0, `Expectations are from 0 to ${MAX_EXPECTED}.`)
  .max(MAX_EXPECTED, `Expectations are from 0 to ${MAX_EXPECTED}.`);

export const ZExpectations = z.object({
  annotations: ZCount.default(0),
  replies: ZCount.default(0),
  readPercent: z
    .int("readPercent is a whole percent.")
    .min(0)
    .max(100)
    .default(0)
    .meta({ description: "How far into the reading each student is expected to read (furthest paragraph seen), 0–100; 0: not graded." }),
});
/** What marks a thread as a question on the class insight heat map: a palette colour, a tag, or both (null: not used). */
export const ZQuestionMarker = z
  .object({
    color: z.enum(HIGHLIGHT_COLORS).nullable().default(null),
    tag: ZTagName.nullable().default(null),
  })
  .strict();
export const ZGrading = z.object({
  mode: z.enum(GRADING_MODES, { error: 'mode must be "all_or_nothing" or "scaled".' }).default("scaled"),
  points: z.int().min(0).max(MAX_POINTS).default(10),
  count: z.enum(COUNT_MODES, { error: 'count must be "cumulative" or "separate".' }).default("separate"),
  latePenaltyPercent: z.int().min(0).max(100).default(0),
  rubricPercent: z
    .int()
    .min(0)
    .max(100)
    .default(0)
    .meta({ description: "The share of the grade from the review page's rubric scores on the counted work (0: none)." }),
});

// Each refusal says its own reason, once: a schema-wide `error` answered a 10,000-character title
// with "Give the assignment a title.", and an empty one was told that twice.
const ZTitle = z
  .string({ error: "The title must be text." })
  .overwrite(withoutDirectionControls)
  .trim()
  .min(1, { error: "Give the assignment a title.", abort: true })
  .max(MAX_ASSIGNMENT_TITLE_LENGTH, { error: `Use at most ${MAX_ASSIGNMENT_TITLE_LENGTH} characters for the title.`, abort: true })
  .refine(hasVisibleCharacter, "Give the assignment a title people can see.");
const ZInstructions = z.string().max(MAX_INSTRUCTIONS_LENGTH, `Use at most ${MAX_INSTRUCTIONS_LENGTH} characters.`);

export const ZCreateAssignmentSchema = z
  .object({
    document: z.string().min(1, "Say which reading: its slug.").meta({ description: "The reading's slug." }),
    title: ZTitle,
    instructions: ZInstructions.default(""),
    opensAt: ZDateTime.optional().meta({ description: "When students see it; now when left out." }),
    dueAt: ZDateTime,
    expectations: ZExpectations.default(DEFAULT_EXPECTATIONS).meta({
      description: "Left out: 3 annotations and 2 replies, reading not graded (as the form proposes).",
    }),
    grading: ZGrading.default(DEFAULT_GRADING),
    questions: ZQuestionMarker.default(NO_QUESTION_MARKER),
  })
  .strict();
export type TCreateAssignmentSchema = z.output<typeof ZCreateAssignmentSchema>;

/**
 * An object schema for changing some of its fields: each optional, with no default. (Zod 4's
 * `.partial()` keeps a field's `.default()`, so a field left out of a PATCH would be reset.)
 */
function withoutDefaults<Shape extends Record<string, z.ZodDefault<z.ZodType>>>(schema: z.ZodObject<Shape>) {
  const shape = Object.fromEntries(Object.entries(schema.shape).map(([key, field]) => [key, field.unwrap().optional()]));
  return z.object(shape as { [Key in keyof Shape]: z.ZodOptional<ReturnType<Shape[Key]["unwrap"]>> });
}

export const ZUpdateAssignmentSchema = z
  .object({
    title: ZTitle.optional(),
    instructions: ZInstructions.optional(),
    opensAt: ZDateTime.optional(),
    dueAt: ZDateTime.optional(),
    expectations: withoutDefaults(ZExpectations).optional().meta({ description: "Change some expectations; a field left out stays." }),
    grading: withoutDefaults(ZGrading).optional().meta({ description: "Change some grading rules; a field left out stays." }),
    position: z.int().min(0).max(10_000).optional(),
    questions: z
      .object({ color: ZQuestionMarker.shape.color.unwrap().optional(), tag: ZQuestionMarker.shape.tag.unwrap().optional() })
      .strict()
      .optional()
      .meta({ description: "Change what marks a question; a field left out stays, null stops using it." }),
    closed: z.boolean().optional().meta({ description: "true closes it (later work stops counting); false opens it again." }),
    ifUnmodifiedSince: ZDateTime.optional().meta({
      description: "The `updatedAt` the edit was made against: if someone changed the assignment since, 409 and nothing is saved.",
    }),
    changeReleasedGrades: z.boolean().optional().meta({
      description:
        "Once grades are released, a change that gives any student a new grade is refused (409, naming them) unless this is true: students see their grade as it stands.",
    }),
  })
  .strict()
  .refine(({ ifUnmodifiedSince: _version, changeReleasedGrades: _consent, ...change }) => namesAField(change), NOTHING_TO_CHANGE);
export type TUpdateAssignmentSchema = z.output<typeof ZUpdateAssignmentSchema>;

/** The override a change was made against: its `at`, or "none" when the student had none. */
const ZOverrideVersion = z.union([ZDateTime, z.literal("none")]);

export const ZGradeOverrideSchema = z
  .object({
    points: z
      .number({ error: "Give the points as a number." })
      .min(0, `Give from 0 to ${MAX_POINTS} points.`)
      .max(MAX_POINTS, `Give from 0 to ${MAX_POINTS} points.`)
      // To the hundredth, as computed grades are (grading.ts): 1e-320 was stored as sent and exported as 0.
      .transform((points) => roundPoints(points)),
    reason: z.string().trim().min(1, "Say why the grade is overridden.").max(2000),
    ifUnmodifiedSince: ZOverrideVersion.optional().meta({
      description:
        'The override the change was made against: its `at`, or "none" when the student had none. If someone overrode the grade, or took the override back, since, 409 and nothing is saved.',
    }),
  })
  .strict();
export type TGradeOverrideSchema = z.output<typeof ZGradeOverrideSchema>;

/** `DELETE /api/assignments/{id}/grades/{userId}`'s query: a delete's precondition travels in the address, as an annotation's does. */
export const ZRemoveGradeOverrideQuery = z.object({
  ifUnmodifiedSince: ZOverrideVersion.optional().meta({
    description:
      'The override the page showed: its `at` (or "none"). If someone set or changed the grade since, 409 and the override stays; one already taken back answers as taking back none does.',
  }),
});
export type TRemoveGradeOverrideQuery = z.output<typeof ZRemoveGradeOverrideQuery>;

export const GRADEBOOK_FORMATS = ["canvas", "moodle", "plain"] as const;
export type GradebookFormat = (typeof GRADEBOOK_FORMATS)[number];
