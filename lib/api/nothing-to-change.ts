/**
 * A PATCH that names no field changes nothing and is refused (400) with this message, on every
 * route alike: the annotations route refused `{}` while the groups and readings routes answered 200.
 */
export const NOTHING_TO_CHANGE = "Nothing to change: send at least one field.";

/** Whether an update names at least one field (one set to undefined names nothing). */
export function namesAField(update: object): boolean {
  return Object.values(update).some((value) => value !== undefined);
}
