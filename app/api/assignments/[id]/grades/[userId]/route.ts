// PUT /api/assignments/{id}/grades/{userId} - the staff override one student's grade, with a reason
// DELETE /api/assignments/{id}/grades/{userId} - the staff take the override back (?ifUnmodifiedSince=<its at>)
import { removeGradeOverrideContract, setGradeOverrideContract } from "@/lib/api/contracts/assignments";
import { removeGradeOverride, setGradeOverride } from "@/server/assignments/set-grade-override";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string; userId: string }> };

export const PUT = apiRoute(setGradeOverrideContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    const { id, userId } = await context.params;
    return Response.json(await setGradeOverride(viewer, id, userId, input));
  });
});

export const DELETE = apiRoute(removeGradeOverrideContract, (request, context: Context, { readQuery }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const { id, userId } = await context.params;
    return Response.json(await removeGradeOverride(viewer, id, userId, await readQuery()));
  });
});
