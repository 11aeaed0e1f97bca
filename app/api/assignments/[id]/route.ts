// GET    /api/assignments/{id} - one assignment (members once it opens, staff always)
// PATCH  /api/assignments/{id} - the staff edit, reorder, close or reopen it
// DELETE /api/assignments/{id} - the staff delete it and its grade overrides
import { deleteAssignmentContract, getAssignmentContract, updateAssignmentContract } from "@/lib/api/contracts/assignments";
import { deleteAssignment } from "@/server/assignments/delete-assignment";
import { getAssignment } from "@/server/assignments/get-assignment";
import { updateAssignment } from "@/server/assignments/update-assignment";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(getAssignmentContract, (request, context: Context) => {
  return handleRoute(async () => {
    const { permissions: _permissions, ...assignment } = await getAssignment(
      await getRequestViewer(request, "read"),
      (await context.params).id,
    );
    return Response.json(assignment);
  });
});

export const PATCH = apiRoute(updateAssignmentContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json(await updateAssignment(viewer, (await context.params).id, input));
  });
});

export const DELETE = apiRoute(deleteAssignmentContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    return Response.json(await deleteAssignment(await getRequestViewer(request, "write"), (await context.params).id));
  });
});
