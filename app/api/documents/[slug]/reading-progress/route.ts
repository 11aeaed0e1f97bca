// POST /api/documents/{slug}/reading-progress - the reading page's batch: furthest paragraph seen, active seconds of this page view
import { recordReadingProgressContract } from "@/lib/api/contracts/reading-progress";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";
import { recordReadingProgress } from "@/server/reading-progress/record-reading-progress";

type Context = { params: Promise<{ slug: string }> };

export const POST = apiRoute(recordReadingProgressContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    await recordReadingProgress(viewer, (await context.params).slug, input);
    return new Response(null, { status: 204 });
  });
});
