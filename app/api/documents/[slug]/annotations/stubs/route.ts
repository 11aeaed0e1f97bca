// GET /api/documents/{slug}/annotations/stubs - every annotation I can see on the latest version, without its words (filters)
import { listAnnotationStubsContract } from "@/lib/api/contracts/annotations";
import { listAnnotationStubs } from "@/server/annotations/list-annotation-stubs";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ slug: string }> };

export const GET = apiRoute(listAnnotationStubsContract, (request, context: Context, { readQuery }) => {
  return handleRoute(async () => {
    const query = await readQuery();
    return Response.json(await listAnnotationStubs(await getRequestViewer(request, "read"), (await context.params).slug, query));
  });
});
