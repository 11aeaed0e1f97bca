// GET  /api/documents/{slug}/annotations - annotations on a document visible to me (filters, cursor)
// POST /api/documents/{slug}/annotations - highlight or annotate a passage
import { ZCreateAnnotationSchema, ZListAnnotationsQuery } from "@/lib/annotations/schemas";
import { createAnnotation } from "@/server/annotations/create-annotation";
import { listAnnotations } from "@/server/annotations/list-annotations";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";

type Context = { params: Promise<{ slug: string }> };

export function GET(request: Request, context: Context) {
  return handleRoute(async () => {
    const query = ZListAnnotationsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    const page = await listAnnotations(await getRequestViewer(request, "read"), (await context.params).slug, query);
    return Response.json(page);
  });
}

export function POST(request: Request, context: Context) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readJson(request, ZCreateAnnotationSchema);
    const annotation = await createAnnotation(viewer, (await context.params).slug, input);
    return Response.json(annotation, { status: 201 });
  });
}
