// POST /api/documents/{slug}/import - bring in annotations from a W3C Web Annotation or Hypothesis file (≤ 10 MB)
import { importAnnotations } from "@/server/annotations/import-annotations";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertCanAnnotate } from "@/server/authz/annotations";
import { readJsonFile } from "@/server/http/read-json-file";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ slug: string }> };

export function POST(request: Request, context: Context) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    // Before reading up to 10 MB: anonymous requests are refused for free.
    assertCanAnnotate(viewer);
    const file = await readJsonFile(request);
    const summary = await importAnnotations(viewer, (await context.params).slug, file);
    return Response.json(summary);
  });
}
