import { z } from "zod";
import { isRubricPoints, type RubricPoints } from "./rubric";

/** A score as the API takes it (the rubric itself, ./rubric.ts, stays free of zod for the browser). */
export const ZSetScoreSchema = z.object({
  points: z
    .number({ error: "points must be 0, 1, 2 or 3." })
    .refine(isRubricPoints, { message: "points must be 0 (Not yet), 1 (Developing), 2 (Proficient) or 3 (Exemplary)." })
    .transform((points) => points as RubricPoints),
});
export type TSetScoreSchema = z.infer<typeof ZSetScoreSchema>;
