// DELETE /api/tokens/{id} - revoke one of my personal API tokens
import { revokeApiTokenContract } from "@/lib/api/contracts/tokens";
import { requireSessionUser } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";
import { revokeApiToken } from "@/server/tokens/revoke-api-token";

type Context = { params: Promise<{ id: string }> };

export const DELETE = apiRoute(revokeApiTokenContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const user = await requireSessionUser(request);
    return Response.json(await revokeApiToken(user.id, (await context.params).id));
  });
});
