/**
 * What an assignment expects of each student unless told otherwise: the form proposes it and the API
 * takes it when `expectations` is left out (expecting nothing gave every student full marks for nothing).
 * Kept apart from the schemas so the form need not bring zod.
 */
export const DEFAULT_EXPECTATIONS = { annotations: 3, replies: 2, readPercent: 0 } as const;
