// POST /api/annotations/{id}/flags - flag an annotation of my group for its instructors: { "reason" }
import { ZFlagAnnotationSchema } from "@/lib/moderation/schemas";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";
import { flagAnnotation } from "@/server/moderation/flag-annotation";

type Context = { params: Promise<{ id: string }> };

export function POST(request: Request, context: Context) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readJson(request, ZFlagAnnotationSchema);
    return Response.json(await flagAnnotation(viewer, (await context.params).id, input), { status: 201 });
  });
}
