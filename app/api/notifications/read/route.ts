// POST /api/notifications/read - mark notifications read: { "ids": [...] } or { "all": true, "upTo"?: date-time }
import { markNotificationsReadContract } from "@/lib/api/contracts/notifications";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";
import { markNotificationsRead } from "@/server/notifications/mark-notifications-read";

export const POST = apiRoute(markNotificationsReadContract, (request, _context: unknown, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json(await markNotificationsRead(viewer, input));
  });
});
