// POST /api/annotations/{id}/undelete - the author undoes a delete, within the undo window
import { undoDeleteAnnotationContract } from "@/lib/api/contracts/annotations";
import { undoDelete } from "@/server/annotations/undo-delete";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const POST = apiRoute(undoDeleteAnnotationContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    return Response.json(await undoDelete(await getRequestViewer(request, "write"), (await context.params).id));
  });
});
