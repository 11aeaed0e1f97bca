/**
 * Where an annotation stands on a version of its document: `anchored` (its position selector holds),
 * `relocated` (found again by its words), `orphaned` (no place good enough: never painted).
 */
export const ANCHOR_STATUSES = ["anchored", "relocated", "orphaned"] as const;

export type AnchorStatus = (typeof ANCHOR_STATUSES)[number];
