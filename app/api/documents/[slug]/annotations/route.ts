// GET  /api/documents/{slug}/annotations - annotations on a document visible to me (filters, cursor)
// POST /api/documents/{slug}/annotations - highlight or annotate a passage
import { createAnnotationContract, listAnnotationsContract } from "@/lib/api/contracts/annotations";
import { createAnnotation } from "@/server/annotations/create-annotation";
import { listAnnotations } from "@/server/annotations/list-annotations";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ slug: string }> };

export const GET = apiRoute(listAnnotationsContract, (request, context: Context, { readQuery }) => {
  return handleRoute(async () => {
    const query = await readQuery();
    const page = await listAnnotations(await getRequestViewer(request, "read"), (await context.params).slug, query);
    return Response.json(page);
  });
});

export const POST = apiRoute(createAnnotationContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    const annotation = await createAnnotation(viewer, (await context.params).slug, input);
    return Response.json(annotation, { status: 201 });
  });
});
