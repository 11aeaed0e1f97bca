// The kinds of notification, without zod: client components import them (the first-load budget,
// README "JavaScript budget"); lib/notifications/schemas.ts re-exports them for the server.

/** Kinds about an annotation (`annotationId`). */
export const ANNOTATION_NOTIFICATION_KINDS = ["reply", "mention", "flag", "feedback"] as const;
/**
 * Kinds about an assignment (`assignmentId`): it opened, it is due within a day and I am not done,
 * my grade is released, an instructor gave feedback on my grade. At most one each per person and
 * assignment (new feedback marks the one there unread again).
 */
export const ASSIGNMENT_NOTIFICATION_KINDS = ["assignment_opened", "assignment_due_soon", "grade_released", "grade_feedback"] as const;
export const NOTIFICATION_KINDS = [...ANNOTATION_NOTIFICATION_KINDS, ...ASSIGNMENT_NOTIFICATION_KINDS] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type AnnotationNotificationKind = (typeof ANNOTATION_NOTIFICATION_KINDS)[number];
export type AssignmentNotificationKind = (typeof ASSIGNMENT_NOTIFICATION_KINDS)[number];

export function isAssignmentNotificationKind(kind: string): kind is AssignmentNotificationKind {
  return (ASSIGNMENT_NOTIFICATION_KINDS as readonly string[]).includes(kind);
}
