// POST /api/annotations/{id}/replies - reply in an annotation's thread
import { createReplyContract } from "@/lib/api/contracts/annotations";
import { createReply } from "@/server/annotations/create-reply";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const POST = apiRoute(createReplyContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json(await createReply(viewer, (await context.params).id, input), { status: 201 });
  });
});
