// GET /api/notifications/unread-count - how many of my notifications are unread (the header's count)
import { countUnreadNotificationsContract } from "@/lib/api/contracts/notifications";
import { AppError } from "@/lib/errors";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { countUnreadNotificationsNow } from "@/server/assignments/assignment-notifications";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

export const GET = apiRoute(countUnreadNotificationsContract, (request) => {
  return handleRoute(async () => {
    const viewer = await getRequestViewer(request, "read");
    if (!viewer) throw new AppError("UNAUTHENTICATED", "Sign in to see your notifications.");
    return Response.json({ unreadCount: await countUnreadNotificationsNow(viewer) });
  });
});
