// DELETE /api/tokens/{id} - revoke one of my personal API tokens
import { requireSessionUser } from "@/server/auth/request-viewer";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";
import { revokeApiToken } from "@/server/tokens/revoke-api-token";

type Context = { params: Promise<{ id: string }> };

export function DELETE(request: Request, context: Context) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const user = await requireSessionUser(request);
    return Response.json(await revokeApiToken(user.id, (await context.params).id));
  });
}
