import { z } from "zod";
import type { NotificationKind } from "./kinds";

export {
  ANNOTATION_NOTIFICATION_KINDS,
  ASSIGNMENT_NOTIFICATION_KINDS,
  NOTIFICATION_KINDS,
  isAssignmentNotificationKind,
  type AnnotationNotificationKind,
  type AssignmentNotificationKind,
  type NotificationKind,
} from "./kinds";
const IDS_COUNT = 'Send 1 to 500 notification ids in "ids" (or { "all": true }).';
export const ZMarkNotificationsReadSchema = z.union(
  [
    z.object({ ids: z.array(z.string().min(1)).min(1, IDS_COUNT).max(500, IDS_COUNT) }).strict(),
    z
      .object({
        all: z.literal(true),
        // "Mark all as read" on a page drawn a while ago: what arrived since was never seen, and stays unread.
        upTo: z.iso
          .datetime({ offset: true })
          .optional()
          .meta({ description: "Only those created at or before this time (the newest one the reader was shown)." }),
      })
      .strict(),
  ],
  // Which of the two was meant is not known: say what to send ("Invalid input" said nothing).
  { error: 'Send { "ids": [...] } with 1 to 500 notification ids, or { "all": true } (optionally with "upTo": a date-time).' },
);
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
