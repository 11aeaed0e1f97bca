import { z } from "zod";

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

export const ZMarkNotificationsReadSchema = z.union([
  z.object({ ids: z.array(z.string().min(1)).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type TMarkNotificationsReadSchema = z.infer<typeof ZMarkNotificationsReadSchema>;

export type NotificationDto = {
  id: string;
  kind: NotificationKind;
  actor: { id: string; name: string };
  createdAt: string;
  isRead: boolean;
  /** Null when the annotation is gone or no longer readable by the recipient (and for assignment kinds). */
  annotation: { quote: string; snippet: string; href: string } | null;
  /** For assignment kinds: null when the assignment is gone or no longer visible to the recipient. */
  assignment: { title: string; group: string; dueAt: string; href: string } | null;
};

export type NotificationPage = { items: NotificationDto[]; unreadCount: number };
