// GET /api/groups/{id}/flags - the group's open flags, for its instructors and owner
import { getRequestViewer } from "@/server/auth/request-viewer";
import { handleRoute } from "@/server/http/respond";
import { listFlags } from "@/server/moderation/list-flags";

type Context = { params: Promise<{ id: string }> };

export function GET(request: Request, context: Context) {
  return handleRoute(async () => {
    const viewer = await getRequestViewer(request, "read");
    return Response.json({ items: await listFlags(viewer, (await context.params).id) });
  });
}
