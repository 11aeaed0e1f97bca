// PATCH  /api/groups/{id}/members/{userId} - the owner makes a member an instructor or back
// DELETE /api/groups/{id}/members/{userId} - the owner removes a member, or a member leaves
import { removeMemberContract, updateMemberRoleContract } from "@/lib/api/contracts/groups";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { removeMember } from "@/server/groups/remove-member";
import { updateMemberRole } from "@/server/groups/update-member-role";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string; userId: string }> };

export const PATCH = apiRoute(updateMemberRoleContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    const { id, userId } = await context.params;
    return Response.json(await updateMemberRole(viewer, id, userId, input));
  });
});

export const DELETE = apiRoute(removeMemberContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const { id, userId } = await context.params;
    return Response.json(await removeMember(await getRequestViewer(request, "write"), id, userId));
  });
});
