// DELETE /api/groups/{id}/removals/{userId} - the owner lets a removed person join again
import { letBackInContract } from "@/lib/api/contracts/groups";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { letBackIn } from "@/server/groups/let-back-in";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string; userId: string }> };

export const DELETE = apiRoute(letBackInContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const { id, userId } = await context.params;
    return Response.json(await letBackIn(await getRequestViewer(request, "write"), id, userId));
  });
});
