import { z } from "zod";

export const NOTIFICATION_KINDS = ["reply", "mention", "flag", "feedback"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

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
  /** Null when the annotation is gone or no longer readable by the recipient. */
  annotation: { quote: string; snippet: string; href: string } | null;
};

export type NotificationPage = { items: NotificationDto[]; unreadCount: number };
