// GET  /api/invites/{token} - what an invitation leads to: the group's name and the role it grants
// POST /api/invites/{token} - join that group with that role (idempotent); 410 when expired or withdrawn
import { getInviteContract, joinByInviteContract } from "@/lib/api/contracts/groups";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { getInvite } from "@/server/groups/get-invite";
import { joinByInvite } from "@/server/groups/join-by-invite";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ token: string }> };

export const GET = apiRoute(getInviteContract, (request, context: Context) => {
  return handleRoute(async () => {
    const { groupName, role, expiresAt, myRole } = await getInvite(await getRequestViewer(request, "read"), (await context.params).token);
    return Response.json({ groupName, role, expiresAt, myRole }, { headers: { "Cache-Control": "no-store" } });
  });
});

export const POST = apiRoute(joinByInviteContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    return Response.json(await joinByInvite(await getRequestViewer(request, "write"), (await context.params).token));
  });
});
