// Part of the API client (components/api/api-client.ts: its errors, wording and requests), kept
// apart so that pages which make none of these requests, the reading page among them, do not load them.
import type { z } from "zod";
import type { ZMarkNotificationsReadSchema } from "@/lib/notifications/schemas";
import { call } from "./api-client";

export const notificationsApi = {
  markRead: (selection: z.input<typeof ZMarkNotificationsReadSchema>) =>
    call<{ unreadCount: number }>("POST", "/api/notifications/read", { json: selection }),
};
