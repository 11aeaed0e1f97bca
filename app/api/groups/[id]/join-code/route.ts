// POST /api/groups/{id}/join-code - the owner regenerates the join code or switches it off
import { updateJoinCodeContract } from "@/lib/api/contracts/groups";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { updateJoinCode } from "@/server/groups/update-join-code";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const POST = apiRoute(updateJoinCodeContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const { action } = await readBody();
    return Response.json(await updateJoinCode(viewer, (await context.params).id, action), { headers: { "Cache-Control": "no-store" } });
  });
});
