/**
 * What an assignment form (new, or edit) shows after a refusal: why, and everything that was typed,
 * so nothing has to be typed again (an independent check lost a whole form to "The due time must
 * come after the opening time"). Their server actions (server/assignments/actions.ts) answer with
 * it, for useActionState, which also works before the page's script runs.
 */
export type AssignmentFormState = { error: string | null; typed: Record<string, string> };

export const NOTHING_TYPED: AssignmentFormState = { error: null, typed: {} };
