// GET   /api/groups/{id} - a group I am a member of
// PATCH /api/groups/{id} - the owner changes name, description, hideUntilPostCount, scoreRelease or timeZone
import { getGroupContract, updateGroupContract } from "@/lib/api/contracts/groups";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { getGroup } from "@/server/groups/get-group";
import { updateGroup } from "@/server/groups/update-group";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(getGroupContract, (request, context: Context) => {
  return handleRoute(async () => Response.json(await getGroup(await getRequestViewer(request, "read"), (await context.params).id)));
});

export const PATCH = apiRoute(updateGroupContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json(await updateGroup(viewer, (await context.params).id, input));
  });
});
