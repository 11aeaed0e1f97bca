// GET /api/notifications - my notifications, newest first, with the unread count
import { getRequestViewer } from "@/server/auth/request-viewer";
import { handleRoute } from "@/server/http/respond";
import { listNotifications } from "@/server/notifications/list-notifications";

export function GET(request: Request) {
  return handleRoute(async () => Response.json(await listNotifications(await getRequestViewer(request, "read"))));
}
