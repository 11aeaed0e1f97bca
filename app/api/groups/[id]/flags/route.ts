// GET /api/groups/{id}/flags - the group's open flags, for its instructors and owner
import { listGroupFlagsContract } from "@/lib/api/contracts/moderation";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";
import { listFlags } from "@/server/moderation/list-flags";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(listGroupFlagsContract, (request, context: Context) => {
  return handleRoute(async () => {
    const viewer = await getRequestViewer(request, "read");
    return Response.json({ items: await listFlags(viewer, (await context.params).id) });
  });
});
