// GET   /api/groups/{id} - a group I am a member of
// PATCH /api/groups/{id} - the owner changes name, description or hideUntilPostCount
import { ZUpdateGroupSchema } from "@/lib/groups/schemas";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { getGroup } from "@/server/groups/get-group";
import { updateGroup } from "@/server/groups/update-group";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export function GET(request: Request, context: Context) {
  return handleRoute(async () => Response.json(await getGroup(await getRequestViewer(request, "read"), (await context.params).id)));
}

export function PATCH(request: Request, context: Context) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readJson(request, ZUpdateGroupSchema);
    return Response.json(await updateGroup(viewer, (await context.params).id, input));
  });
}
