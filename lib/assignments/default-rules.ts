/**
 * What an assignment expects and how it grades unless told otherwise: the new-assignment form
 * proposes these and the API takes them for what a request leaves out (expecting nothing gave
 * every student full marks for nothing). Kept apart from the schemas so the form need not bring zod.
 */
export const DEFAULT_EXPECTATIONS = { annotations: 3, replies: 2, readPercent: 0 } as const;
export const DEFAULT_GRADING = { mode: "scaled", points: 10, count: "separate", latePenaltyPercent: 0, rubricPercent: 0 } as const;
export const NO_QUESTION_MARKER = { color: null, tag: null } as const;
