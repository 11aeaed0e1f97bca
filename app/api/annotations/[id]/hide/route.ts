// POST   /api/annotations/{id}/hide - hide a thread (its group's staff) or a reply (its thread's moderators)
// DELETE /api/annotations/{id}/hide - restore it
import { hideAnnotationContract, restoreAnnotationContract } from "@/lib/api/contracts/moderation";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";
import { hideAnnotation } from "@/server/moderation/hide-annotation";
import { restoreAnnotation } from "@/server/moderation/restore-annotation";

type Context = { params: Promise<{ id: string }> };

export const POST = apiRoute(hideAnnotationContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    return Response.json(await hideAnnotation(await getRequestViewer(request, "write"), (await context.params).id));
  });
});

export const DELETE = apiRoute(restoreAnnotationContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    return Response.json(await restoreAnnotation(await getRequestViewer(request, "write"), (await context.params).id));
  });
});
