// GET /api/notifications - my notifications, newest first, with the unread count
import { listNotificationsContract } from "@/lib/api/contracts/notifications";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";
import { listNotificationsNow } from "@/server/assignments/assignment-notifications";

export const GET = apiRoute(listNotificationsContract, (request) => {
  return handleRoute(async () => Response.json(await listNotificationsNow(await getRequestViewer(request, "read"))));
});
