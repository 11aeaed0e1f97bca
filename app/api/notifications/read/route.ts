// POST /api/notifications/read - mark notifications read: { "ids": [...] } or { "all": true }
import { ZMarkNotificationsReadSchema } from "@/lib/notifications/schemas";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";
import { markNotificationsRead } from "@/server/notifications/mark-notifications-read";

export function POST(request: Request) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readJson(request, ZMarkNotificationsReadSchema);
    return Response.json(await markNotificationsRead(viewer, input));
  });
}
