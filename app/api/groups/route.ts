// GET  /api/groups - my groups, with my role and member count (the join code where I hand it out)
// POST /api/groups - create a group; I become its owner
import { ZCreateGroupSchema } from "@/lib/groups/schemas";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { createGroup } from "@/server/groups/create-group";
import { listMyGroups } from "@/server/groups/list-my-groups";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";

export function GET(request: Request) {
  return handleRoute(async () => Response.json({ items: await listMyGroups(await getRequestViewer(request, "read")) }));
}

export function POST(request: Request) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readJson(request, ZCreateGroupSchema);
    return Response.json(await createGroup(viewer, input), { status: 201 });
  });
}
