// GET  /api/groups/{id}/invites - the group's live invitations (owner and instructors)
// POST /api/groups/{id}/invites - create an invitation link; the response is the only time it is shown
import { createInviteContract, listInvitesContract } from "@/lib/api/contracts/groups";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { createInvite } from "@/server/groups/create-invite";
import { listInvites } from "@/server/groups/list-invites";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute, publicOrigin } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(listInvitesContract, (request, context: Context) => {
  return handleRoute(async () =>
    Response.json({ items: await listInvites(await getRequestViewer(request, "read"), (await context.params).id) }),
  );
});

export const POST = apiRoute(createInviteContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    const { id, token, role, code, expiresAt } = await createInvite(viewer, (await context.params).id, input);
    const url = `${publicOrigin(request)}/invite/${token}`;
    return Response.json({ id, url, code, role, expiresAt }, { status: 201, headers: { "Cache-Control": "no-store" } });
  });
});
