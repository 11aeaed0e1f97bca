// PATCH  /api/groups/{id}/members/{userId} - the owner makes a member an instructor or back
// DELETE /api/groups/{id}/members/{userId} - the owner removes a member, or a member leaves
import { ZUpdateMemberRoleSchema } from "@/lib/groups/schemas";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { removeMember } from "@/server/groups/remove-member";
import { updateMemberRole } from "@/server/groups/update-member-role";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";

type Context = { params: Promise<{ id: string; userId: string }> };

export function PATCH(request: Request, context: Context) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readJson(request, ZUpdateMemberRoleSchema);
    const { id, userId } = await context.params;
    return Response.json(await updateMemberRole(viewer, id, userId, input));
  });
}

export function DELETE(request: Request, context: Context) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const { id, userId } = await context.params;
    return Response.json(await removeMember(await getRequestViewer(request, "write"), id, userId));
  });
}
