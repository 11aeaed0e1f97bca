// PUT /api/annotations/{id}/score - an instructor scores a group annotation on the rubric · DELETE - clears the score
import { clearScoreContract, setScoreContract } from "@/lib/api/contracts/moderation";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";
import { setScore } from "@/server/review/set-score";

type Context = { params: Promise<{ id: string }> };

export const PUT = apiRoute(setScoreContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const { points } = await readBody();
    return Response.json(await setScore(viewer, (await context.params).id, points));
  });
});

export const DELETE = apiRoute(clearScoreContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    return Response.json(await setScore(viewer, (await context.params).id, null));
  });
});
