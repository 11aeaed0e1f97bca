import { defineContract } from "@/lib/api/contract";
import { ZNotificationPage, ZUnreadCount } from "@/lib/api/responses";
import { ZMarkNotificationsReadSchema } from "@/lib/notifications/schemas";

export const listNotificationsContract = defineContract({
  method: "GET",
  path: "/api/notifications",
  summary: "My notifications, newest first, with the unread count.",
  tag: "Notifications",
  auth: "read",
  responses: { 200: { description: "My notifications.", schema: ZNotificationPage } },
});

export const countUnreadNotificationsContract = defineContract({
  method: "GET",
  path: "/api/notifications/unread-count",
  summary: "How many of my notifications are unread: what the header shows, asked again while a page stays open.",
  tag: "Notifications",
  auth: "read",
  responses: { 200: { description: "How many are unread.", schema: ZUnreadCount } },
});

export const markNotificationsReadContract = defineContract({
  method: "POST",
  path: "/api/notifications/read",
  summary: 'Mark notifications read: { "ids": [...] } or { "all": true }.',
  tag: "Notifications",
  auth: "write",
  body: ZMarkNotificationsReadSchema,
  responses: { 200: { description: "How many are still unread.", schema: ZUnreadCount } },
});
