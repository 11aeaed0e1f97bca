/**
 * What the new-assignment form shows after a refusal: why, and everything that was typed, so
 * nothing has to be typed again (an independent check lost a whole form to "The due time must come
 * after the opening time"). Its server action (server/assignments/actions.ts) answers with it, for
 * useActionState, which also works before the page's script runs.
 */
export type CreateAssignmentState = { error: string | null; typed: Record<string, string> };

export const NOTHING_TYPED: CreateAssignmentState = { error: null, typed: {} };
