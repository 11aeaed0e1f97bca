// PUT    /api/annotations/{id}/helpful - mark a group peer's annotation helpful
// DELETE /api/annotations/{id}/helpful - take the mark back
import { markHelpfulContract, unmarkHelpfulContract } from "@/lib/api/contracts/moderation";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";
import { markHelpful } from "@/server/moderation/mark-helpful";
import { unmarkHelpful } from "@/server/moderation/unmark-helpful";

type Context = { params: Promise<{ id: string }> };

export const PUT = apiRoute(markHelpfulContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    return Response.json(await markHelpful(await getRequestViewer(request, "write"), (await context.params).id));
  });
});

export const DELETE = apiRoute(unmarkHelpfulContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    return Response.json(await unmarkHelpful(await getRequestViewer(request, "write"), (await context.params).id));
  });
});
