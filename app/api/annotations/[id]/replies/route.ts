// POST /api/annotations/{id}/replies - reply in an annotation's thread
import { ZCreateReplySchema } from "@/lib/annotations/schemas";
import { createReply } from "@/server/annotations/create-reply";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export function POST(request: Request, context: Context) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readJson(request, ZCreateReplySchema);
    return Response.json(await createReply(viewer, (await context.params).id, input), { status: 201 });
  });
}
