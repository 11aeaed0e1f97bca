// POST /api/documents/{slug}/import - bring in annotations from a W3C Web Annotation or Hypothesis file (≤ 10 MB)
import { importAnnotationsContract } from "@/lib/api/contracts/annotations";
import { importAnnotations } from "@/server/annotations/import-annotations";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertCanAnnotate } from "@/server/authz/annotations";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ slug: string }> };

export const POST = apiRoute(importAnnotationsContract, (request, context: Context, { readUpload }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    // Before reading up to 10 MB: anonymous requests are refused for free.
    assertCanAnnotate(viewer);
    const file = await readUpload();
    const summary = await importAnnotations(viewer, (await context.params).slug, file);
    return Response.json(summary);
  });
});
