// POST /api/annotations/move - move several of my annotations to another scope at once (all or nothing)
import { ZMoveAnnotationsSchema } from "@/lib/annotations/schemas";
import { moveAnnotations } from "@/server/annotations/move-annotations";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";

export function POST(request: Request) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readJson(request, ZMoveAnnotationsSchema);
    return Response.json({ items: await moveAnnotations(viewer, input) });
  });
}
