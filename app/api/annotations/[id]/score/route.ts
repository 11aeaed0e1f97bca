// PUT /api/annotations/{id}/score - an instructor scores a group annotation on the rubric · DELETE - clears the score
import { ZSetScoreSchema } from "@/lib/review/rubric";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";
import { setScore } from "@/server/review/set-score";

type Context = { params: Promise<{ id: string }> };

export function PUT(request: Request, context: Context) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const { points } = await readJson(request, ZSetScoreSchema);
    return Response.json(await setScore(viewer, (await context.params).id, points));
  });
}

export function DELETE(request: Request, context: Context) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    return Response.json(await setScore(viewer, (await context.params).id, null));
  });
}
