// GET  /api/groups - my groups, with my role and member count (the join code where I hand it out)
// POST /api/groups - create a group; I become its owner
import { createGroupContract, listMyGroupsContract } from "@/lib/api/contracts/groups";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { createGroup } from "@/server/groups/create-group";
import { listMyGroups } from "@/server/groups/list-my-groups";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

export const GET = apiRoute(listMyGroupsContract, (request) => {
  return handleRoute(async () => Response.json({ items: await listMyGroups(await getRequestViewer(request, "read")) }));
});

export const POST = apiRoute(createGroupContract, (request, _context: unknown, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json(await createGroup(viewer, input), { status: 201 });
  });
});
