// GET  /api/groups/{id}/assignments - a group's assignments in order (the opened ones for members)
// POST /api/groups/{id}/assignments - the owner or an instructor assigns a reading
import { createAssignmentContract, listGroupAssignmentsContract } from "@/lib/api/contracts/assignments";
import { createAssignment } from "@/server/assignments/create-assignment";
import { listGroupAssignments } from "@/server/assignments/list-group-assignments";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(listGroupAssignmentsContract, (request, context: Context) => {
  return handleRoute(async () => {
    const viewer = await getRequestViewer(request, "read");
    return Response.json({ assignments: await listGroupAssignments(viewer, (await context.params).id) });
  });
});

export const POST = apiRoute(createAssignmentContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json(await createAssignment(viewer, (await context.params).id, input), { status: 201 });
  });
});
