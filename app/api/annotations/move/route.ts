// POST /api/annotations/move - move several of my annotations to another scope at once (all or nothing)
import { moveAnnotationsContract } from "@/lib/api/contracts/annotations";
import { moveAnnotations } from "@/server/annotations/move-annotations";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

export const POST = apiRoute(moveAnnotationsContract, (request, _context: unknown, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json({ items: await moveAnnotations(viewer, input) });
  });
});
