// POST /api/annotations/{id}/flags - flag an annotation of my group for its instructors: { "reason" }
import { flagAnnotationContract } from "@/lib/api/contracts/moderation";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";
import { flagAnnotation } from "@/server/moderation/flag-annotation";

type Context = { params: Promise<{ id: string }> };

export const POST = apiRoute(flagAnnotationContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json(await flagAnnotation(viewer, (await context.params).id, input), { status: 201 });
  });
});
