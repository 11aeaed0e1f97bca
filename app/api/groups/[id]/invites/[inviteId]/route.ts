// DELETE /api/groups/{id}/invites/{inviteId} - withdraw an invitation (owner and instructors)
import { revokeInviteContract } from "@/lib/api/contracts/groups";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { revokeInvite } from "@/server/groups/revoke-invite";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string; inviteId: string }> };

export const DELETE = apiRoute(revokeInviteContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const { id, inviteId } = await context.params;
    return Response.json(await revokeInvite(await getRequestViewer(request, "write"), id, inviteId));
  });
});
